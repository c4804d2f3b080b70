# Performance features (docs/performance.md): -j N gives byte-identical output to -j 1,
# and the progress bar is silent when stderr is not a terminal or with -q.
# Label "shared": needs ../shared (exit 77 = skipped when it is absent).
add_test(NAME perf/jobs-and-progress
  COMMAND bash ${CMAKE_SOURCE_DIR}/bench/perf_check.sh $<TARGET_FILE:eqsat-wasm> ${CMAKE_SOURCE_DIR}/../shared)
set_tests_properties(perf/jobs-and-progress PROPERTIES LABELS "shared" TIMEOUT 300 SKIP_RETURN_CODE 77)
