// Unit tests for explanations (egraph/explain.h): recorded merges become
// chains of rule applications over whole terms; recording is off by default.
#include "egraph/explain.h"
#include "egraph/pattern.h"
#include "egraph/runner.h"

#include <doctest/doctest.h>

#include <set>

using namespace eqsat;

namespace {

Rewrite rule(const char* name, const char* lhs, const char* rhs) {
  Rewrite r;
  r.name = name;
  r.lhs = parsePatternSimple(lhs);
  r.rhs = parsePatternSimple(rhs);
  return r;
}

// Every step of a proof must differ from the previous term, and its rule must be known.
void checkProof(const Proof& p, const std::set<std::string>& rules) {
  REQUIRE(!p.empty());
  CHECK(p[0].rule.empty());
  for (size_t i = 1; i < p.size(); ++i) {
    INFO("step " << i << ": " << printTerm(p[i].term) << " by " << p[i].rule);
    CHECK(rules.count(p[i].rule) == 1);
  }
}

} // namespace

TEST_CASE("explain: a chain of two rules with the intermediate term") {
  ExplainRecorder rec;
  EGraphOptions eo;
  eo.observer = &rec;
  EGraph g(eo);
  rec.bind(g);
  ClassId orig = addTerm(g, "(i32.mul (i32.add a (i32.const 0)) (i32.const 2))");
  ClassId want = addTerm(g, "(i32.shl a (i32.const 1))");
  std::vector<Rewrite> rules{rule("add-zero", "(i32.add ?x (i32.const 0))", "?x"),
                             rule("mul-two", "(i32.mul ?x (i32.const 2))", "(i32.shl ?x (i32.const 1))")};
  Runner r(g, RunnerLimits{});
  r.addRewrites(rules);
  r.setObserver(&rec);
  r.run();
  g.rebuild();
  REQUIRE(g.find(orig) == g.find(want));
  CHECK(rec.consistentWith(g));

  Proof p = rec.explain(orig, want);
  checkProof(p, {"add-zero", "mul-two", "congruence"});
  CHECK(printTerm(p.front().term) == "(i32.mul (i32.add a (i32.const 0)) (i32.const 2))");
  CHECK(printTerm(p.back().term) == "(i32.shl a (i32.const 1))");
  std::set<std::string> used;
  for (const auto& s : p) used.insert(s.rule);
  CHECK(used.count("add-zero"));
  CHECK(used.count("mul-two"));
  // The intermediate term: exactly one of the two orders appears.
  bool viaMul = false, viaShl = false;
  for (const auto& s : p) {
    std::string t = printTerm(s.term);
    viaMul |= t == "(i32.mul a (i32.const 2))";
    viaShl |= t == "(i32.shl (i32.add a (i32.const 0)) (i32.const 1))";
  }
  CHECK((viaMul || viaShl));

  // The reverse direction is the same chain, backwards.
  Proof q = rec.explain(want, orig);
  CHECK(printTerm(q.front().term) == printTerm(p.back().term));
  CHECK(printTerm(q.back().term) == printTerm(p.front().term));
  CHECK(q.size() == p.size());
}

TEST_CASE("explain: congruence and constant folding") {
  ExplainRecorder rec;
  EGraphOptions eo;
  eo.observer = &rec;
  EGraph g(eo);
  rec.bind(g);
  ClassId orig = addTerm(g, "(i32.xor (i32.and b (i32.const -1)) (i32.add (i32.const 2) (i32.const 3)))");
  ClassId want = addTerm(g, "(i32.xor b (i32.const 5))");
  std::vector<Rewrite> rules{rule("and-ones", "(i32.and ?x (i32.const -1))", "?x")};
  Runner r(g, RunnerLimits{});
  r.addRewrites(rules);
  r.setObserver(&rec);
  r.run();
  g.rebuild();
  REQUIRE(g.find(orig) == g.find(want));
  Proof p = rec.explain(orig, want);
  checkProof(p, {"and-ones", "constant-fold", "congruence", "bridge"});
  CHECK(printTerm(p.back().term) == "(i32.xor b (i32.const 5))");
  bool folded = false;
  for (const auto& s : p) folded |= s.rule == "constant-fold";
  CHECK(folded);
}

