# The invalid-model cases build their models with ONNX's own protobuf classes (tests/onnx/builder.hpp).
target_link_libraries(test_hostile PRIVATE onnx)
