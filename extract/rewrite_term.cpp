// One expression through the rules (extract/rewrite_term.h).
#include "extract/rewrite_term.h"

#include "bridge/phi_rewrite.h"
#include "cost/cost.h"
#include "extract/extract.h"
#include "egraph/pattern.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <set>
#include <sstream>
#include <tuple>

namespace eqsat {
namespace {


// "?x" for variable v of `p` (its varNames may or may not keep the '?').
std::string inputName(const Pattern& p, VarId v) {
  std::string n = v < p.varNames.size() ? p.varNames[v] : std::to_string(v);
  return n.empty() || n[0] != '?' ? "?" + n : n;
}

// The input as a typed tree: each node's type, each variable's type (from its
// annotation or the operand it is); a one-line error otherwise.
struct TypedInput {
  Pattern p;
  std::vector<Ty> nodeTy, varTy;
};

TypedInput typeInput(const std::string& text, bool strict) {
  TypedInput in;
  try {
    in.p = parsePatternSimple(text);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(e.what());
  }
  const Pattern& p = in.p;
  auto fail = [&](const std::string& what) { throw std::invalid_argument(what + " in `" + text + "`"); };
  in.nodeTy.assign(p.nodes.size(), Ty::none);
  in.varTy.assign(p.numVars, Ty::none);
  std::vector<Ty> expected(p.nodes.size(), Ty::none);
  auto varName = [&](VarId v) { return inputName(p, v); };
  // post-order: a parent comes after its children, so walk from the root down
  for (size_t i = p.nodes.size(); i-- > 0;) {
    const PNode& n = p.nodes[i];
    if (n.kind == PNode::ConstVar)
      fail("`(" + std::string(opName(n.op)) + " " + varName(n.var) + ")` captures a constant; an input is written " +
           varName(n.var));
    if (n.kind == PNode::Computed) fail("a computed constant is not an input");
    if (n.kind == PNode::Node && n.op != Op::Symbol) {
      OpKind k = opInfo(n.op).kind;
      if (k != OpKind::Unary && k != OpKind::Binary && k != OpKind::Compare && k != OpKind::Convert &&
          k != OpKind::Select && k != OpKind::Load && k != OpKind::Store)
        fail("`" + std::string(opName(n.op)) + "` is not a pure integer operator, a load or a store");
      // a store has no value: it can only be the whole input (the statement the rules rewrite)
      if (k == OpKind::Store && i + 1 != p.nodes.size())
        fail("`" + std::string(opName(n.op)) + "` is a statement: only the whole input can be a store");
    }
    Ty t = n.ty != Ty::none ? n.ty : expected[i];
    if (n.ty != Ty::none && expected[i] != Ty::none && n.ty != expected[i])
      fail("`" + (n.kind == PNode::Var ? varName(n.var) : std::string(n.op == Op::Symbol ? symbolNameOf(n.value) : opName(n.op))) +
           "` is " + tyName(n.ty) + " where " + tyName(expected[i]) + " is expected");
    if (n.kind == PNode::Var) {
      if (in.varTy[n.var] != Ty::none && t != Ty::none && t != in.varTy[n.var])
        fail(varName(n.var) + " is used as " + tyName(in.varTy[n.var]) + " and as " + tyName(t));
      if (t != Ty::none) in.varTy[n.var] = t;
    }
    in.nodeTy[i] = t;
    for (size_t k = 0; k < n.children.size(); ++k)
      if (expected[n.children[k]] == Ty::none) expected[n.children[k]] = expectedChildType(n.op, t, k);
  }
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    const PNode& n = p.nodes[i];
    if (!strict) continue;
    if (n.kind == PNode::Var) {
      in.nodeTy[i] = in.varTy[n.var];
      if (in.nodeTy[i] == Ty::none)
        fail("cannot infer the type of " + varName(n.var) + "; write " + varName(n.var) + ":i32 or " +
             varName(n.var) + ":i64");
    } else if (in.nodeTy[i] == Ty::none && !(n.kind == PNode::Node && opInfo(n.op).kind == OpKind::Store)) {
      fail("cannot infer the type of `" + std::string(n.op == Op::Symbol ? symbolNameOf(n.value) : opName(n.op)) +
           "`; annotate a variable under it");
    }
  }
  return in;
}

ClassId addInput(EGraph& g, const TypedInput& in) {
  const Pattern& p = in.p;
  std::vector<ClassId> ids(p.nodes.size(), kNoClass);
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    const PNode& n = p.nodes[i];
    if (n.kind == PNode::Var) {
      ids[i] = g.addSymbol(inputName(p, n.var), in.nodeTy[i]);
    } else if (n.kind == PNode::Literal) {
      ids[i] = g.add(n.op, n.ty, n.value, {});
    } else {
      std::vector<ClassId> kids;
      for (uint32_t c : n.children) kids.push_back(ids[c]);
      ids[i] = g.add(n.op, in.nodeTy[i], n.value, kids);
    }
  }
  return ids.back();
}

