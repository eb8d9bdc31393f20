# Helpers that give every trilink module the same shape (DESIGN.md, "Modules"):
# one library trilink::<module>, public headers under include/trilink/<module>/,
# unit tests beside the code as <name>_test.cc.

function(trilink_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion
    # Designated initialisers that leave members at their defaults are the point of them.
    -Wno-missing-field-initializers)
  if(TRILINK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(TRILINK_SANITIZERS)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# trilink_add_module(NAME SOURCES a.cc b.cc DEPS trilink::core Eigen3::Eigen)
function(trilink_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(trilink_${name} ${ARG_SOURCES})
  add_library(trilink::${name} ALIAS trilink_${name})
  target_include_directories(trilink_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(trilink_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  target_compile_features(trilink_${name} PUBLIC cxx_std_20)
  trilink_set_warnings(trilink_${name})
endfunction()

# trilink_add_tests(MODULE core SOURCES time_test.cc ...): one GoogleTest
# binary per module, each TEST registered with CTest.
function(trilink_add_tests)
  if(NOT BUILD_TESTING)
    return()
  endif()
  cmake_parse_arguments(ARG "" "MODULE" "SOURCES;DEPS" ${ARGN})
  set(target ${ARG_MODULE}_test)
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE trilink::${ARG_MODULE} ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  trilink_set_warnings(${target})
  target_compile_definitions(${target} PRIVATE TRILINK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS ${ARG_MODULE})
endfunction()
