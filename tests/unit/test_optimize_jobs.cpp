// module/optimize.h: the module's rule totals (summed by the workers as each
// function is done) and its per-function summaries are the same for any -j.
#include "module/optimize.h"
#include "rules/loader.h"

#include <binaryen-c.h>
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace eqsat;

namespace {

OptimizeSummary optimizedWithJobs(const std::vector<char>& bytes, const std::vector<Rewrite>& rules, unsigned jobs) {
  std::vector<char> copy(bytes);
  BinaryenModuleRef m = BinaryenModuleRead(copy.data(), copy.size());
  BinaryenModuleSetFeatures(m, BinaryenFeatureMVP() | BinaryenFeatureSignExt() | BinaryenFeatureMutableGlobals());
  OptimizeOptions opts;
  opts.jobs = jobs;
  OptimizeSummary summary;
  optimizeModule(m, rules, opts, summary);
  BinaryenModuleDispose(m);
  return summary;
}

} // namespace

TEST_CASE("optimize: rule totals and summaries do not depend on the number of jobs") {
  std::ifstream f(std::string(EQSAT_SHARED_DIR) + "/corpus/pulseengine/httparse.wasm", std::ios::binary);
  REQUIRE(f);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(f)), {});
  auto rs = rules::loadRulesetFile(rules::defaultRulesetPath());
  const OptimizeSummary one = optimizedWithJobs(bytes, rs.rewrites, 1);
  const OptimizeSummary two = optimizedWithJobs(bytes, rs.rewrites, 2);
  REQUIRE(one.functions > 2);
  CHECK(two.functions == one.functions);
  CHECK(two.hitLimit == one.hitLimit);
  REQUIRE(two.rules.size() == one.rules.size());
  CHECK(one.ruleNames == saturationRuleNames(rs.rewrites));
  REQUIRE(one.rules.size() == one.ruleNames.size());
  size_t matched = 0;
  for (size_t i = 0; i < one.rules.size(); ++i) {
    CAPTURE(one.ruleNames[i]);
    CHECK(one.rules[i].rule == i);
    CHECK(two.rules[i].rule == i);
    CHECK(two.rules[i].matches == one.rules[i].matches);
    CHECK(two.rules[i].applied == one.rules[i].applied);
    CHECK(two.rules[i].rejected == one.rules[i].rejected);
    CHECK(two.rules[i].timesBanned == one.rules[i].timesBanned);
    matched += one.rules[i].matches;
  }
  CHECK(matched > 0);
  REQUIRE(two.perFunction.size() == one.perFunction.size());
  for (size_t i = 0; i < one.perFunction.size(); ++i) {
    CHECK(two.perFunction[i].name == one.perFunction[i].name);
    CHECK(two.perFunction[i].costAfter == one.perFunction[i].costAfter);
    CHECK(two.perFunction[i].rules.size() == one.perFunction[i].rules.size());
    for (const RuleStats& r : one.perFunction[i].rules) CHECK(r.rule < one.ruleNames.size());
  }
}
