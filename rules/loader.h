// The rule language loader: JSON rulesets of s-expression rewrite rules
// (docs/rules.md) compiled to eqsat::Rewrite, with exact one-line errors.
#pragma once

#include "egraph/rewrite.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace eqsat::rules {

// what() is the full one-line message:
//   "FILE:LINE:COL: rule 'NAME' (#INDEX): what is wrong"      (errors inside a rule)
//   "FILE:LINE:COL: what is wrong"                             (file-level errors)
struct RuleError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct RuleInfo {
  std::string name, comment, file;
  unsigned index;      // 1-based position of the rule in its file's "rules" array
  unsigned line, col;  // position of the rule's JSON object in `file`
};

struct LoadedRuleset {
  std::string name, description;
  std::vector<Rewrite> rewrites;
  std::vector<RuleInfo> info;  // rewrites[i] <-> info[i]; a bidirectional rule yields NAME and NAME-rev
                               // (NAME.i32-rev and NAME.i64-rev for an iN rule)
  size_t inputsTried = 0;      // inputs the randomized check at load time tested the rules on (0: not checked)
};

struct LoadOptions {
  bool fastCheck = true;  // randomized soundness check at load time; throws RuleError on a counterexample
  // Rulesets parsed at build time (rules/ruleset_blob.h): a file found there
  // with the contents it had then is not parsed again. Empty: parse.
  std::string_view bundled;
};

// Loads a ruleset file, following "include" (relative to the including file; cycles are errors).
LoadedRuleset loadRulesetFile(const std::string& path, const LoadOptions& = {});
// Same from text; includes are resolved relative to the directory of fileNameForErrors.
LoadedRuleset loadRulesetText(const std::string& text, const std::string& fileNameForErrors,
                              const LoadOptions& = {});

// rulesets/default.json: <exe dir>/../share/eqsat-wasm/rulesets/default.json if it exists,
// else EQSAT_SOURCE_DIR "/rulesets/default.json".
std::string defaultRulesetPath();

} // namespace eqsat::rules
