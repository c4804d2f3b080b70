# Command-line tests of eqsat-wasm (labels "e2e", "hostile", "cli").
# Unit tests of cli/ (tests/unit/test_cli*.cpp) are in the doctest binary,
# linked with the eqsat-cli library (CMakeLists.txt).
target_link_libraries(eqsat-tests PRIVATE eqsat-cli)

set(EQSAT_SCRIPTS ${CMAKE_CURRENT_SOURCE_DIR}/scripts)
set(EQSAT_EXE $<TARGET_FILE:eqsat-wasm>)

# --- end to end: eqsat-wasm on .wat/.wasm inputs (tests/scripts/e2e_check.sh) ---
# eqsat_e2e(MODE INPUT [FLAGS...]) -> test e2e/MODE/BASENAME[FLAGS]
function(eqsat_e2e mode input)
  get_filename_component(base ${input} NAME)
  set(name e2e/${mode}/${base})
  foreach(flag ${ARGN})
    string(APPEND name "${flag}")
  endforeach()
  add_test(NAME ${name}
    COMMAND bash ${EQSAT_SCRIPTS}/e2e_check.sh ${EQSAT_EXE} ${mode} ${input} ${ARGN})
  set_tests_properties(${name} PROPERTIES LABELS "e2e;cli" TIMEOUT 300)
endfunction()

file(GLOB EQSAT_E2E_INPUTS CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_SOURCE_DIR}/e2e/*.wat ${CMAKE_CURRENT_SOURCE_DIR}/e2e/*.wasm)
list(FILTER EQSAT_E2E_INPUTS EXCLUDE REGEX "\\.expected\\.wat$")
list(APPEND EQSAT_E2E_INPUTS ${CMAKE_SOURCE_DIR}/examples/decide_shim.wat)
foreach(in ${EQSAT_E2E_INPUTS})
  eqsat_e2e(roundtrip ${in})
endforeach()
eqsat_e2e(roundtrip ${CMAKE_SOURCE_DIR}/examples/decide_shim.wat --inline)
eqsat_e2e(summary ${CMAKE_SOURCE_DIR}/examples/decide_shim.wat)
eqsat_e2e(stdout ${CMAKE_SOURCE_DIR}/examples/decide_shim.wat)
eqsat_e2e(text ${CMAKE_SOURCE_DIR}/examples/decide_shim.wat)
eqsat_e2e(text ${CMAKE_CURRENT_SOURCE_DIR}/e2e/features_section.wasm --enable-bulk-memory)
eqsat_e2e(inplace ${CMAKE_CURRENT_SOURCE_DIR}/e2e/u64_unpack.wat)
eqsat_e2e(inplace ${CMAKE_CURRENT_SOURCE_DIR}/e2e/features_section.wasm)

add_test(NAME e2e/help COMMAND bash -c "\"$1\" --help | grep -q '^Exit status:' && \"$1\" --version | grep -q '^eqsat-wasm '" _ ${EQSAT_EXE})
set_tests_properties(e2e/help PROPERTIES LABELS "e2e;cli")

# --- hostile inputs: exact exit code and one-line message (tests/hostile/cases.txt) ---
# Only the case names are read here (messages may hold unbalanced brackets,
# which CMake lists do not survive).
file(READ ${CMAKE_CURRENT_SOURCE_DIR}/hostile/cases.txt EQSAT_HOSTILE_TEXT)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/hostile/cases.txt)
string(REGEX MATCHALL "\n[a-z0-9_]+ [|]" EQSAT_HOSTILE_CASES "\n${EQSAT_HOSTILE_TEXT}")
foreach(m ${EQSAT_HOSTILE_CASES})
  string(REGEX REPLACE "[\n |]" "" case "${m}")
  add_test(NAME hostile/${case}
    COMMAND bash ${EQSAT_SCRIPTS}/hostile_case.sh ${EQSAT_EXE} ${CMAKE_CURRENT_SOURCE_DIR}/hostile ${case})
  set_tests_properties(hostile/${case} PROPERTIES LABELS "hostile;cli" TIMEOUT 120)
endforeach()

# --- eqsat-wasm rewrite: one expression, its best form, proof and --why-not,
# against exact expected output (tests/rewrite/*.expected) ---
set(EQSAT_REWRITE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/rewrite)
set(EQSAT_AGREE_RULES ${CMAKE_CURRENT_SOURCE_DIR}/observe/agree.json)
function(eqsat_rewrite name code)
  add_test(NAME cli/rewrite/${name}
    COMMAND bash ${EQSAT_SCRIPTS}/rewrite_check.sh ${EQSAT_EXE} ${EQSAT_REWRITE_DIR}/${name}.expected ${code} ${ARGN})
  set_tests_properties(cli/rewrite/${name} PROPERTIES LABELS "cli" TIMEOUT 120)
endfunction()
eqsat_rewrite(chain 0 "(i32.sub (i32.add ?x (i32.const 5)) (i32.const 3))" --rules ${EQSAT_AGREE_RULES} --no-check-rules)
eqsat_rewrite(rejected 0 "(i32.mul ?x (i32.const 6))" --rules ${EQSAT_AGREE_RULES} --no-check-rules --why-not mul-pow2)
eqsat_rewrite(not-cheaper 0 "(i32.shl ?x (i32.const 1))" --rules ${EQSAT_AGREE_RULES} --no-check-rules --why-not shl-one-add)
eqsat_rewrite(absent 0 "(i64.add ?x:i64 (i64.const 1))" --rules ${EQSAT_AGREE_RULES} --no-check-rules --why-not mul-pow2)
eqsat_rewrite(default-rules 0 "(i32.and (i32.and ?x (i32.const 0xff)) (i32.const 0x0f))")
eqsat_rewrite(unknown-rule 1 "(i32.mul ?x (i32.const 6))" --rules ${EQSAT_AGREE_RULES} --no-check-rules --why-not mul-pow3)
eqsat_rewrite(bad-operator 2 "(i32.mull ?x (i32.const 6))" --rules ${EQSAT_AGREE_RULES} --no-check-rules)
eqsat_rewrite(untyped 2 "(select ?a ?b ?c)" --rules ${EQSAT_AGREE_RULES} --no-check-rules)