TEST_CASE("explain: the extracted term of a class, proved from the original") {
  ExplainRecorder rec;
  EGraphOptions eo;
  eo.observer = &rec;
  EGraph g(eo);
  rec.bind(g);
  ClassId orig = addTerm(g, "(i32.sub (i32.mul c (i32.const 2)) (i32.const 0))");
  std::vector<Rewrite> rules{rule("sub-zero", "(i32.sub ?x (i32.const 0))", "?x"),
                             rule("mul-two", "(i32.mul ?x (i32.const 2))", "(i32.add ?x ?x)")};
  Runner r(g, RunnerLimits{});
  r.addRewrites(rules);
  r.setObserver(&rec);
  r.run();
  g.rebuild();
  // Choose (i32.add c c) for the root class, the only node for the others.
  std::vector<NodeId> best(g.nodeCapacity(), NodeId(-1));
  for (ClassId c : g.classes()) {
    best[c] = g.classNodes(c).front();
    for (NodeId n : g.classNodes(c))
      if (g.node(n).op == Op::I32Add) best[c] = n;
  }
  CHECK(printTerm(rec.extractedTerm(orig, best)) == "(i32.add c c)");
  Proof p = rec.explainExtracted(orig, best);
  checkProof(p, {"sub-zero", "mul-two", "congruence"});
  CHECK(printTerm(p.front().term) == "(i32.sub (i32.mul c (i32.const 2)) (i32.const 0))");
  CHECK(printTerm(p.back().term) == "(i32.add c c)");
}

TEST_CASE("explain: off by default; a rule trace records matches and merges") {
  EGraph g;
  CHECK(g.mergeObserver() == nullptr);
  ClassId orig = addTerm(g, "(i32.or (i32.or d (i32.const 0)) (i32.const 0))");
  std::vector<Rewrite> rules{rule("or-zero", "(i32.or ?x (i32.const 0))", "?x")};
  RuleTrace trace("or-zero");
  trace.bind(g);
  Runner r(g, RunnerLimits{});
  r.addRewrites(rules);
  r.setObserver(&trace);
  RunReport rep = r.run();
  CHECK(trace.applications().size() == rep.rules[0].matches);
  CHECK(trace.applications().size() >= 2);
  size_t merged = 0;
  for (const auto& a : trace.applications()) {
    CHECK(a.rule == "or-zero");
    CHECK(a.vars.size() == 1);
    merged += a.merged;
  }
  CHECK(merged == rep.rules[0].applied);
  g.rebuild();
  CHECK(g.find(orig) == g.find(g.addSymbol("d", Ty::i32)));
}

TEST_CASE("rule trace: every match is counted once, rejected ones with the failing condition") {
  EGraph g;
  addTerm(g, "(i32.mul d (i32.const 6))");
  addTerm(g, "(i32.mul e (i32.const 8))");
  Rewrite pow2 = rule("mul-pow2", "(i32.mul ?x (i32.const ?c))", "(i32.shl ?x (i32.const 3))");
  pow2.condition = [](const EGraph&, const Subst& s) { return s.consts[1] == 8; };
  pow2.whyRejected = [](const EGraph&, const Subst& s) { return "c is " + std::to_string(s.consts[1]); };
  std::vector<Rewrite> rules{pow2};
  RuleTrace trace("mul-pow2");
  trace.bind(g);
  Runner r(g, RunnerLimits{});
  r.addRewrites(rules);
  r.setObserver(&trace);
  RunReport rep = r.run();
  CHECK(trace.matches() == rep.rules[0].matches);
  CHECK(trace.rejections().size() == rep.rules[0].rejected);
  CHECK(trace.applications().size() + trace.rejections().size() + trace.droppedByBan() + trace.leftByLimit() ==
        trace.matches());
  REQUIRE(!trace.rejections().empty());
  CHECK(trace.rejections()[0].why == "c is 6");
  CHECK(rep.rules[0].applied == 1);
}

TEST_CASE("rule trace: names of iN rules and of reverse directions") {
  CHECK(ruleNameMatches("x", "x"));
  CHECK(ruleNameMatches("x.i32", "x"));
  CHECK(ruleNameMatches("x.i64", "x"));
  CHECK(ruleNameMatches("x.i32-rev", "x-rev"));
  CHECK(ruleNameMatches("x.i32-rev", "x.i32-rev"));
  CHECK(ruleNameMatches("x-rev", "x-rev"));
  CHECK_FALSE(ruleNameMatches("x.i32-rev", "x"));
  CHECK_FALSE(ruleNameMatches("x.i32", "x-rev"));
  CHECK_FALSE(ruleNameMatches("xy.i32", "x"));
}

