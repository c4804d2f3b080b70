# The source layout's limits (docs/architecture.md): no source file over 800
# lines, no function over 120 (a switch's one-line cases do not count).
add_test(NAME layout/limits COMMAND python3 ${CMAKE_SOURCE_DIR}/scripts/check-layout.py)
set_tests_properties(layout/limits PROPERTIES LABELS "layout" TIMEOUT 60)
