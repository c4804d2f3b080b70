// The bridge to rules/ (loader and checker). Compiles with or without
// rules/loader.h and rules/check.h so the tree always builds.
#pragma once

#include "egraph/rewrite.h"

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace eqsat::cli {

struct RuleSetInfo {
  std::string file, name;
  size_t rules = 0;
  size_t inputsTried = 0;  // by the randomized check at load time (0: not checked)
};

// Holds the loaded rulesets alive (rewrites may refer into them).
class LoadedRules {
public:
  LoadedRules();
  ~LoadedRules();
  LoadedRules(LoadedRules&&) noexcept;
  LoadedRules& operator=(LoadedRules&&) noexcept;
  const std::vector<Rewrite>& rewrites() const;
  const std::vector<RuleSetInfo>& sets() const;
  struct Impl;
  std::unique_ptr<Impl> impl;
};

// True when this build has the rules loader.
bool haveRulesLoader();

// The bundled ruleset ("" when the loader is not part of this build).
std::string defaultRulesPath();

// The bundled rulesets as the build parsed them (rules/ruleset_blob.h),
// defined in the source the build writes (rules/embed/write_rules_blob.cpp).
std::string_view bundledRulesBlob();

// Whether rules are checked when loaded: on random inputs (rules/check.h's
// quick semantic check), or not at all (--no-check-rules; the bundled rules,
// which the test suite proves).
enum class RuleCheck { None, RandomInputs };

// Loads every file (in order). Throws CliError(kExitBadInput, FILE, ...) for a
// missing or malformed file.
LoadedRules loadRules(const std::vector<std::string>& files, RuleCheck check);

// `eqsat-wasm check-rules FILE...`; returns the exit code.
struct CheckRulesArgs {
  unsigned z3TimeoutMs = 10000;
  std::vector<std::string> only;
  bool noIncludes = false;
  bool cache = true;
  std::string cacheDir;  // "" = the default (rules/check.h defaultProofCacheDir)
};
int checkRulesCommand(const std::vector<std::string>& files, std::ostream& out, std::ostream& err,
                      const CheckRulesArgs& args);

// How each file of `rules` was checked, for the summary line of a run:
// "rules F proved" when all its rules are in the proof cache (rules/check.h)
// as proved, else "F randomly checked on N inputs, not proved" with the
// inputs the load-time check tried, or "F not checked" (--no-check-rules).
std::string rulesCheckedText(const LoadedRules& rules, RuleCheck checkedAtLoad);

} // namespace eqsat::cli
