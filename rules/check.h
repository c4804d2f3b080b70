// Soundness checking of rules: a randomized check with the project's evaluator
// (eqsat::evalOp) and a proof in Z3's bit-vector theory with exact wasm semantics.
#pragma once

#include "rules/loader.h"

#include <ostream>
#include <string>
#include <vector>

namespace eqsat::rules {

// eqsat-wasm check-rules FILE...
// Prints to `out` one line per rule direction and typing:
//   "FILE:LINE:COL: rule 'NAME' (#INDEX) [?a:i32 ?b:i64]: proved"
//   "FILE:LINE:COL: rule 'NAME' (#INDEX) [?a:i32]: UNSOUND: ?a = 0x1: lhs = 0x2, rhs = 0x3"
//   "FILE:LINE:COL: rule 'NAME' (#INDEX) [?a:i32]: unknown (z3: timeout)"
// then a summary line "check-rules: N checks: P proved, U unsound, K unknown".
// Malformed files: their one-line RuleError to `err`.
// Returns the exit code: 0 all proved, 2 a file is malformed, 4 any unsound/unknown (2 wins).
int runCheckRules(const std::vector<std::string>& files, std::ostream& out, std::ostream& err,
                  unsigned z3TimeoutMs = 10000);

} // namespace eqsat::rules
