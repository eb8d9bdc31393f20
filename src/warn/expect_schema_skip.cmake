# cmake -DTEST_BINARY=warn_test -DFILTER=... -DSCHEMA=/missing/cap12.xsd -P expect_schema_skip.cmake
#
# Runs the schema tests with TRILINK_CAP_SCHEMA pointing at a file that does
# not exist and checks that every one of them is reported as skipped, with a
# message that names the path and how to provide the schema, and that the
# binary still exits with success.
if(EXISTS "${SCHEMA}")
  message(FATAL_ERROR "${SCHEMA} exists; this test needs a path with no file")
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env TRILINK_CAP_SCHEMA=${SCHEMA}
          ${TEST_BINARY} --gtest_filter=${FILTER}
  OUTPUT_VARIABLE output ERROR_VARIABLE output RESULT_VARIABLE status)
message("${output}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the schema tests failed without the schema (exit ${status}); they should skip")
endif()
string(REGEX MATCHALL "\\[ RUN      \\]" runs "${output}")
string(REGEX MATCHALL "\\[  SKIPPED \\] [A-Za-z0-9_./]+ \\([0-9]+ ms\\)" skips "${output}")
list(LENGTH runs run_count)
list(LENGTH skips skip_count)
if(run_count EQUAL 0)
  message(FATAL_ERROR "no schema test ran (filter ${FILTER})")
endif()
if(NOT skip_count EQUAL run_count)
  message(FATAL_ERROR "${run_count} schema tests ran but not all were skipped")
endif()
foreach(needle "${SCHEMA}" "-DTRILINK_CAP_SCHEMA=" "skipped")
  string(FIND "${output}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the skip message does not mention '${needle}'")
  endif()
endforeach()
message("all ${run_count} schema tests skipped with the expected message")
