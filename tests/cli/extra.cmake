# measure --compare is tested against the fake NVML library built for the measure tests.
add_dependencies(test_cli infergy_fake_nvml)
target_compile_definitions(test_cli PRIVATE INFERGY_FAKE_NVML="$<TARGET_FILE:infergy_fake_nvml>")
# The many-models and completeness tests build small models with ONNX's protobuf classes.
target_link_libraries(test_cli PRIVATE onnx)
