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
std::optional<int> parseArgs(int argc, char** argv, BenchArgs& b) {
  b.limits.nodes = 1000000;
  b.limits.seconds = 60;
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
      b.termFiles.push_back(next());
      while (i + 1 < argc && argv[i + 1][0] != '-') b.termFiles.push_back(argv[++i]);
    } else if (a == "--rules") b.rulesFile = next();
    else if (a == "--scheduler") {
      std::string s = next();
      if (s == "backoff") b.limits.scheduler = SchedulerKind::Backoff;
      else if (s == "simple") b.limits.scheduler = SchedulerKind::Simple;
      else {
        usage();
        return 2;
      }
    } else if (a == "--node-limit") b.limits.nodes = std::stoull(next());
    else if (a == "--iter-limit") b.limits.iterations = unsigned(std::stoul(next()));
    else if (a == "--time-limit") b.limits.seconds = std::stod(next());
    else if (a == "--match-limit") b.limits.matchLimit = std::stoull(next());
    else if (a == "--ban-length") b.limits.banLength = unsigned(std::stoul(next()));
    else if (a == "--no-analysis") b.analysis = false;
    else if (a == "--expect-enodes") b.expectNodes = std::stoll(next());
    else if (a == "--expect-eclasses") b.expectClasses = std::stoll(next());
    else if (a == "--expect-iterations") b.expectIters = std::stoll(next());
    else if (a == "--expect-stop") b.expectStop = next();
    else if (a == "--json") b.json = true;
    else if (a == "--same") {
      std::string x = next();
      std::string y = next();
      b.sames.emplace_back(x, y);
    } else if (a == "-h" || a == "--help") {
      usage();
      return 0;
    } else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      usage();
      return 2;
    }
  }
  if (b.termFiles.empty() || b.rulesFile.empty()) {
    usage();
    return 2;
  }
  return std::nullopt;
}

// Bare numbers in terms and rules are leaves, not constants (benchmark workloads).
constexpr bool kBareNumbersAsSymbols = true;

// The ruleset file: {rules: [{name, lhs, rhs}]}.
std::vector<Rewrite> readRules(const std::string& path) {
  nlohmann::json rj = nlohmann::json::parse(readFile(path));
  std::vector<Rewrite> rules;
  for (const auto& r : rj.at("rules")) {
    Rewrite rw;
    rw.name = r.at("name").get<std::string>();
    rw.lhs = parsePatternSimple(r.at("lhs").get<std::string>(), kBareNumbersAsSymbols);
    rw.rhs = parsePatternSimple(r.at("rhs").get<std::string>(), kBareNumbersAsSymbols);
    // An untyped rhs root (a bare leaf such as `0`) takes the lhs root's type.
    PNode& rr = rw.rhs.nodes.back();
    if (rr.kind == PNode::Node && rr.ty == Ty::none && opInfo(rr.op).typedPerNode) rr.ty = rw.lhs.root().ty;
    // rhs variables must be bound by the lhs: map rhs var ids onto lhs ids by name
    for (PNode& n : rw.rhs.nodes) {
      if (n.kind != PNode::Var && n.kind != PNode::ConstVar) continue;
      const std::string& name = rw.rhs.varNames[n.var];
      bool found = false;
      for (VarId v = 0; v < rw.lhs.numVars; ++v)
        if (rw.lhs.varNames[v] == name) {
          n.var = v;
          found = true;
        }
      if (!found) throw std::runtime_error("rule " + rw.name + ": unbound variable " + name);
    }
    rw.rhs.varNames = rw.lhs.varNames;
    rw.rhs.numVars = rw.lhs.numVars;
    rules.push_back(std::move(rw));
  }
  return rules;
}

