// The command line: `eqsat-wasm IN [options]` and `eqsat-wasm check-rules FILE...`.
// Options are table-driven (see options.cpp, kOptionSpecs): adding a flag is one
// entry with its name, argument, help text and what it sets.
#pragma once

#include "module/features.h"
#include "module/optimize.h"

#include <optional>
#include <string>
#include <vector>

namespace eqsat::cli {

enum class Command { Optimize, CheckRules, Help, Version };

struct CliOptions {
  Command command = Command::Optimize;
  std::string input;                   // IN
  std::vector<std::string> rulesFiles; // --rules (repeatable); empty = default ruleset
  std::optional<std::string> output;   // -o; "-" = stdout
  bool textOutput = false;             // -S
  bool inPlace = false;                // --in-place
  bool quiet = false;                  // -q
  bool checkRules = true;              // --no-check-rules clears it
  FeatureSelection features;           // --enable-*/--disable-*/--all-features/--mvp-features
  OptimizeOptions optimize;            // --inline, --traps-never-happen, limits
  // observability (cli/stats.h, cli/explain_command.h; docs/observability.md)
  long statsTop = -1;                  // --stats: -1 off, 0 every function, N the N largest (default 10)
  std::string reportFile;              // --report FILE.json
  std::vector<std::string> explain;    // --explain FUNC (repeatable)
  std::vector<std::pair<std::string, std::string>> dumps;  // --dump-egraph FUNC[=FILE] (FILE "" = default name)
  std::string dumpFormat = "dot";      // --format dot|json
  std::string traceRule;               // --trace-rule NAME
  // check-rules
  std::vector<std::string> checkFiles;
  unsigned z3TimeoutMs = 10000;        // check-rules --z3-timeout MS
  std::vector<std::string> checkOnly;  // check-rules --only NAME[,NAME]
  bool checkNoIncludes = false;        // check-rules --no-includes
  bool proofCache = true;              // check-rules --no-cache clears it
  std::string proofCacheDir;           // check-rules --cache-dir DIR ("" = rules::defaultProofCacheDir())
};

// Parses argv[1..]. Throws CliError(kExitUsage, OPTION, message) on a usage error.
CliOptions parseCommandLine(const std::vector<std::string>& args);

// A word of the command line: "--opt=value" is split into its name and value;
// any other word is a name alone.
struct OptionWord {
  std::string name, value;
  bool hasValue = false;
};
OptionWord splitOptionWord(const std::string& word);

// The --help text (both forms, options, exit codes).
std::string helpText();
// One line for usage errors: "usage: eqsat-wasm IN [options] (see --help)".
std::string usageLine();

} // namespace eqsat::cli
