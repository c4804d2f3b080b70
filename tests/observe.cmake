# Observability (docs/observability.md): --stats, --report, --explain,
# --dump-egraph (dot, json), --trace-rule, and the rules tutorial, each
# checked on its output by tests/scripts/observe_check.sh.
# Labels: "observe"; the seam-corpus tests also "shared" (exit 77 = skipped
# when ../shared is absent).
set(EQSAT_OBSERVE_SCRIPT ${CMAKE_CURRENT_SOURCE_DIR}/scripts/observe_check.sh)

# the sem example of the seam corpus (z_impl_k_sem_give)
set(EQSAT_OBSERVE_SEM ${CMAKE_SOURCE_DIR}/../shared/corpus/seam/sem_give.inl.wasm)
# (explain: a rule on the proof path of the rewritten unpack; the others: a rule that fires)
foreach(mode stats report explain dot json trace)
  set(rule wrap-extend-u)
  if(mode STREQUAL "explain")
    set(rule high-half)
  endif()
  add_test(NAME observe/seam/sem_give/${mode}
    COMMAND bash ${EQSAT_OBSERVE_SCRIPT} $<TARGET_FILE:eqsat-wasm> ${mode} ${EQSAT_OBSERVE_SEM}
            z_impl_k_sem_give ${rule})
  set_tests_properties(observe/seam/sem_give/${mode} PROPERTIES LABELS "observe;shared" TIMEOUT 300 SKIP_RETURN_CODE 77)
endforeach()

# the tests' own module and the tutorial's rule (tests/observe/mask.*)
set(EQSAT_OBSERVE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/observe)
foreach(mode stats report explain dot json trace tutorial)
  add_test(NAME observe/mask/${mode}
    COMMAND bash ${EQSAT_OBSERVE_SCRIPT} $<TARGET_FILE:eqsat-wasm> ${mode} ${EQSAT_OBSERVE_DIR}/mask.wat
            low_nibble and-low-byte-twice --rules ${EQSAT_OBSERVE_DIR}/mask.json)
  set_tests_properties(observe/mask/${mode} PROPERTIES LABELS "observe" TIMEOUT 300)
endforeach()

# trace, stats, report and dot agree (tests/observe/agree.*), one test per
# disagreement: a rejected match, a rule that only enables another, reverse
# names, did-you-mean, limits, the .dot header, match counts; and the summary
# line saying how the --rules file was checked
foreach(mode reject contributed names didyoumean limits dot counts summary)
  add_test(NAME observe/agree/${mode}
    COMMAND bash ${EQSAT_OBSERVE_SCRIPT} $<TARGET_FILE:eqsat-wasm> agree-${mode} ${EQSAT_OBSERVE_DIR}/agree.wat
            offset sub-const --rules ${EQSAT_OBSERVE_DIR}/agree.json)
  set_tests_properties(observe/agree/${mode} PROPERTIES LABELS "observe" TIMEOUT 300)
endforeach()
