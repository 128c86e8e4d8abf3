# Helpers that keep the top-level CMakeLists a readable list of layers.

set(INFERGY_MODULES "" CACHE INTERNAL "")

function(infergy_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Wno-missing-field-initializers)
  if(INFERGY_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(INFERGY_FUZZ)
  # Coverage instrumentation for libFuzzer in every library the fuzz targets link.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(INFERGY_SANITIZE)
  # float-cast-overflow (a double out of range converted to an integer) is not part of GCC's
  # -fsanitize=undefined; it is named so both compilers check it.
  add_compile_options(-fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined,float-cast-overflow)
  add_link_options(-fsanitize=address,undefined,float-cast-overflow)
endif()

# infergy_module(NAME [DEPENDS mods...] [PRIVATE_DEPS libs...])
# Builds src/NAME/*.cpp into the static library infergy_NAME.
function(infergy_module name)
  cmake_parse_arguments(M "" "" "DEPENDS;PRIVATE_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.cpp)
  if(NOT sources)
    # A concern with no code yet is an empty interface, so the layer list above stays complete.
    add_library(infergy_${name} INTERFACE)
    target_include_directories(infergy_${name} INTERFACE ${CMAKE_SOURCE_DIR}/include)
    foreach(dep IN LISTS M_DEPENDS)
      target_link_libraries(infergy_${name} INTERFACE infergy_${dep})
    endforeach()
    set(INFERGY_MODULES ${INFERGY_MODULES} infergy_${name} CACHE INTERNAL "")
    return()
  endif()
  add_library(infergy_${name} STATIC ${sources})
  # With the Python module on, the static libraries end up in a shared object.
  set_target_properties(infergy_${name} PROPERTIES POSITION_INDEPENDENT_CODE ${INFERGY_PYTHON})
  target_include_directories(infergy_${name} PUBLIC ${CMAKE_SOURCE_DIR}/include
                                             PRIVATE ${CMAKE_SOURCE_DIR}/src)
  target_compile_definitions(infergy_${name} PRIVATE INFERGY_DATA_DIR="${CMAKE_SOURCE_DIR}/data")
  foreach(dep IN LISTS M_DEPENDS)
    target_link_libraries(infergy_${name} PUBLIC infergy_${dep})
  endforeach()
  target_link_libraries(infergy_${name} PRIVATE fmt::fmt nlohmann_json::nlohmann_json ${M_PRIVATE_DEPS})
  infergy_warnings(infergy_${name})
  set(INFERGY_MODULES ${INFERGY_MODULES} infergy_${name} CACHE INTERNAL "")
endfunction()

# infergy_test(NAME [LIBS libs...]) builds tests/NAME/*.cpp into test_NAME, registered with CTest.
function(infergy_test name)
  cmake_parse_arguments(T "" "" "LIBS;LABELS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/${name}/*.cpp)
  add_executable(test_${name} ${sources})
  target_include_directories(test_${name} PRIVATE ${CMAKE_SOURCE_DIR}/src ${CMAKE_SOURCE_DIR}/tests)
  target_link_libraries(test_${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main fmt::fmt
                                             nlohmann_json::nlohmann_json)
  target_compile_definitions(test_${name} PRIVATE
    INFERGY_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    INFERGY_BINARY_DIR="${CMAKE_BINARY_DIR}"
    INFERGY_DATA_DIR="${CMAKE_SOURCE_DIR}/data"
    INFERGY_CLI="$<TARGET_FILE:infergy_cli>")
  infergy_warnings(test_${name})
  gtest_discover_tests(test_${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${name};${T_LABELS}")
endfunction()
