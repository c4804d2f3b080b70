# Golden tests (label "golden"): tests/golden/<topic>/<name>.wat is optimized
# with `eqsat-wasm -S -o -` and its printed functions must match the check
# lines in the same file (tests/golden/check_lines.py);
# the output must validate, behave like the input (../shared/tools/diffexec)
# and, for tests with a `;; golden: residue=...` directive, leave no seam
# residue (../shared/tools/seam-residue). See tests/golden/README.md.
# One test per input: golden/<topic>/<name>. Exit 77 (skipped) without ../shared.
file(GLOB EQSAT_GOLDEN_INPUTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/golden/*/*.wat)
list(SORT EQSAT_GOLDEN_INPUTS)
foreach(in ${EQSAT_GOLDEN_INPUTS})
  get_filename_component(name ${in} NAME_WE)
  get_filename_component(dir ${in} DIRECTORY)
  get_filename_component(topic ${dir} NAME)
  add_test(NAME golden/${topic}/${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/golden/run_golden.sh
            $<TARGET_FILE:eqsat-wasm> ${CMAKE_SOURCE_DIR}/../shared ${in})
  set_tests_properties(golden/${topic}/${name} PROPERTIES
    LABELS "golden" SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()

# The stack-abi assumption both ways on the golden input that breaks it
# (tests/scripts/stack_abi_check.sh; README, Assumptions).
add_test(NAME golden/assume/stack_abi_both_ways
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/stack_abi_check.sh $<TARGET_FILE:eqsat-wasm>
          ${CMAKE_SOURCE_DIR}/../shared ${CMAKE_CURRENT_SOURCE_DIR}/golden/assume/stack_abi_alias.wat)
set_tests_properties(golden/assume/stack_abi_both_ways PROPERTIES LABELS "golden;e2e" SKIP_RETURN_CODE 77 TIMEOUT 300)

# The check-line matcher itself.
add_test(NAME golden/check_lines COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/golden/test_check_lines.py)
set_tests_properties(golden/check_lines PROPERTIES LABELS "golden" TIMEOUT 60)
