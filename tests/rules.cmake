# Rule language: CTest registrations on `eqsat-wasm check-rules` (see docs/rules.md).

# CI proves every shipped rule, runs every example and checks the bounds the
# bundled rules keep (tests/rules/check_shipped.cmake). A generous Z3 timeout
# (on a loaded 2-core machine a proof that takes 2 s alone can pass the
# default 10 s); --no-cache: whatever a developer's cache holds.
add_test(NAME rules-check-shipped COMMAND ${CMAKE_COMMAND} -DEQSAT=$<TARGET_FILE:eqsat-wasm>
  -DRULESETS=${CMAKE_SOURCE_DIR}/rulesets -P ${CMAKE_CURRENT_SOURCE_DIR}/rules/check_shipped.cmake)
set_tests_properties(rules-check-shipped PROPERTIES LABELS "rules" TIMEOUT 1200)

set(EQSAT_RULES_TESTS ${CMAKE_CURRENT_SOURCE_DIR}/rules)

# The slip is refused, the correct rule proved.
add_test(NAME rules-check-slip COMMAND eqsat-wasm check-rules ${EQSAT_RULES_TESTS}/slip.json)
set_tests_properties(rules-check-slip PROPERTIES LABELS "rules"
  PASS_REGULAR_EXPRESSION "seam-high-half-slip' \\(#1\\) \\[\\?a:i32 \\?b:i32\\]: UNSOUND: .*seam-high-half' \\(#2\\) \\[\\?a:i32 \\?b:i32\\]: proved")

# Without the prover plugin (rules/z3/z3_query.h) check-rules says so in one line and exits 2.
add_test(NAME rules-check-no-prover COMMAND ${CMAKE_COMMAND} -DEQSAT=$<TARGET_FILE:eqsat-wasm>
  -DRULES=${EQSAT_RULES_TESTS}/slip.json -P ${CMAKE_CURRENT_SOURCE_DIR}/rules/no_prover.cmake)
set_tests_properties(rules-check-no-prover PROPERTIES LABELS "rules")

# Every deliberately wrong rule is rejected with a counterexample.
add_test(NAME rules-check-wrong COMMAND eqsat-wasm check-rules ${EQSAT_RULES_TESTS}/wrong.json)
set_tests_properties(rules-check-wrong PROPERTIES LABELS "rules"
  PASS_REGULAR_EXPRESSION "check-rules: 11 checks: 0 proved, 11 unsound, 0 unknown")

# Malformed files: their precise one-line error.
function(eqsat_rules_bad name regex)
  add_test(NAME rules-bad-${name} COMMAND eqsat-wasm check-rules ${EQSAT_RULES_TESTS}/bad/${name}.json)
  set_tests_properties(rules-bad-${name} PROPERTIES LABELS "rules" PASS_REGULAR_EXPRESSION "${regex}")
endfunction()
eqsat_rules_bad(bad-json "bad-json.json:4:83: invalid JSON: syntax error while parsing object - unexpected string literal; expected '}'")
eqsat_rules_bad(unknown-op "unknown-op.json:8:16: rule 'shr-by-zero' \\(#2\\): unknown operator `i64.shr`; did you mean `i64.shr_u` or `i64.shr_s`\\?")
eqsat_rules_bad(operand-type "operand-type.json:7:24: rule 'add-mixed' \\(#1\\): operand 1 of `i64.add` is `\\?a` of type i32, but i64 is expected")
eqsat_rules_bad(sides-differ "sides-differ.json:8:14: rule 'drop-extend' \\(#1\\): the two sides have different types: the lhs is i64, the rhs is i32")
eqsat_rules_bad(unbound "unbound.json:8:15: rule 'invent' \\(#1\\): unbound variable `\\?y`: the lhs does not bind it")
eqsat_rules_bad(uncaptured "uncaptured.json:9:19: rule 'shl-zero' \\(#1\\): condition on an uncaptured constant: `\\?k` is not captured as a constant in the lhs")
eqsat_rules_bad(cycle-a "cycle-b.json:3:15: include cycle: cycle-a.json -> cycle-b.json -> cycle-a.json")
eqsat_rules_bad(unbound-cond "unbound-cond.json:9:18: rule 'shl-by-k' \\(#1\\): unbound variable `\\?k`: the lhs does not bind it")
eqsat_rules_bad(include-missing "include-missing.json:3:15: included file 'no-such-topic.json' not found \\(looked for /.*/tests/rules/bad/no-such-topic.json\\)")

# Examples (docs/rules.md): each runs; a wrong one fails the check (exit 4) and says what was reached.
add_test(NAME rules-check-examples COMMAND eqsat-wasm check-rules --no-cache ${EQSAT_RULES_TESTS}/examples.json)
set_tests_properties(rules-check-examples PROPERTIES LABELS "rules"
  PASS_REGULAR_EXPRESSION "examples.json:13:9: example of rule 'or-self' \\(i32.or \\?x \\?x\\): ok\n[^\n]*examples.json:14:9: example of rule 'or-self' \\(i32.or \\?x \\(i32.const 0\\)\\): FAILED: reached \\(i32.or \\?x \\(i32.const 0\\)\\), not \\?x\n[^\n]*examples.json:5:16: example \\(i32.sub [^\n]*: ok\n.*check-rules: 8 checks: 8 proved, 0 unsound, 0 unknown. 3 examples: 2 passed, 1 failed. 4 rules without an example\n")
# --no-includes: only the file's own rule (and its examples); --only: the named rules (both directions of NAME-rev's width)
add_test(NAME rules-check-no-includes COMMAND eqsat-wasm check-rules --no-cache --no-includes ${EQSAT_RULES_TESTS}/examples.json)
set_tests_properties(rules-check-no-includes PROPERTIES LABELS "rules"
  PASS_REGULAR_EXPRESSION "check-rules: 1 checks: 1 proved, 0 unsound, 0 unknown. 3 examples: 2 passed, 1 failed\n")
add_test(NAME rules-check-only COMMAND eqsat-wasm check-rules --no-cache --only shl-one-add-rev,sub-const ${EQSAT_RULES_TESTS}/examples.json)
set_tests_properties(rules-check-only PROPERTIES LABELS "rules"
  PASS_REGULAR_EXPRESSION "rule 'sub-const' \\(#1\\) [^\n]*: proved\n[^\n]*rule 'shl-one-add.i32-rev' \\(#4\\) [^\n]*: proved\n[^\n]*rule 'shl-one-add.i64-rev' \\(#4\\) [^\n]*: proved\n.*check-rules: 3 checks: 3 proved, 0 unsound, 0 unknown. 2 rules without an example\n")
add_test(NAME rules-check-only-unknown COMMAND eqsat-wasm check-rules --no-cache --only sub-cnst ${EQSAT_RULES_TESTS}/examples.json)
set_tests_properties(rules-check-only-unknown PROPERTIES LABELS "rules"
  PASS_REGULAR_EXPRESSION "eqsat-wasm: check-rules: --only: no rule named 'sub-cnst' in the files given")
