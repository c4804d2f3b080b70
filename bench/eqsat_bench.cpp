// eqsat-bench: run equality saturation on s-expression start terms with a JSON
// ruleset ({name, description, rules: [{name, lhs, rhs}]}) and report sizes,
// time and memory. See bench/README.md.
#include "egraph/egraph.h"
#include "egraph/pattern.h"
#include "egraph/rewrite.h"
#include "egraph/runner.h"

#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace eqsat;

namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

long peakRssKb() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

void usage() {
  std::fprintf(stderr,
               "usage: eqsat-bench --term FILE... --rules FILE [--scheduler backoff|simple]\n"
               "                   [--node-limit N] [--iter-limit N] [--time-limit S] [--no-analysis]\n"
               "                   [--match-limit N] [--ban-length N] [--same TERM_A TERM_B] [--json]\n"
               "                   [--expect-enodes N] [--expect-eclasses N] [--expect-iterations N]\n"
               "                   [--expect-stop saturated|iteration-limit|node-limit|time-limit]\n"
               "Bare numbers in terms and rules are plain leaves (benchmark workloads).\n");
}

// The command line.
struct BenchArgs {
  std::vector<std::string> termFiles;
  std::string rulesFile;
  RunnerLimits limits;
  bool analysis = true, json = false;
  std::vector<std::pair<std::string, std::string>> sames;  // --same TERM_A TERM_B
  long long expectNodes = -1, expectClasses = -1, expectIters = -1;
  std::string expectStop;
};

// Parses argv into `b`; an exit code when the run ends here (usage, --help).
std::optional<int> parseArgs(int argc, char** argv, BenchArgs& args) {
  args.limits.nodes = 1000000;
  args.limits.seconds = 60;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage();
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--term") {
      args.termFiles.push_back(next());
      while (i + 1 < argc && argv[i + 1][0] != '-') args.termFiles.push_back(argv[++i]);
    } else if (a == "--rules") args.rulesFile = next();
    else if (a == "--scheduler") {
      std::string s = next();
      if (s == "backoff") args.limits.scheduler = SchedulerKind::Backoff;
      else if (s == "simple") args.limits.scheduler = SchedulerKind::Simple;
      else {
        usage();
        return 2;
      }
    } else if (a == "--node-limit") args.limits.nodes = std::stoull(next());
    else if (a == "--iter-limit") args.limits.iterations = unsigned(std::stoul(next()));
    else if (a == "--time-limit") args.limits.seconds = std::stod(next());
    else if (a == "--match-limit") args.limits.matchLimit = std::stoull(next());
    else if (a == "--ban-length") args.limits.banLength = unsigned(std::stoul(next()));
    else if (a == "--no-analysis") args.analysis = false;
    else if (a == "--expect-enodes") args.expectNodes = std::stoll(next());
    else if (a == "--expect-eclasses") args.expectClasses = std::stoll(next());
    else if (a == "--expect-iterations") args.expectIters = std::stoll(next());
    else if (a == "--expect-stop") args.expectStop = next();
    else if (a == "--json") args.json = true;
    else if (a == "--same") {
      std::string x = next();
      std::string y = next();
      args.sames.emplace_back(x, y);
    } else if (a == "-h" || a == "--help") {
      usage();
      return 0;
    } else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      usage();
      return 2;
    }
  }
  if (args.termFiles.empty() || args.rulesFile.empty()) {
    usage();
    return 2;
  }
  return std::nullopt;
}

// Bare numbers in terms and rules are leaves, not constants (benchmark workloads).
constexpr bool kBareNumbersAsSymbols = true;

// The ruleset file: {rules: [{name, lhs, rhs}]}.
std::vector<Rewrite> readRules(const std::string& path) {
  nlohmann::json ruleset = nlohmann::json::parse(readFile(path));
  std::vector<Rewrite> rules;
  for (const auto& r : ruleset.at("rules")) {
    Rewrite rewrite;
    rewrite.name = r.at("name").get<std::string>();
    rewrite.lhs = parsePatternSimple(r.at("lhs").get<std::string>(), kBareNumbersAsSymbols);
    rewrite.rhs = parsePatternSimple(r.at("rhs").get<std::string>(), kBareNumbersAsSymbols);
    // An untyped rhs root (a bare leaf such as `0`) takes the lhs root's type.
    PNode& rhsRoot = rewrite.rhs.nodes.back();
    if (rhsRoot.kind == PNode::Node && rhsRoot.ty == Ty::none && opInfo(rhsRoot.op).typedPerNode)
      rhsRoot.ty = rewrite.lhs.root().ty;
    // rhs variables must be bound by the lhs: map rhs var ids onto lhs ids by name
    for (PNode& n : rewrite.rhs.nodes) {
      if (n.kind != PNode::Var && n.kind != PNode::ConstVar) continue;
      const std::string& name = rewrite.rhs.varNames[n.var];
      bool found = false;
      for (VarId v = 0; v < rewrite.lhs.numVars; ++v)
        if (rewrite.lhs.varNames[v] == name) {
          n.var = v;
          found = true;
        }
      if (!found) throw std::runtime_error("rule " + rewrite.name + ": unbound variable " + name);
    }
    rewrite.rhs.varNames = rewrite.lhs.varNames;
    rewrite.rhs.numVars = rewrite.lhs.numVars;
    rules.push_back(std::move(rewrite));
  }
  return rules;
}