// The run's numbers as JSON (what --json prints).
nlohmann::json reportJson(const RunReport& rep, const EGraph& g, const BenchArgs& b, double secs, size_t startNodes,
                          const std::vector<ClassId>& roots, const std::vector<bool>& sameRes) {
  nlohmann::json out = {
      {"time_s", secs},
      {"run_s", rep.seconds},
      {"iterations", rep.iterations},
      {"enodes", rep.nodes},
      {"eclasses", rep.classes},
      {"stop_reason", stopReasonName(rep.stop)},
      {"peak_rss_kb", peakRssKb()},
      {"applied", rep.applied},
      {"start_enodes", startNodes},
      {"egraph_bytes", g.memoryBytes()},
      {"scheduler", b.limits.scheduler == SchedulerKind::Backoff ? "backoff" : "simple"},
  };
  nlohmann::json rootsJ = nlohmann::json::array();
  for (ClassId r : roots) rootsJ.push_back(g.find(r));
  out["roots"] = rootsJ;
  if (!b.sames.empty()) out["same"] = sameRes;
  nlohmann::json rs = nlohmann::json::array();
  for (const auto& r : rep.rules)
    rs.push_back({{"name", r.name}, {"matches", r.matches}, {"applied", r.applied}, {"banned", r.timesBanned}});
  out["rules"] = rs;
  nlohmann::json its = nlohmann::json::array();
  for (const auto& it : rep.perIteration)
    its.push_back({{"nodes", it.nodes}, {"classes", it.classes}, {"applied", it.applied}, {"nodes_before_rebuild", it.nodesBeforeRebuild},
                   {"search_s", it.searchSeconds}, {"apply_s", it.applySeconds}, {"rebuild_s", it.rebuildSeconds}});
  out["per_iteration"] = its;
  return out;
}

// 1 if a --same pair is not in one class or an --expect-* does not hold (each printed), else 0.
int checkExpectations(const RunReport& rep, const BenchArgs& b, const std::vector<bool>& sameRes) {
  int rc = 0;
  for (size_t k = 0; k < sameRes.size(); ++k)
    if (!sameRes[k]) {
      std::fprintf(stderr, "FAIL: %s and %s are not in the same class\n", b.sames[k].first.c_str(),
                   b.sames[k].second.c_str());
      rc = 1;
    }
  auto expect = [&](const char* what, long long want, long long got) {
    if (want >= 0 && want != got) {
      std::fprintf(stderr, "FAIL: %s = %lld, expected %lld\n", what, got, want);
      rc = 1;
    }
  };
  expect("enodes", b.expectNodes, (long long)rep.nodes);
  expect("eclasses", b.expectClasses, (long long)rep.classes);
  expect("iterations", b.expectIters, (long long)rep.iterations);
  if (!b.expectStop.empty() && b.expectStop != stopReasonName(rep.stop)) {
    std::fprintf(stderr, "FAIL: stop reason %s, expected %s\n", stopReasonName(rep.stop), b.expectStop.c_str());
    rc = 1;
  }
  return rc;
}

// Saturates the terms with the rules; prints the result; the exit code.
int runBench(const BenchArgs& b) {
  std::vector<Rewrite> rules = readRules(b.rulesFile);
  auto t0 = std::chrono::steady_clock::now();
  EGraph g(EGraphOptions{.analysis = b.analysis});
  std::vector<ClassId> roots;
  for (const auto& f : b.termFiles) roots.push_back(addTerm(g, readFile(f), kBareNumbersAsSymbols));
  g.rebuild();
  size_t startNodes = g.numNodes();
  Runner runner(g, b.limits);
  runner.addRewrites(rules);
  RunReport rep = runner.run();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<bool> sameRes;
  for (auto& [x, y] : b.sames) {
    ClassId a = addTerm(g, x, kBareNumbersAsSymbols), c = addTerm(g, y, kBareNumbersAsSymbols);
    sameRes.push_back(g.find(a) == g.find(c));
  }
  nlohmann::json out = reportJson(rep, g, b, secs, startNodes, roots, sameRes);
  if (b.json) {
    std::cout << out.dump() << "\n";
  } else {
    std::printf("%s: %u iterations, %zu e-nodes, %zu e-classes, %.3f s, peak RSS %ld KiB\n",
                stopReasonName(rep.stop), rep.iterations, rep.nodes, rep.classes, secs, peakRssKb());
  }
  return checkExpectations(rep, b, sameRes);
}

} // namespace

int main(int argc, char** argv) {
  BenchArgs b;
  if (std::optional<int> rc = parseArgs(argc, argv, b)) return *rc;
  try {
    return runBench(b);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "eqsat-bench: %s\n", e.what());
    return 2;
  }
}
