# Reliability suites (see docs/reliability.md):
#   label "fuzz"     differential fuzzing: ../shared/tools/fuzzgen modules (fixed seeds
#                    from tests/fuzz/seeds.txt + one per-run seed, printed) through
#                    eqsat-wasm with every cost model, validated and compared by diffexec;
#                    determinism; the regression modules of tests/fuzz/regress/
#   label "hostile"  generated hostile inputs (tests/hostile/generated.sh)
#   label "real"     the real-world modules of ../shared/corpus/real/fetch.sh, fetched
#                    into the build tree at test time (skipped, exit 77, when offline)
# and the libFuzzer targets of fuzz/ with -DEQSAT_FUZZ=ON (clang++).
set(EQSAT_REL_SHARED ${CMAKE_SOURCE_DIR}/../shared)
set(EQSAT_REL_FUZZ ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
set(EQSAT_REL_KEEP ${CMAKE_BINARY_DIR}/fuzz-failures)

# --- differential fuzzing: one test per seed (COUNT modules each) ---
file(STRINGS ${EQSAT_REL_FUZZ}/seeds.txt EQSAT_FUZZ_SEED_LINES REGEX "^[0-9]+ +[0-9]+")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${EQSAT_REL_FUZZ}/seeds.txt)
foreach(line ${EQSAT_FUZZ_SEED_LINES})
  string(REGEX MATCH "^([0-9]+) +([0-9]+)" _ "${line}")
  set(seed ${CMAKE_MATCH_1})
  set(count ${CMAKE_MATCH_2})
  add_test(NAME fuzz/seed-${seed}
    COMMAND bash ${EQSAT_REL_FUZZ}/fuzz_check.sh $<TARGET_FILE:eqsat-wasm> ${EQSAT_REL_SHARED}
            ${seed} ${count} ${EQSAT_REL_KEEP})
  set_tests_properties(fuzz/seed-${seed} PROPERTIES LABELS "fuzz" TIMEOUT 600 SKIP_RETURN_CODE 77)
endforeach()
# A seed that changes on every run (EQSAT_FUZZ_SEED=S to repeat one); printed in the log.
add_test(NAME fuzz/seed-per-run
  COMMAND bash ${EQSAT_REL_FUZZ}/fuzz_check.sh $<TARGET_FILE:eqsat-wasm> ${EQSAT_REL_SHARED}
          run 20 ${EQSAT_REL_KEEP})
set_tests_properties(fuzz/seed-per-run PROPERTIES LABELS "fuzz" TIMEOUT 600 SKIP_RETURN_CODE 77)

# --- strict mode: no assumption beyond wasm semantics (--assume none), compared
# with `diffexec --strict-stack` (the dead stack window too); a few seeds, the
# default cost model only (README, Assumptions) ---
foreach(seed 1 2)
  add_test(NAME fuzz/strict-seed-${seed}
    COMMAND bash ${EQSAT_REL_FUZZ}/fuzz_check.sh $<TARGET_FILE:eqsat-wasm> ${EQSAT_REL_SHARED}
            ${seed} 12 ${EQSAT_REL_KEEP} strict)
  set_tests_properties(fuzz/strict-seed-${seed} PROPERTIES LABELS "fuzz" TIMEOUT 600 SKIP_RETURN_CODE 77)
endforeach()

# --- determinism: byte-identical output for the same input, rules and options ---
add_test(NAME fuzz/determinism
  COMMAND bash ${EQSAT_REL_FUZZ}/determinism.sh $<TARGET_FILE:eqsat-wasm> ${EQSAT_REL_SHARED}
          ${CMAKE_SOURCE_DIR}/examples/decide_shim.wat ${EQSAT_REL_FUZZ}/regress)
set_tests_properties(fuzz/determinism PROPERTIES LABELS "fuzz" TIMEOUT 600 SKIP_RETURN_CODE 77)

