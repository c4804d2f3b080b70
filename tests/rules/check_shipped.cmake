# rules-check-shipped: `eqsat-wasm check-rules` over every bundled ruleset,
# without the proof cache, and the bounds the bundled rules keep
# (rulesets/README.md):
# - every rule proved, every example passed;
# - every rule has an example of its own;
# - every check (one rule direction at one width) within 2 s of CPU, and
#   within a budget of Z3 work ("rlimit count"), which is the same on every
#   machine for one Z3 version: a proof whose encoding regresses fails here
#   however fast the machine.
# Run as: cmake -DEQSAT=... -DRULESETS=DIR -P check_shipped.cmake
cmake_minimum_required(VERSION 3.16)

set(MAX_CPU_SECONDS 2)
set(MAX_Z3_WORK 5000000)

file(GLOB files ${RULESETS}/*.json)
list(FILTER files EXCLUDE REGEX "rules\\.schema\\.json$")
execute_process(COMMAND ${EQSAT} check-rules --no-cache --z3-timeout 60000 ${files}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
set(failures "")
if(NOT rc EQUAL 0)
  string(APPEND failures "exit code ${rc}\n")
endif()
if(NOT out MATCHES "check-rules: [0-9]+ checks: [0-9]+ proved, 0 unsound, 0 unknown; [0-9]+ examples: [0-9]+ passed, 0 failed")
  string(APPEND failures "not every rule proved and every example passed\n")
endif()
string(REGEX MATCHALL "[^\n]*: rule '[^']*' \\(#[0-9]+\\): no example" missing "${out}")
foreach(line IN LISTS missing)
  string(APPEND failures "${line}: every bundled rule needs an example (rulesets/README.md)\n")
endforeach()
if(out MATCHES "slowest check ([0-9.]+) s of CPU: ([^\n]*)")
  set(what "${CMAKE_MATCH_2}")
  if(CMAKE_MATCH_1 GREATER MAX_CPU_SECONDS)
    string(APPEND failures "${what}: ${CMAKE_MATCH_1} s of CPU, more than ${MAX_CPU_SECONDS} s\n")
  endif()
else()
  string(APPEND failures "no slowest-check line\n")
endif()
if(out MATCHES "most Z3 work ([0-9]+) resource units: ([^\n]*)")
  if(CMAKE_MATCH_1 GREATER MAX_Z3_WORK)
    string(APPEND failures "${CMAKE_MATCH_2}: ${CMAKE_MATCH_1} Z3 resource units, more than ${MAX_Z3_WORK}\n")
  endif()
else()
  string(APPEND failures "no Z3-work line\n")
endif()
if(failures)
  message(FATAL_ERROR "${out}${err}\nrules-check-shipped failed:\n${failures}")
endif()
string(REGEX MATCH "check-rules: slowest[^\n]*\ncheck-rules: most[^\n]*\ncheck-rules: [^\n]*" summary "${out}")
message(STATUS "${summary}")
