# The fake NVML library the NVML tests load with dlopen, in place of the driver's
# libnvidia-ml.so.1. It lives in a subfolder so the test glob does not compile it into test_measure.
add_library(infergy_fake_nvml SHARED ${dir}/fake_nvml/fake_nvml.cpp)
set_target_properties(infergy_fake_nvml PROPERTIES OUTPUT_NAME fake_nvml)
infergy_warnings(infergy_fake_nvml)
add_dependencies(test_measure infergy_fake_nvml)
target_compile_definitions(test_measure PRIVATE
  INFERGY_FAKE_NVML="$<TARGET_FILE:infergy_fake_nvml>")
target_link_libraries(test_measure PRIVATE ${CMAKE_DL_LIBS})
