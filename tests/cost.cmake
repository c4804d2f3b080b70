# Cost models and extractors: `eqsat-wasm compare` over a seam shim (needs ../shared: label "shared", 77 = skipped).
set(EQSAT_SHARED "${CMAKE_SOURCE_DIR}/../shared")
add_test(NAME cost/compare-seam
  COMMAND sh -c "[ -d '${EQSAT_SHARED}/corpus/seam' ] || exit 77; d=$(mktemp -d) && $<TARGET_FILE:eqsat-wasm> compare '${EQSAT_SHARED}/corpus/seam/event_post.inl.wasm' --format csv -o $d >$d/out.csv && [ $(grep -c , $d/out.csv) -eq 17 ] && for f in $d/*.wasm; do '${EQSAT_SHARED}/tools/diffexec' '${EQSAT_SHARED}/corpus/seam/event_post.inl.wasm' $f >/dev/null || exit 1; done; rm -rf $d")
set_tests_properties(cost/compare-seam PROPERTIES LABELS "shared" SKIP_RETURN_CODE 77)
add_test(NAME cost/bad-table
  COMMAND sh -c "f=$(mktemp --suffix=.json); printf '{\"ops\": {\"i32.ad\": 1}}' >$f; $<TARGET_FILE:eqsat-wasm> x.wasm --cost $f 2>&1 | grep -q \"$f:1:10: unknown operator 'i32.ad'\"; r=$?; $<TARGET_FILE:eqsat-wasm> x.wasm --cost $f >/dev/null 2>&1; c=$?; rm -f $f; [ $r -eq 0 ] && [ $c -eq 2 ]")
set_tests_properties(cost/bad-table PROPERTIES LABELS "cost")
