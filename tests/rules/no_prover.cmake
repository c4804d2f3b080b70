# check-rules with EQSAT_Z3_PLUGIN naming a missing plugin: exit 2, one line on
# stderr naming the path, nothing on stdout.
set(ENV{EQSAT_Z3_PLUGIN} /nonexistent/libeqsat-z3.so)
execute_process(COMMAND ${EQSAT} check-rules --no-cache ${RULES}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "exit ${rc}, expected 2; stderr: ${err}")
endif()
if(NOT err STREQUAL "eqsat-wasm: check-rules: cannot load the Z3 prover: not found at /nonexistent/libeqsat-z3.so\n")
  message(FATAL_ERROR "stderr: '${err}'")
endif()
if(NOT out STREQUAL "")
  message(FATAL_ERROR "stdout: '${out}'")
endif()
