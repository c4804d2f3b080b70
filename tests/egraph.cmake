# E-graph core workload tests (eqsat-bench on ../shared/bench/workloads).
# They need the shared workloads: LABELS "shared"; SKIPPED (exit 77) when absent.
if(TARGET eqsat-bench)
  set(EQSAT_WORKLOADS ${CMAKE_SOURCE_DIR}/../shared/bench/workloads)
  function(eqsat_workload_test name)
    add_test(NAME ${name}
      COMMAND sh -c "[ -f '${EQSAT_WORKLOADS}/README.md' ] || exit 77; cd '${EQSAT_WORKLOADS}' && exec \"$0\" \"$@\""
              $<TARGET_FILE:eqsat-bench> ${ARGN})
    set_tests_properties(${name} PROPERTIES LABELS "shared" SKIP_RETURN_CODE 77)
  endfunction()

  # W1: saturated sizes 2^n - 1 classes, 3^n - 2^(n+1) + 1 + n nodes; egg's iteration counts.
  foreach(spec "6;63;608;9;6" "7;127;1939;13;7" "8;255;6058;19;7" "9;511;18669;22;8")
    list(GET spec 0 n)
    list(GET spec 1 classes)
    list(GET spec 2 nodes)
    list(GET spec 3 itb)
    list(GET spec 4 its)
    eqsat_workload_test(egraph.w1.n${n}.backoff --term w1_n${n}.sexp --rules w1_rules.json --no-analysis
      --scheduler backoff --expect-stop saturated --expect-eclasses ${classes} --expect-enodes ${nodes}
      --expect-iterations ${itb})
    eqsat_workload_test(egraph.w1.n${n}.simple --term w1_n${n}.sexp --rules w1_rules.json --no-analysis
      --scheduler simple --expect-stop saturated --expect-eclasses ${classes} --expect-enodes ${nodes}
      --expect-iterations ${its})
  endforeach()
  eqsat_workload_test(egraph.w1.n10.backoff --term w1_n10.sexp --rules w1_rules.json --no-analysis
    --node-limit 5000000 --scheduler backoff --expect-stop saturated --expect-eclasses 1023 --expect-enodes 57012
    --expect-iterations 26)

  # W3 (backoff): egg's sizes; root 1 ends in the class of `a`.
  eqsat_workload_test(egraph.w3.backoff --term w3_start.sexp w3_random_tree.sexp --rules w3_rules.json
    --no-analysis --scheduler backoff --expect-stop iteration-limit --expect-iterations 30
    --expect-enodes 63115 --expect-eclasses 6430 --same "(i32.wrap_i64 (i64.shr_u (i64.or (i64.shl (i64.extend_i32_u a) 32) (i64.extend_i32_u b)) 32))" "a:i32")
endif()
