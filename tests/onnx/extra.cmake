# The loader tests build small models with ONNX's own protobuf classes, run the ONNX shape
# fallback over Debian's test data, and one counts a model.
target_link_libraries(test_onnx PRIVATE onnx infergy_onnx_fallback infergy_analysis)