# --- regression modules: tests/fuzz/regress/*.wasm|*.wat (see its README) ---
file(GLOB EQSAT_FUZZ_REGRESS CONFIGURE_DEPENDS ${EQSAT_REL_FUZZ}/regress/*.wasm ${EQSAT_REL_FUZZ}/regress/*.wat)
foreach(f ${EQSAT_FUZZ_REGRESS})
  get_filename_component(name ${f} NAME)
  add_test(NAME fuzz/regress/${name}
    COMMAND bash ${EQSAT_REL_FUZZ}/regress_check.sh $<TARGET_FILE:eqsat-wasm> ${EQSAT_REL_SHARED} ${f})
  set_tests_properties(fuzz/regress/${name} PROPERTIES LABELS "fuzz" TIMEOUT 300 SKIP_RETURN_CODE 77)
endforeach()

# --- generated hostile inputs ---
foreach(case nested_blocks_100k nested_values_100k straight_line_1mb functions_50k mutants
             non_utf8_names nul_in_name non_utf8_path unwritable_output_dir output_is_fifo
             input_endless deep_pattern_rules deep_json_rules rules_10k include_cycle
             include_self include_special_file growing_rule
             nested_value_ops_30k nested_value_ops_200k nested_value_ops_300k
             big_rule_rhs nonlinear_time_limit module_time_limit module_time_limit_reading)
  add_test(NAME hostile/generated/${case}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/hostile/generated.sh $<TARGET_FILE:eqsat-wasm>
            ${EQSAT_REL_SHARED} ${CMAKE_SOURCE_DIR}/rulesets ${case})
  set_tests_properties(hostile/generated/${case} PROPERTIES LABELS "hostile" TIMEOUT 600 SKIP_RETURN_CODE 77)
endforeach()

# --- the real-world corpus: fetched into the build tree, one test per pinned file ---
set(EQSAT_REAL_DIR ${CMAKE_BINARY_DIR}/real-wasm)
add_test(NAME real/fetch COMMAND bash ${EQSAT_REL_FUZZ}/real_fetch.sh ${EQSAT_REL_SHARED} ${EQSAT_REAL_DIR})
set_tests_properties(real/fetch PROPERTIES LABELS "real" TIMEOUT 400 SKIP_RETURN_CODE 77
  FIXTURES_SETUP eqsat_real_corpus)
set(EQSAT_REAL_FETCH ${EQSAT_REL_SHARED}/corpus/real/fetch.sh)
if(EXISTS ${EQSAT_REAL_FETCH})
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${EQSAT_REAL_FETCH})
  # PINNED entries: "pkg@version|language|path/in/package|sha256" -> <pkg prefix>-<basename>
  file(STRINGS ${EQSAT_REAL_FETCH} EQSAT_REAL_PINNED REGEX "^  \"[^|]+@[^|@]+\\|[^|]+\\|[^|]+\\|[0-9a-f]+\"")
  foreach(p ${EQSAT_REAL_PINNED})
    string(REGEX MATCH "\"@?([^|]+)@[^|@]+\\|[^|]+\\|([^|]+)\\|" _ "${p}")
    string(REPLACE "/" "-" prefix "${CMAKE_MATCH_1}")
    get_filename_component(base "${CMAKE_MATCH_2}" NAME)
    set(file ${prefix}-${base})
    add_test(NAME real/${file}
      COMMAND bash ${EQSAT_REL_FUZZ}/real_check.sh $<TARGET_FILE:eqsat-wasm> ${EQSAT_REL_SHARED}
              ${EQSAT_REAL_DIR} ${file})
    set_tests_properties(real/${file} PROPERTIES LABELS "real" TIMEOUT 900 SKIP_RETURN_CODE 77
      FIXTURES_REQUIRED eqsat_real_corpus)
  endforeach()
  # Strict mode on a few small clang-built modules (C, C++, Zig+C) with
  # shadow-stack frames: --assume none, compared with `diffexec --strict-stack`.
  foreach(file tree-sitter-json-tree-sitter-json.wasm argon2-browser-argon2.wasm md4w-md4w-small.wasm
               yoga-wasm-web-yoga.wasm)
    add_test(NAME real/strict/${file}
      COMMAND bash ${EQSAT_REL_FUZZ}/real_check.sh $<TARGET_FILE:eqsat-wasm> ${EQSAT_REL_SHARED}
              ${EQSAT_REAL_DIR} ${file} --assume none)
    set_tests_properties(real/strict/${file} PROPERTIES LABELS "real" TIMEOUT 900 SKIP_RETURN_CODE 77
      ENVIRONMENT "EQSAT_DIFFEXEC_FLAGS=--strict-stack" FIXTURES_REQUIRED eqsat_real_corpus)
  endforeach()
endif()

# --- libFuzzer targets (clang++ only) ---
option(EQSAT_FUZZ "Build the libFuzzer targets of fuzz/ (needs clang++)" OFF)
if(EQSAT_FUZZ)
  target_compile_options(eqsat PRIVATE -fsanitize=fuzzer-no-link)
  include(${CMAKE_SOURCE_DIR}/fuzz/CMakeLists.txt)
endif()

# GCC 12 with -fsanitize=address gives false -Wmaybe-uninitialized warnings
# inside libstdc++ (<regex>, <optional>); added after -Wall so that
# scripts/test-sanitize.sh (-DEQSAT_SANITIZE=ON -DEQSAT_WERROR=ON) builds.
if(EQSAT_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  foreach(t eqsat eqsat-wasm eqsat-tests eqsat-bench)
    if(TARGET ${t})
      target_compile_options(${t} PRIVATE -Wno-maybe-uninitialized)
    endif()
  endforeach()
endif()

# --- faithful output on modules with several tables and segments (tests/fuzz/tables_check.sh) ---
foreach(seed 1 2)
  add_test(NAME fuzz/tables-seed-${seed}
    COMMAND bash ${EQSAT_REL_FUZZ}/tables_check.sh $<TARGET_FILE:eqsat-wasm> ${EQSAT_REL_SHARED} ${seed} 12)
  set_tests_properties(fuzz/tables-seed-${seed} PROPERTIES LABELS "fuzz;faithful" TIMEOUT 600 SKIP_RETURN_CODE 77)
endforeach()
