#include "cli/rules_glue.h"

#include "module/errors.h"
#include "module/module_io.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <ostream>
#include <sstream>

#if __has_include("rules/loader.h")
#include "rules/loader.h"
#define EQSAT_HAVE_RULES_LOADER 1
#else
#define EQSAT_HAVE_RULES_LOADER 0
#endif
#if __has_include("rules/check.h")
#include "rules/check.h"
#define EQSAT_HAVE_RULES_CHECK 1
#else
#define EQSAT_HAVE_RULES_CHECK 0
#endif

namespace eqsat::cli {

struct LoadedRules::Impl {
  std::vector<Rewrite> rewrites;  // all files concatenated
  std::vector<RuleSetInfo> infos;
};

LoadedRules::LoadedRules() : impl(std::make_unique<Impl>()) {}
LoadedRules::~LoadedRules() = default;
LoadedRules::LoadedRules(LoadedRules&&) noexcept = default;
LoadedRules& LoadedRules::operator=(LoadedRules&&) noexcept = default;
const std::vector<Rewrite>& LoadedRules::rewrites() const { return impl->rewrites; }
const std::vector<RuleSetInfo>& LoadedRules::sets() const { return impl->infos; }

bool haveRulesLoader() { return EQSAT_HAVE_RULES_LOADER; }

std::string defaultRulesPath() {
#if EQSAT_HAVE_RULES_LOADER
  return rules::defaultRulesetPath();
#else
  return "";
#endif
}

namespace {
// RuleError::what() is a complete one-line message, normally starting with
// "FILE:LINE:COL: "; keep it as it is behind "eqsat-wasm: ".
// True if msg starts with "SOMEFILE:LINE:COL: " (an error in an included file
// names that file, not the one given with --rules).
bool hasLocation(const std::string& msg) {
  size_t colon = msg.find(": ");
  if (colon == std::string::npos) return false;
  size_t i = colon, digits = 0;
  for (int part = 0; part < 2; ++part) {
    size_t end = i;
    while (i > 0 && std::isdigit(static_cast<unsigned char>(msg[i - 1]))) --i;
    digits = end - i;
    if (digits == 0 || i == 0 || msg[i - 1] != ':') return false;
    --i;
  }
  return i > 0;
}

[[noreturn]] void throwRuleError(const std::string& file, const std::string& what) {
  std::string msg = oneLine(what);
  if (msg.rfind(file + ":", 0) == 0 || hasLocation(msg)) throw CliError(kExitBadInput, "", msg);
  throw CliError(kExitBadInput, file, msg);
}
} // namespace

LoadedRules loadRules(const std::vector<std::string>& files, RuleCheck check) {
  LoadedRules lr;
  for (const auto& f : files) {
    readFileBytes(f);  // uniform "cannot read" message (throws)
#if EQSAT_HAVE_RULES_LOADER
    try {
      rules::LoadedRuleset set = rules::loadRulesetFile(f, rules::LoadOptions{check == RuleCheck::RandomInputs, bundledRulesBlob()});
      lr.impl->infos.push_back({f, set.name, set.rewrites.size(), set.inputsTried});
      std::move(set.rewrites.begin(), set.rewrites.end(), std::back_inserter(lr.impl->rewrites));
    } catch (const rules::RuleError& e) {
      throwRuleError(f, e.what());
    }
#else
    (void)check;
    lr.impl->infos.push_back({f, "", 0});
#endif
  }
  return lr;
}

std::string rulesCheckedText(const LoadedRules& rules, RuleCheck checkedAtLoad) {
  std::string s;
  for (const RuleSetInfo& info : rules.sets()) {
    s += s.empty() ? "rules " : ", ";
    s += info.file;
#if EQSAT_HAVE_RULES_CHECK
    if (rules::proofsCached({info.file}, rules::defaultProofCacheDir())) {
      s += " proved";
      continue;
    }
#endif
    if (checkedAtLoad == RuleCheck::RandomInputs)
      s += " randomly checked on " + std::to_string(info.inputsTried) + " inputs, not proved (check-rules proves them)";
    else
      s += " not checked (--no-check-rules)";
  }
  return s;
}

int checkRulesCommand(const std::vector<std::string>& files, std::ostream& out, std::ostream& err,
                      const CheckRulesArgs& args) {
#if EQSAT_HAVE_RULES_CHECK
  // The checker writes bare "FILE:LINE:COL: ..." lines for malformed files;
  // give each the program prefix.
  std::ostringstream errBuf;
  int rc;
  try {
    rules::CheckOptions co;
    co.z3TimeoutMs = args.z3TimeoutMs;
    co.only = args.only;
    co.noIncludes = args.noIncludes;
    if (args.cache) co.cacheDir = args.cacheDir.empty() ? rules::defaultProofCacheDir() : args.cacheDir;
    rc = rules::runCheckRules(files, out, errBuf, co);
  } catch (const std::exception& e) {
    rc = kExitInternal;
    errBuf << "check-rules: internal error: " << e.what() << "\n";
  }
  std::istringstream lines(errBuf.str());
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    if (line.rfind(std::string(kProgramName) + ": ", 0) == 0) err << line << "\n";
    else err << kProgramName << ": " << line << "\n";
  }
  return rc;
#else
  (void)files;
  (void)out;
  (void)args;
  err << formatErrorLine("check-rules", "not available in this build (rules/check.h missing)")
      << "\n";
  return kExitInternal;
#endif
}

} // namespace eqsat::cli
