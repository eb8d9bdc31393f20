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
  trilink_set_instrumentation(${target})
endfunction()

# Sanitizers and fuzzing instrumentation, for trilink's own targets only (the
# dependencies are header libraries or system libraries built without them).
function(trilink_set_instrumentation target)
  if(TRILINK_SANITIZERS)
    # GCC's `undefined` leaves out float-cast-overflow (a double cast to an
    # integer it does not fit, the class of the pre-gate's overflow).
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined,float-cast-overflow
                                             -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined,float-cast-overflow)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # GCC documents that -fsanitize=address makes -Wmaybe-uninitialized
      # report false positives; at -O1 it flags libstdc++'s own std::regex
      # and std::function. The release build keeps the warning.
      target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
    endif()
  endif()
  if(TRILINK_FUZZ)
    # The libraries get coverage instrumentation; the fuzz targets link
    # libFuzzer's main (fuzz/CMakeLists.txt).
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
                                             -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# The include root of one module: a folder in the build tree that holds only
# trilink/<name>, a link to include/trilink/<name>. A target that links the
# module sees that module's headers and those of the modules it declares
# PUBLIC (CMake's usage requirements are transitive), not the whole
# include/ tree: a module that includes a header of a module neither it nor
# its public dependencies declare fails to compile.
function(trilink_module_include_root name out)
  set(root ${PROJECT_BINARY_DIR}/module-include/${name})
  if(NOT EXISTS ${root}/trilink/${name})
    file(MAKE_DIRECTORY ${root}/trilink)
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/include/trilink/${name} ${root}/trilink/${name}
         SYMBOLIC)
  endif()
  set(${out} ${root} PARENT_SCOPE)
endfunction()

# trilink_add_module(NAME SOURCES a.cc b.cc DEPS trilink::core Eigen3::Eigen
#                    PRIVATE_DEPS fmt::fmt)
# DEPS: every module (and library) the module's public headers include;
# PRIVATE_DEPS: those only its sources include. List each module that is
# included, even when another dependency already brings it in.
function(trilink_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(trilink_${name} ${ARG_SOURCES})
  add_library(trilink::${name} ALIAS trilink_${name})
  trilink_module_include_root(${name} root)
  target_include_directories(trilink_${name} PUBLIC ${root})
  target_link_libraries(trilink_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  target_compile_features(trilink_${name} PUBLIC cxx_std_20)
  trilink_set_warnings(trilink_${name})
endfunction()

# trilink_add_tests(MODULE core SOURCES time_test.cc ... DEPS ...
#                   SCENARIO_LEVEL "Suite.*:Other.Test"): one GoogleTest binary
# per module, each TEST registered with CTest. DEPS names what the tests use
# beyond the module itself (harnesses may come from modules above it, such
# as the scenario runner). SCENARIO_LEVEL is a GoogleTest filter of the
# tests that run whole scenarios (seconds each): they are labelled
# `scenario_level`, every other test `unit` (the sanitizer job of .ci/run
# runs the unit tests).
function(trilink_add_tests)
  if(NOT BUILD_TESTING)
    return()
  endif()
  cmake_parse_arguments(ARG "" "MODULE;SCENARIO_LEVEL" "SOURCES;DEPS" ${ARGN})
  set(target ${ARG_MODULE}_test)
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE trilink::${ARG_MODULE} ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  trilink_set_warnings(${target})
  target_compile_definitions(${target} PRIVATE TRILINK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  if(ARG_SCENARIO_LEVEL)
    gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60 TEST_FILTER "-${ARG_SCENARIO_LEVEL}"
                         PROPERTIES LABELS "unit;${ARG_MODULE}")
    gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60 TEST_FILTER "${ARG_SCENARIO_LEVEL}"
                         PROPERTIES LABELS "scenario_level;${ARG_MODULE}")
  else()
    gtest_discover_tests(${target} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "unit;${ARG_MODULE}")
  endif()
endfunction()
