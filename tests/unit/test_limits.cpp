// Unit tests for the limits inside e-matching: a nonlinear pattern over
// classes holding many nodes can search for seconds before it yields a match,
// so the runner's deadline is read inside the search (egraph/machine.h
// SearchDeadline).
#include "egraph/egraph.h"
#include "egraph/machine.h"
#include "egraph/pattern.h"
#include "egraph/rewrite.h"
#include "egraph/runner.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace eqsat;

namespace {

Rewrite limitsRule(const std::string& name, const std::string& lhs, const std::string& rhs) {
  Rewrite r;
  r.name = name;
  r.lhs = parsePatternSimple(lhs, false);
  r.rhs = parsePatternSimple(rhs, false);
  for (PNode& n : r.rhs.nodes)
    if (n.kind == PNode::Var)
      for (VarId v = 0; v < r.lhs.numVars; ++v)
        if (r.lhs.varNames[v] == r.rhs.varNames[n.var]) {
          n.var = v;
          break;
        }
  r.rhs.varNames = r.lhs.varNames;
  r.rhs.numVars = r.lhs.numVars;
  return r;
}

// x + x + ... + x (n terms, a left-leaning chain).
std::string sumChain(int n) {
  std::string t = "x";
  for (int i = 1; i < n; ++i) t = "(i32.add " + t + " x)";
  return t;
}

// (x + x) nested six levels deep: 64 occurrences of ?x, all compared at the
// end of the program, after 63 Bind instructions.
std::string sixfold() {
  std::string d = "(i32.add ?x ?x)";
  for (int i = 0; i < 5; ++i) d = "(i32.add " + d + " " + d + ")";
  return d;
}

// An e-graph where sixfold() searches long: the sum chain after a few
// iterations of commutativity and associativity.
void grow(EGraph& g, int terms) {
  addTerm(g, sumChain(terms));
  std::vector<Rewrite> ac{limitsRule("comm", "(i32.add ?a ?b)", "(i32.add ?b ?a)"),
                          limitsRule("assoc", "(i32.add (i32.add ?a ?b) ?c)", "(i32.add ?a (i32.add ?b ?c))")};
  RunnerLimits L;
  L.iterations = 5;
  L.scheduler = SchedulerKind::Simple;
  Runner r(g, L);
  r.addRewrites(ac);
  r.run();
}

double secondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

} // namespace

TEST_CASE("search: a deadline stops e-matching; a distant one changes nothing") {
  EGraph g(EGraphOptions{false});
  grow(g, 56);
  Pattern p = parsePatternSimple("(i32.add (i32.add ?a ?b) ?c)", false);
  Program prog(p);
  MatchBuffer all, within, cut;
  prog.initBuffer(g, all);
  prog.initBuffer(g, within);
  prog.initBuffer(g, cut);
  const size_t n = prog.search(g, all);
  REQUIRE(n > SearchDeadline::kCheckEvery);
  SearchDeadline far{std::chrono::steady_clock::now() + std::chrono::hours(1)};
  CHECK(prog.search(g, within, SIZE_MAX, &far) == n);
  CHECK_FALSE(far.expired);
  CHECK(within.data == all.data);
  SearchDeadline past{std::chrono::steady_clock::now() - std::chrono::seconds(1)};
  CHECK(prog.search(g, cut, SIZE_MAX, &past) < n);
  CHECK(past.expired);
}

TEST_CASE("runner: the time limit stops a nonlinear search that runs long") {
  EGraph g(EGraphOptions{false});
  grow(g, 56);
  std::vector<Rewrite> rules{limitsRule("sixfold", sixfold(), "(i32.shl ?x (i32.const 6))")};
  RunnerLimits L;
  L.seconds = 0.2;
  L.scheduler = SchedulerKind::Simple;
  Runner r(g, L);
  r.addRewrites(rules);
  const auto t0 = std::chrono::steady_clock::now();
  RunReport rep = r.run();
  const double secs = secondsSince(t0);
  CHECK(rep.stop == StopReason::TimeLimit);
  // The deadline is read every 4096 node visits: microseconds apart. The
  // bound leaves room for a loaded machine; the search alone runs for seconds.
  CHECK(secs < 0.2 + 0.5);
}
