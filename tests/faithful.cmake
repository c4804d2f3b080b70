# Faithful output (label "faithful"; docs/reliability.md): modules built for
# the output contract (several tables, segments, imports and start, custom
# sections, stacky code, no name section, MVP-only, text with reference types)
# go through eqsat-wasm, diffexec and ../shared/tools/wasm-structdiff
# (tests/faithful/run.sh). The corpus and real-world suites check the same
# contract on every module they optimize (tests/scripts/faithful.py).
file(GLOB EQSAT_FAITHFUL_CASES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/faithful/*.wat)
foreach(case ${EQSAT_FAITHFUL_CASES})
  get_filename_component(name ${case} NAME_WE)
  add_test(NAME faithful/${name}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/faithful/run.sh $<TARGET_FILE:eqsat-wasm>
            ${CMAKE_SOURCE_DIR}/../shared ${case})
  set_tests_properties(faithful/${name} PROPERTIES LABELS "faithful" TIMEOUT 120 SKIP_RETURN_CODE 77)
endforeach()