// A store's operands are paid by the statement (extract/extract.cpp
// nodeCost), so the extraction ranks the stores of one class by their own
// cost alone. A store that is the whole input is its own statement: of its
// forms, keep the one whose operands cost least too.
void chooseRootStore(const EGraph& g, const CostModel& cm, ClassId root, Extraction& ext) {
  if (root >= ext.best.size() || ext.best[root] == NodeId(-1)) return;
  if (opInfo(g.node(ext.best[root]).op).kind != OpKind::Store) return;
  double bestCost = Extraction::kInf;
  for (NodeId n : g.classNodes(root)) {
    const NodeView v = g.node(n);
    if (opInfo(v.op).kind != OpKind::Store) continue;
    double c = ownCost(g, cm, v, Use::Value);
    for (ClassId k : v.children)
      if (!g.constant(g.find(k))) c += ext.cost[g.find(k)];
    if (c < bestCost - 1e-9) {
      bestCost = c;
      ext.best[root] = n;
    }
  }
}

} // namespace

double termCost(const TermPtr& t, const CostModel& cm) {
  EGraph g;
  // each operand priced in its use (a select's condition as a condition), as extraction prices it
  std::function<std::pair<ClassId, double>(const TermPtr&, Use)> go = [&](const TermPtr& x,
                                                                            Use use) -> std::pair<ClassId, double> {
    std::vector<ClassId> kids;
    double below = 0;
    const NodeView self{x->op, x->ty, x->imm, {}};
    for (size_t i = 0; i < x->kids.size(); ++i) {
      auto [c, cost] = go(x->kids[i], CostModel::operandUse(self, unsigned(i)));
      kids.push_back(c);
      if (!g.constant(c)) below += cost;
    }
    ClassId c = g.add(x->op, x->ty, x->imm, kids);
    return {c, ownCost(g, cm, NodeView{x->op, x->ty, x->imm, kids}, use) + below};
  };
  return go(t, Use::Value).second;
}

