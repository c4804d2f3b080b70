# Cost models and extractors (label "cost"); the ones reading ../shared are also "shared" (77 = skipped).
set(EQSAT_SHARED "${CMAKE_SOURCE_DIR}/../shared")
add_test(NAME cost/compare-seam
  COMMAND sh -c "[ -d '${EQSAT_SHARED}/corpus/seam' ] || exit 77; d=$(mktemp -d) && $<TARGET_FILE:eqsat-wasm> compare '${EQSAT_SHARED}/corpus/seam/event_post.inl.wasm' --format csv -o $d >$d/out.csv && [ $(grep -c , $d/out.csv) -eq 22 ] && for f in $d/*.wasm; do '${EQSAT_SHARED}/tools/diffexec' '${EQSAT_SHARED}/corpus/seam/event_post.inl.wasm' $f >/dev/null || exit 1; done; rm -rf $d")
set_tests_properties(cost/compare-seam PROPERTIES LABELS "cost;shared" SKIP_RETURN_CODE 77)
# tree-ls and dag never worse than tree, exact never worse than dag, under each model, on the seam and pulseengine corpora.
add_test(NAME cost/extractor-order
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/cost_check.sh $<TARGET_FILE:eqsat-wasm> ${EQSAT_SHARED} order)
set_tests_properties(cost/extractor-order PROPERTIES LABELS "cost;shared" SKIP_RETURN_CODE 77 TIMEOUT 1200)
# compare's result for a combination is what `eqsat-wasm IN --cost M --extractor E` writes.
add_test(NAME cost/compare-is-optimize
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/cost_check.sh $<TARGET_FILE:eqsat-wasm> ${EQSAT_SHARED} same)
set_tests_properties(cost/compare-is-optimize PROPERTIES LABELS "cost;shared" SKIP_RETURN_CODE 77 TIMEOUT 600)
add_test(NAME cost/bad-table
  COMMAND sh -c "f=$(mktemp --suffix=.json); printf '{\"ops\": {\"i32.ad\": 1}}' >$f; $<TARGET_FILE:eqsat-wasm> x.wasm --cost $f 2>&1 | grep -q \"$f:1:10: unknown operator 'i32.ad'\"; r=$?; $<TARGET_FILE:eqsat-wasm> x.wasm --cost $f >/dev/null 2>&1; c=$?; rm -f $f; [ $r -eq 0 ] && [ $c -eq 2 ]")
set_tests_properties(cost/bad-table PROPERTIES LABELS "cost")
# The done-when of the cost models: every model (the built-in ones and the user table example of
# docs/cost-models.md) x every extractor on every seam .inl.wasm, run as `eqsat-wasm IN --cost M
# --extractor E -o OUT`: OUT validates, behaves like IN (diffexec) and the order holds per module.
add_test(NAME cost/seam-matrix
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/cost_check.sh $<TARGET_FILE:eqsat-wasm> ${EQSAT_SHARED}
          matrix ${CMAKE_SOURCE_DIR}/docs/cost-models.md)
set_tests_properties(cost/seam-matrix PROPERTIES LABELS "cost;corpus;shared" SKIP_RETURN_CODE 77 TIMEOUT 300)
# Never worse on the target: with the default model no function eqsat-wasm replaces comes out
# worse under t2-estimate (synth's instruction count) than its input, on the seam (.inl, -o3, -o2)
# and pulseengine corpora; and the whole-function costs in the report (cost/fncost.h) are
# t2-estimate's, function by function. The same for thumb2-regalloc against --model synth-regalloc.
add_test(NAME cost/never-worse-t2
  COMMAND python3 ${CMAKE_SOURCE_DIR}/bench/target_worse.py $<TARGET_FILE:eqsat-wasm> --shared ${EQSAT_SHARED}
          --check --check-model)
set_tests_properties(cost/never-worse-t2 PROPERTIES LABELS "cost;shared" SKIP_RETURN_CODE 77 TIMEOUT 300)
add_test(NAME cost/never-worse-t2-regalloc
  COMMAND python3 ${CMAKE_SOURCE_DIR}/bench/target_worse.py $<TARGET_FILE:eqsat-wasm> --shared ${EQSAT_SHARED}
          --check --check-model -- --cost thumb2-regalloc)
set_tests_properties(cost/never-worse-t2-regalloc PROPERTIES LABELS "cost;shared" SKIP_RETURN_CODE 77 TIMEOUT 300)
# Never worse on the real backend: no function eqsat-wasm replaces comes out with more Thumb-2
# instructions under synth-count (synth itself), among the functions synth compiles on both sides of
# the shared corpus (the keep decision's synth refinement, cost/fncost.h); also never worse under t2-estimate.
add_test(NAME cost/never-worse-synth
  COMMAND python3 ${CMAKE_SOURCE_DIR}/bench/target_worse.py $<TARGET_FILE:eqsat-wasm> --shared ${EQSAT_SHARED}
          --synth --check)
set_tests_properties(cost/never-worse-synth PROPERTIES LABELS "cost;shared" SKIP_RETURN_CODE 77 TIMEOUT 300)
# Calibration (bench/calibrate.py): counts made from a known table are fitted back to it.
add_test(NAME cost/calibrate-recovers
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/calibrate_check.sh $<TARGET_FILE:eqsat-wasm> ${EQSAT_SHARED})
set_tests_properties(cost/calibrate-recovers PROPERTIES LABELS "cost;shared" SKIP_RETURN_CODE 77 TIMEOUT 300)
# The keep decision's margin in a function that calls (cost/fncost.h, cheaperOnTarget): a rewrite
# one instruction cheaper under the estimate is refused when the function calls (sql.js's function
# 239, no cheaper under synth-count) and kept in the same loop without calls.
add_test(NAME cost/calling-margin
  COMMAND sh -c "d=$(mktemp -d) && $<TARGET_FILE:eqsat-wasm> '${CMAKE_CURRENT_SOURCE_DIR}/cost/synth/calling_margin.wat' -q -o $d/out.wasm --report $d/report.json && python3 '${CMAKE_CURRENT_SOURCE_DIR}/cost/check_replaced.py' $d/report.json releaseAll=kept storeAll=replaced; r=$?; rm -rf $d; exit $r")
set_tests_properties(cost/calling-margin PROPERTIES LABELS "cost")
# The refinement's unaccessed parameter (cost/fncost.cpp): a dead set of a parameter is not dropped
# where that leaves the parameter unaccessed in a function that calls (synth then saves it around each
# call), and a dead set of another local is.
add_test(NAME cost/unaccessed-param
  COMMAND sh -c "d=$(mktemp -d) && $<TARGET_FILE:eqsat-wasm> '${CMAKE_CURRENT_SOURCE_DIR}/cost/synth/unaccessed_param.wat' -q -o $d/out.wasm --report $d/report.json && python3 '${CMAKE_CURRENT_SOURCE_DIR}/cost/check_replaced.py' $d/report.json deadParamSet=kept deadLocalSet=replaced; r=$?; rm -rf $d; exit $r")
set_tests_properties(cost/unaccessed-param PROPERTIES LABELS "cost")
