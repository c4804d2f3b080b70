// The rule language loader's public entry points (rules/loader.h): parse a
// ruleset (rules/ruleset_file.cpp, or take it from the build's parse,
// rules/ruleset_blob.h), run the load-time soundness check
// (rules/check.cpp) and compile each rule to a Rewrite (rules/conditions.cpp).
#include "rules/loader.h"

#include "rules/ast.h"
#include "rules/check.h"
#include "rules/compiler.h"
#include "rules/ruleset_blob.h"

#include <filesystem>
#include <unistd.h>

namespace eqsat::rules {
namespace detail {

std::string ruleWhere(const RuleAst& r) {
  return r.file + ":" + std::to_string(r.line) + ":" + std::to_string(r.col) + ": " + ruleTag(r);
}

} // namespace detail

namespace {

LoadedRuleset finish(detail::ParsedRuleset p, const LoadOptions& opts) {
  size_t tried = 0;
  if (opts.fastCheck)
    for (const auto& r : p.rules)
      if (auto msg = detail::fastCheckRule(r, &tried)) throw RuleError(detail::ruleWhere(r) + ": " + *msg);
  LoadedRuleset out;
  out.inputsTried = tried;
  out.name = p.name;
  out.description = p.description;
  out.info.reserve(p.rules.size());
  out.rewrites.reserve(p.rules.size());
  for (auto& r : p.rules) {
    // The comment and file go to the rule's info; the compiled rule keeps
    // only what its conditions read.
    out.info.push_back(RuleInfo{r.name, std::move(r.comment), std::move(r.file), r.index, r.line, r.col});
    out.rewrites.push_back(detail::compileRewrite(std::move(r)));
  }
  return out;
}

} // namespace

LoadedRuleset loadRulesetFile(const std::string& path, const LoadOptions& opts) {
  if (!opts.bundled.empty())
    if (std::optional<detail::ParsedRuleset> parsed =
            detail::readRulesetBlob(opts.bundled, path, detail::RulesetParts::RulesOnly))  // finish drops the examples
      return finish(std::move(*parsed), opts);
  return finish(detail::parseRulesetFile(path), opts);
}

LoadedRuleset loadRulesetText(const std::string& text, const std::string& fileNameForErrors,
                              const LoadOptions& opts) {
  return finish(detail::parseRulesetText(text, fileNameForErrors), opts);
}

std::string defaultRulesetPath() {
  namespace fs = std::filesystem;
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    buf[n] = 0;
    fs::path p = fs::path(buf).parent_path() / ".." / "share" / "eqsat-wasm" / "rulesets" / "default.json";
    std::error_code ec;
    if (fs::exists(p, ec)) return p.lexically_normal().string();
  }
  return std::string(EQSAT_SOURCE_DIR) + "/rulesets/default.json";
}

} // namespace eqsat::rules
