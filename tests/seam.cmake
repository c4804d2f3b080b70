# Generated seam shims (label "seam"; also "shared": it needs ../shared/tools and
# ../shared/corpus/seam/seam_common.h, and clang with the wasm32 target and
# wasm-ld; without them it reports skipped, exit 77): tests/seam/gen/run.py
# builds the decide/shim pairs gen.py writes for the seeds listed in
# tests/seam/gen/ci-seeds.txt as ../shared/corpus/seam/build.sh builds its
# shims, and checks eqsat-wasm's output of each: no seam residue (negative
# controls keep their pack), identical behaviour (diffexec), t2-estimate at or
# below LLVM-LTO's, compiled by synth at or below synth's count of LLVM-LTO.
add_test(NAME seam/generated
  COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/seam/gen/run.py
          --seeds-file ${CMAKE_CURRENT_SOURCE_DIR}/seam/gen/ci-seeds.txt
          --exe $<TARGET_FILE:eqsat-wasm> --shared ${CMAKE_SOURCE_DIR}/../shared --jobs 2)
set_tests_properties(seam/generated PROPERTIES LABELS "seam;shared" TIMEOUT 300 SKIP_RETURN_CODE 77)
