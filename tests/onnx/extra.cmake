# The loader tests build small models with ONNX's own protobuf classes, and one counts a model.
target_link_libraries(test_onnx PRIVATE onnx infergy_analysis)