// The run's numbers as JSON (what --json prints).
nlohmann::json reportJson(const RunReport& report, const std::vector<std::string>& ruleNames, const EGraph& g,
                          const BenchArgs& args, double seconds, size_t startNodes, const std::vector<ClassId>& roots, const std::vector<bool>& sameClass) {
  nlohmann::json out = {
      {"time_s", seconds},
      {"run_s", report.seconds},
      {"iterations", report.iterations},
      {"enodes", report.nodes},
      {"eclasses", report.classes},
      {"stop_reason", stopReasonName(report.stop)},
      {"peak_rss_kb", peakRssKb()},
      {"applied", report.applied},
      {"start_enodes", startNodes},
      {"egraph_bytes", g.memoryBytes()},
      {"scheduler", args.limits.scheduler == SchedulerKind::Backoff ? "backoff" : "simple"},
  };
  nlohmann::json rootsJ = nlohmann::json::array();
  for (ClassId r : roots) rootsJ.push_back(g.find(r));
  out["roots"] = rootsJ;
  if (!args.sames.empty()) out["same"] = sameClass;
  nlohmann::json ruleStats = nlohmann::json::array();
  for (const auto& r : report.rules)
    ruleStats.push_back({{"name", ruleNames[r.rule]}, {"matches", r.matches}, {"applied", r.applied}, {"banned", r.timesBanned}});
  out["rules"] = ruleStats;
  nlohmann::json iterations = nlohmann::json::array();
  for (const auto& it : report.perIteration)
    iterations.push_back({{"nodes", it.nodes}, {"classes", it.classes}, {"applied", it.applied},
                          {"nodes_before_rebuild", it.nodesBeforeRebuild},
                          {"search_s", it.searchSeconds}, {"apply_s", it.applySeconds},
                          {"rebuild_s", it.rebuildSeconds}});
  out["per_iteration"] = iterations;
  return out;
}

// 1 if a --same pair is not in one class or an --expect-* does not hold (each printed), else 0.
int checkExpectations(const RunReport& report, const BenchArgs& args, const std::vector<bool>& sameClass) {
  int rc = 0;
  for (size_t k = 0; k < sameClass.size(); ++k)
    if (!sameClass[k]) {
      std::fprintf(stderr, "FAIL: %s and %s are not in the same class\n", args.sames[k].first.c_str(),
                   args.sames[k].second.c_str());
      rc = 1;
    }
  auto expect = [&](const char* what, long long want, long long got) {
    if (want >= 0 && want != got) {
      std::fprintf(stderr, "FAIL: %s = %lld, expected %lld\n", what, got, want);
      rc = 1;
    }
  };
  expect("enodes", args.expectNodes, (long long)report.nodes);
  expect("eclasses", args.expectClasses, (long long)report.classes);
  expect("iterations", args.expectIters, (long long)report.iterations);
  if (!args.expectStop.empty() && args.expectStop != stopReasonName(report.stop)) {
    std::fprintf(stderr, "FAIL: stop reason %s, expected %s\n", stopReasonName(report.stop), args.expectStop.c_str());
    rc = 1;
  }
  return rc;
}

// Saturates the terms with the rules; prints the result; the exit code.
int runBench(const BenchArgs& args) {
  std::vector<Rewrite> rules = readRules(args.rulesFile);
  auto t0 = std::chrono::steady_clock::now();
  EGraph g(EGraphOptions{.analysis = args.analysis});
  std::vector<ClassId> roots;
  for (const auto& f : args.termFiles) roots.push_back(addTerm(g, readFile(f), kBareNumbersAsSymbols));
  g.rebuild();
  size_t startNodes = g.numNodes();
  Runner runner(g, args.limits);
  runner.addRewrites(rules);
  RunReport report = runner.run();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<bool> sameClass;
  for (auto& [x, y] : args.sames) {
    ClassId a = addTerm(g, x, kBareNumbersAsSymbols), c = addTerm(g, y, kBareNumbersAsSymbols);
    sameClass.push_back(g.find(a) == g.find(c));
  }
  nlohmann::json out = reportJson(report, runner.ruleNames(), g, args, seconds, startNodes, roots, sameClass);
  if (args.json) {
    std::cout << out.dump() << "\n";
  } else {
    std::printf("%s: %u iterations, %zu e-nodes, %zu e-classes, %.3f s, peak RSS %ld KiB\n",
                stopReasonName(report.stop), report.iterations, report.nodes, report.classes, seconds, peakRssKb());
  }
  return checkExpectations(report, args, sameClass);
}

} // namespace

int main(int argc, char** argv) {
  BenchArgs args;
  if (std::optional<int> rc = parseArgs(argc, argv, args)) return *rc;
  try {
    return runBench(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "eqsat-bench: %s\n", e.what());
    return 2;
  }
}
