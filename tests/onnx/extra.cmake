# The loader tests build small models with ONNX's own protobuf classes.
target_link_libraries(test_onnx PRIVATE onnx)
