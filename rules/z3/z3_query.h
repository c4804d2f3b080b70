// The Z3 proof of one rule direction under one typing, across the boundary of
// the prover plugin.
//
// Only `eqsat-wasm check-rules` proves rules, so Z3 lives in a plugin of its
// own, libeqsat-z3.so (rules/z3/z3_query.cpp, built beside the command): the
// other commands neither map libz3 nor pay for its relocations at start-up.
// rules/check.cpp loads the plugin on the first proof (z3Check) and turns its
// answer into the checker's one-line outcome.
//
// The plugin is built from the same sources by the same compiler as the
// command, so the types below cross the boundary as they are.
#pragma once

#include "rules/ast.h"

#include <cstdint>
#include <string>
#include <vector>

namespace eqsat::rules::detail {

// One side's result in a counterexample: a trap, a store, or a value.
struct Z3SideResult {
  bool trap = false;
  bool isStore = false;
  unsigned storeBytes = 0;
  uint64_t value = 0;         // the value, or the stored bits
  uint64_t storeAddress = 0;  // the effective address of a store
};

// What the solver found for one rule direction under one typing.
struct Z3Answer {
  CheckOutcome::Status status = CheckOutcome::Unknown;
  std::string unknownReason;  // Unknown: Z3's reason, or the error it raised
  uint64_t work = 0;          // Z3's resource count ("rlimit count") over the queries
  // Unsound: the counterexample, in the checker's terms (variables in rule
  // order, one offset per memory slot, the memory size) and both results.
  std::vector<uint64_t> variableValues;
  std::vector<uint64_t> memoryOffsets;
  uint64_t memorySize = 0;
  Z3SideResult lhs, rhs;
};

// The plugin's one entry point, looked up by kZ3QuerySymbol.
using Z3QueryFunction = void (*)(const RuleAst& rule, const Typing& typing, unsigned timeoutMs, Z3Answer& answer);
inline constexpr const char* kZ3QuerySymbol = "eqsat_z3_query";
inline constexpr const char* kZ3PluginFileName = "libeqsat-z3.so";

} // namespace eqsat::rules::detail