TermRewrite rewriteTerm(const std::string& expr, const std::vector<Rewrite>& rules, const CostModel& cm,
                        const TermRewriteOptions& o) {
  TermRewrite res;
  TypedInput in = typeInput(expr, true);
  ExplainRecorder recorder;
  EGraphOptions eo;
  eo.observer = &recorder;
  EGraph g(eo);
  recorder.bind(g);
  const ClassId root = addInput(g, in);
  g.rebuild();
  res.input = recorder.term(root);

  RuleTrace trace(o.whyNot);
  trace.bind(g);
  ApplyObserverFan fan;
  fan.add(&recorder);
  if (!o.whyNot.empty()) fan.add(&trace);
  RunnerLimits limits;
  limits.iterations = o.iterations;
  Runner runner(g, limits);
  runner.setObserver(&fan);
  runner.addRewrites(rules);
  // Operators pushed through selects, as in a function's saturation
  // (module/optimize.cpp), so that a term rewrites here as it would there.
  PhiDistribute selectDistribute;
  runner.addCustom(&selectDistribute);
  res.report = runner.run();
  if (!g.clean()) g.rebuild();
  res.classes = g.numClasses();
  res.nodes = g.numNodes();

  ExtractOptions xo;
  xo.roots = {Root{root, Use::Value}};
  Extraction ext = extract(g, cm, "tree", xo);
  chooseRootStore(g, cm, g.find(root), ext);
  res.best = recorder.extractedTerm(root, ext.best);
  res.proof = recorder.explainExtracted(root, ext.best);
  res.inputCost = termCost(res.input, cm);
  res.bestCost = termCost(res.best, cm);
  if (res.bestCost >= res.inputCost) {  // nothing cheaper: the input is its own best form
    res.best = res.input;
    res.bestCost = res.inputCost;
    res.proof = Proof{ProofStep{res.input, "", false}};
  }
  if (o.whyNot.empty()) return res;

  std::vector<std::string>& out = res.whyNot;
  std::set<std::tuple<std::string, unsigned, ClassId, ClassId>> onProof;
  for (const ProofStep& s : res.proof)
    if (s.just != UINT32_MAX) {
      const auto& j = recorder.justification(s.just);
      onProof.insert({j.name, j.iteration, j.root, j.rhsClass});
    }
  if (trace.matches() == 0) {
    for (const Rewrite& r : rules)
      if (ruleNameMatches(r.name, o.whyNot))
        out.push_back(r.name + ": its lhs " + r.lhs.toString() + " occurs nowhere in the e-graph");
    return res;
  }
  for (const RuleTrace::Rejection& x : trace.rejections()) {
    out.push_back(x.rule + ": matched " + printTerm(recorder.extractedTerm(x.root, ext.best)) + " (iteration " +
                  std::to_string(x.iteration) + ") but was rejected: " + x.why);
    for (size_t v = 0; v < x.vars.size(); ++v)
      out.push_back("  ?" + (v < x.varNames.size() ? x.varNames[v] : std::to_string(v)) + " = " +
                    printTerm(recorder.extractedTerm(x.vars[v], ext.best)));
  }
  for (const RuleTrace::Application& a : trace.applications()) {
    // the rule's two sides as they were instantiated
    TermPtr matched = recorder.term(a.root), result = recorder.term(a.rhs);
    for (size_t j = 0; j < recorder.numJustifications(); ++j) {
      const auto& x = recorder.justification(uint32_t(j));
      if (x.kind == ExplainRecorder::Just::Rule && x.name == a.rule && x.iteration == a.iteration &&
          x.root == a.root && x.rhsClass == a.rhs) {
        matched = recorder.term(x.lhs);
        result = recorder.term(x.rhs);
      }
    }
    std::string line = a.rule + ": applied to " + printTerm(matched) + " (iteration " + std::to_string(a.iteration) + ")";
    if (onProof.count({a.rule, a.iteration, a.root, a.rhs})) {
      out.push_back(line + ": a step of the proof of the best form");
      continue;
    }
    TermPtr there = recorder.extractedTerm(g.find(a.root), ext.best);
    if (!a.changed) line += ": its result " + printTerm(result) + " was already equal";
    else line += ": its result " + printTerm(result) + " costs " + formatCost(termCost(result, cm));
    line += "; the best form of that value, " + printTerm(there) + ", costs " + formatCost(termCost(there, cm)) +
            ": not cheaper";
    out.push_back(line);
  }
  if (trace.droppedByBan())
    out.push_back(std::to_string(trace.droppedByBan()) + " match" + (trace.droppedByBan() == 1 ? "" : "es") +
                  " dropped: more matches in one iteration than the scheduler allows");
  if (trace.leftByLimit())
    out.push_back(std::to_string(trace.leftByLimit()) + " match" + (trace.leftByLimit() == 1 ? "" : "es") +
                  " not applied: saturation stopped (" + stopReasonName(res.report.stop) + ") first");
  return res;
}

std::string canonicalTermText(const std::string& expr) {
  TypedInput in = typeInput(expr, false);
  std::vector<TermPtr> t(in.p.nodes.size());
  for (size_t i = 0; i < in.p.nodes.size(); ++i) {
    const PNode& n = in.p.nodes[i];
    if (n.kind == PNode::Var) {
      t[i] = std::make_shared<Term>(Term{Op::Symbol, in.nodeTy[i], internSymbol(inputName(in.p, n.var)), {}});
      continue;
    }
    auto x = std::make_shared<Term>(Term{n.op, n.kind == PNode::Literal ? n.ty : in.nodeTy[i], n.value, {}});
    for (uint32_t c : n.children) x->kids.push_back(t[c]);
    t[i] = x;
  }
  return printTerm(t.back());
}

} // namespace eqsat
