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
// then one line per example (docs/rules.md "examples"):
//   "FILE:LINE:COL: example of rule 'NAME' EXPR: ok" / "...: FAILED: reached X, not Y"
// then one line per rule without an example of its own ("FILE:LINE:COL: rule 'NAME' (#INDEX): no example"),
// the slowest check's CPU time and the largest Z3 work count ("rlimit count") of a check,
// then a summary line "check-rules: N checks: P proved, U unsound, K unknown[; E examples: A passed, F failed]
// [; R rules without an example]". A rule without an example does not change the exit code.
// Malformed files: their one-line RuleError to `err`.
// Returns the exit code: 0 all proved, 2 a file is malformed, 4 any unsound/unknown or a failed example (2 wins).
// Examples are run under this cost model with every rule of their file (includes too).
constexpr const char* kExampleCostModel = "thumb2";
struct CheckOptions {
  unsigned z3TimeoutMs = 10000;
  std::vector<std::string> only;  // check only these rules (names as --trace-rule takes them); empty = all
  bool noIncludes = false;        // check only the rules written in the files given, not those they include
  // Proofs found are kept in `cacheDir` (one file per rule direction and typing, named by a hash
  // of the rule's text and the checker's version); a rule found there is not proved again.
  // "" = no cache. Failing to read or write the cache only costs the proof.
  std::string cacheDir;
};
int runCheckRules(const std::vector<std::string>& files, std::ostream& out, std::ostream& err,
                  const CheckOptions& options);
inline int runCheckRules(const std::vector<std::string>& files, std::ostream& out, std::ostream& err,
                         unsigned z3TimeoutMs = 10000) {
  CheckOptions o;
  o.z3TimeoutMs = z3TimeoutMs;
  return runCheckRules(files, out, err, o);
}

// The proof cache's directory when none is given: $EQSAT_CACHE_DIR, else
// $XDG_CACHE_HOME/eqsat-wasm, else $HOME/.cache/eqsat-wasm ("" if none is set).
std::string defaultProofCacheDir();
// True when every direction and typing of every rule of `files` (with their
// includes) is in the proof cache as proved (the summary line of a run says "proved").
bool proofsCached(const std::vector<std::string>& files, const std::string& cacheDir);

} // namespace eqsat::rules
