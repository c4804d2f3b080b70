# Corpus suite (label "corpus"): every .wasm/.wat under ../shared/corpus
# round-trips through eqsat-wasm, validates (wasm-opt) and behaves identically
# (../shared/tools/diffexec). One test per file, listed at configure time.
# Without ../shared there is exactly one test, reported as skipped (exit 77).
set(EQSAT_SHARED_DIR ${CMAKE_SOURCE_DIR}/../shared)
set(EQSAT_CORPUS_DIR ${EQSAT_SHARED_DIR}/corpus)
if(IS_DIRECTORY ${EQSAT_CORPUS_DIR})
  file(GLOB_RECURSE EQSAT_CORPUS_FILES CONFIGURE_DEPENDS
    ${EQSAT_CORPUS_DIR}/*.wasm ${EQSAT_CORPUS_DIR}/*.wat)
  list(SORT EQSAT_CORPUS_FILES)
endif()
if(EQSAT_CORPUS_FILES)
  foreach(f ${EQSAT_CORPUS_FILES})
    file(RELATIVE_PATH rel ${EQSAT_CORPUS_DIR} ${f})
    add_test(NAME corpus/${rel}
      COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/corpus_check.sh
              $<TARGET_FILE:eqsat-wasm> ${EQSAT_SHARED_DIR} ${f})
    set_tests_properties(corpus/${rel} PROPERTIES LABELS "corpus" TIMEOUT 300 SKIP_RETURN_CODE 77)
  endforeach()
else()
  add_test(NAME corpus/missing
    COMMAND bash -c "echo \"SKIP: no corpus at ${EQSAT_CORPUS_DIR} (clone the shared data beside the repo as ../shared)\"; exit 77")
  set_tests_properties(corpus/missing PROPERTIES LABELS "corpus" SKIP_RETURN_CODE 77)
endif()

# The seam's done-when (docs/seam.md): residue, behaviour and a t2-estimate
# ceiling per shim of ../shared/corpus/seam, and sem.loom with --inline.
add_test(NAME seam/done-when
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/seam_check.sh
          $<TARGET_FILE:eqsat-wasm> ${EQSAT_SHARED_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/seam/t2-ceilings.txt)
set_tests_properties(seam/done-when PROPERTIES LABELS "corpus;shared" TIMEOUT 600 SKIP_RETURN_CODE 77)
# The same on the shims of our own (tests/seam/shims/README.md), one test per
# variant so that they run in parallel: seam/own-shims (X.inl.wasm),
# seam/own-shims-o3 and seam/own-shims-o2.
foreach(variant inl inl-o3 inl-o2)
  string(REPLACE "inl" "" suffix "${variant}")
  add_test(NAME seam/own-shims${suffix}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/seam_check.sh
            $<TARGET_FILE:eqsat-wasm> ${EQSAT_SHARED_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/seam/shims/t2-ceilings.txt
            ${CMAKE_CURRENT_SOURCE_DIR}/seam/shims ${variant})
  # About 4 minutes each on an idle 2-core machine (112 shims): 900 s leaves
  # room for the sanitizer build that stage 1 of scripts/test.sh runs beside.
  set_tests_properties(seam/own-shims${suffix} PROPERTIES LABELS "corpus;shared" TIMEOUT 900 SKIP_RETURN_CODE 77)
endforeach()