TEST_CASE("explain: a rule step of a proof names its justification") {
  ExplainRecorder rec;
  EGraphOptions eo;
  eo.observer = &rec;
  EGraph g(eo);
  rec.bind(g);
  ClassId d = addTerm(g, "d:i32");
  ClassId orig = addTerm(g, "(i32.or d (i32.const 0))");
  std::vector<Rewrite> rules{rule("or-zero", "(i32.or ?x (i32.const 0))", "?x")};
  Runner r(g, RunnerLimits{});
  r.addRewrites(rules);
  r.setObserver(&rec);
  r.run();
  g.rebuild();
  Proof p = rec.explain(orig, d);
  size_t named = 0;
  for (const ProofStep& s : p)
    if (s.rule == "or-zero") {
      REQUIRE(s.just != UINT32_MAX);
      CHECK(rec.justification(s.just).name == "or-zero");
      ++named;
    }
  CHECK(named >= 1);
}

TEST_CASE("explain: a rule's instance whose node a later merge left dead") {
  // or-zero fires on both ors in one iteration; add-zero, applied after it,
  // joins (i32.add e 0) with e, so the second or becomes congruent to the
  // first and one of them dies. The proof of the second or-zero step needs
  // the node it matched, whose children are joined only by older edges.
  ExplainRecorder rec;
  EGraphOptions eo;
  eo.observer = &rec;
  EGraph g(eo);
  rec.bind(g);
  ClassId e = addTerm(g, "e:i32");
  ClassId first = addTerm(g, "(i32.or e (i32.const 0))");
  ClassId second = addTerm(g, "(i32.or (i32.add e (i32.const 0)) (i32.const 0))");
  std::vector<Rewrite> rules{rule("or-zero", "(i32.or ?x (i32.const 0))", "?x"),
                             rule("add-zero", "(i32.add ?x (i32.const 0))", "?x")};
  Runner r(g, RunnerLimits{});
  r.addRewrites(rules);
  r.setObserver(&rec);
  r.run();
  g.rebuild();
  REQUIRE(g.find(first) == g.find(e));
  REQUIRE(g.find(second) == g.find(e));
  for (ClassId from : {first, second}) {
    Proof p = rec.explain(from, e);
    checkProof(p, {"or-zero", "add-zero", "congruence"});
    CHECK(printTerm(p.back().term) == "e");
  }
}

namespace {

// Checks the MergeObserver protocol: a reason is followed by its merge.
class ReasonFollowedByMerge final : public MergeObserver {
public:
  void onAdd(NodeId, Op, Ty, uint64_t, const ClassId*, size_t) override {}
  void onMerge(ClassId, ClassId) override { reasonPending = false; }
  void onReason(const char* what, NodeId, NodeId) override {
    if (reasonPending) unmerged.push_back(last);
    reasonPending = true;
    last = what;
  }
  bool reasonPending = false;
  std::string last;
  std::vector<std::string> unmerged;  // reasons no merge followed
};

} // namespace

TEST_CASE("explain: the e-graph gives a reason only for a merge that takes effect") {
  ReasonFollowedByMerge obs;
  EGraphOptions eo;
  eo.observer = &obs;
  EGraph g(eo);
  // The same constant reached twice, and a select whose condition folds
  // after its arms are already one class: re-analysis finds them merged.
  addTerm(g, "(i32.add (i32.const 2) (i32.const 3))");
  addTerm(g, "(i32.sub (i32.const 8) (i32.const 3))");
  addTerm(g, "(select (i32.add a (i32.const 0)) a (i32.eq (i32.const 1) (i32.const 1)))");
  std::vector<Rewrite> rules{rule("add-zero", "(i32.add ?x (i32.const 0))", "?x")};
  Runner r(g, RunnerLimits{});
  r.addRewrites(rules);
  r.run();
  g.rebuild();
  CHECK(obs.unmerged.empty());
  CHECK_FALSE(obs.reasonPending);
}
