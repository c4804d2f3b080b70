// Extraction: tree (here), dag (extract_dag.cpp), exact (extract_exact.cpp);
// the context-aware node costs and the DAG cost all three are judged by.
#include "extract/extract.h"

#include "bridge/bridge.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace eqsat {

CostContext contextOf(const EGraph& g, const NodeView& n, Use use) {
  CostContext cx;
  cx.use = use;
  for (size_t i = 0; i < n.children.size() && i < 64; ++i)
    if (auto v = g.constant(g.find(n.children[i]))) cx.setConst(unsigned(i), *v);
  return cx;
}

double ownCost(const EGraph& g, const CostModel& cm, const NodeView& n, Use use) {
  double c = cm.opCostIn(n, contextOf(g, n, use));
  if (n.op == Op::Phi) {
    for (ClassId k : n.children) {
      ClassId kk = g.find(k);
      if (auto v = g.constant(kk)) c += cm.constOperandCost(n, 0, g.type(kk), *v);
      c += cm.localSetCost(n.ty);
    }
    return c;
  }
  if (isDefinedNode(n)) return c;  // operands are paid by the defining statement
  for (size_t i = 0; i < n.children.size(); ++i) {
    ClassId kk = g.find(n.children[i]);
    if (auto v = g.constant(kk)) c += cm.constOperandCost(n, unsigned(i), g.type(kk), *v);
  }
  return c;
}

double nodeCost(const EGraph& g, const CostModel& cm, const Extraction& ext, const NodeView& n, Use use) {
  double c = ownCost(g, cm, n, use);
  bool phi = n.op == Op::Phi;
  if (!phi && isDefinedNode(n)) return c;
  for (size_t i = 0; i < n.children.size(); ++i) {
    ClassId kk = g.find(n.children[i]);
    if (g.constant(kk)) continue;
    bool cond = !phi && CostModel::operandUse(n, unsigned(i)) == Use::Condition && kk < ext.condCost.size();
    c += cond ? ext.condCost[kk] : ext.cost[kk];
  }
  return c;
}

namespace {

void rootsOfList(const FunctionGraph& fg, const std::vector<Stmt>& list, std::vector<Root>& out) {
  for (const Stmt& s : list) {
    switch (s.kind) {
    case StmtKind::If: case StmtKind::BrIf:
      if (s.cls != kNoClass) out.push_back({s.cls, Use::Condition});
      break;
    case StmtKind::BrTable: case StmtKind::Return: case StmtKind::Value:
      if (s.cls != kNoClass) out.push_back({s.cls, Use::Value});
      break;
    case StmtKind::Define: case StmtKind::Effect:
      for (ClassId k : s.kids) out.push_back({k, Use::Value});
      break;
    case StmtKind::Loop:
      if (s.merge < fg.merges.size())
        for (const auto& car : fg.merges[s.merge].carried)
          for (ClassId v : car.perEdge) out.push_back({v, Use::Value});
      break;
    default: break;
    }
    rootsOfList(fg, s.body, out);
    rootsOfList(fg, s.elseBody, out);
  }
}

} // namespace

std::vector<Root> rootsOf(const FunctionGraph& fg) {
  std::vector<Root> r;
  rootsOfList(fg, fg.body, r);
  return r;
}

double dagCost(const EGraph& g, const CostModel& cm, const std::vector<NodeId>& best, const std::vector<Root>& roots) {
  const size_t n = best.size();
  std::vector<uint8_t> state(n, 0), valueUse(n, 0);
  std::vector<uint32_t> uses(n, 0);
  std::vector<ClassId> reached;
  double total = 0;
  // Children of the chosen node of c that are computed (not constants).
  auto kidsOf = [&](NodeView v, auto&& f) {
    bool phi = v.op == Op::Phi;
    if (!phi && isDefinedNode(v)) return;
    for (size_t i = 0; i < v.children.size(); ++i) {
      ClassId k = g.find(v.children[i]);
      if (g.constant(k)) continue;
      f(k, phi ? Use::Value : CostModel::operandUse(v, unsigned(i)));
    }
  };
  struct Frame { ClassId c; size_t next; };
  std::vector<Frame> stack;
  std::vector<ClassId> kids;
  for (const Root& r : roots) {
    ClassId c = g.find(r.cls);
    if (auto v = g.constant(c)) {
      total += cm.opCost(NodeView{constOpFor(g.type(c)), g.type(c), *v, {}});
      continue;
    }
    if (c >= n) return Extraction::kInf;
    uses[c]++;
    if (r.use == Use::Value) valueUse[c] = 1;
    if (state[c]) continue;
    stack.push_back({c, 0});
    state[c] = 1;
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (best[f.c] == NodeId(-1)) return Extraction::kInf;
      NodeView v = g.node(best[f.c]);
      kids.clear();
      kidsOf(v, [&](ClassId k, Use) { kids.push_back(k); });
      if (f.next < kids.size()) {
        ClassId k = kids[f.next++];
        if (k >= n) return Extraction::kInf;
        if (state[k] == 1) return Extraction::kInf;  // a cycle
        if (state[k] == 0) {
          state[k] = 1;
          stack.push_back({k, 0});
        }
        continue;
      }
      state[f.c] = 2;
      reached.push_back(f.c);
      stack.pop_back();
    }
  }
  for (ClassId c : reached)
    kidsOf(g.node(best[c]), [&](ClassId k, Use u) {
      uses[k]++;
      if (u == Use::Value) valueUse[k] = 1;
    });
  for (ClassId c : reached) {
    NodeView v = g.node(best[c]);
    // A class kept in a local for several uses is computed as a value, even
    // when every use is a condition (a compare then needs its set-condition).
    bool asValue = valueUse[c] || (uses[c] >= 2 && !isDefinedNode(v));
    total += ownCost(g, cm, v, asValue ? Use::Value : Use::Condition);
    if (uses[c] >= 2) {
      Ty t = g.type(c);
      total += cm.localGetCost(t) * (uses[c] - 1);
      if (!isDefinedNode(v)) total += cm.localSetCost(t);  // local.tee at the first use
    }
  }
  return total;
}

Extraction extractTree(const EGraph& g, const CostModel& cm) {
  Extraction ext;
  std::vector<ClassId> cls = g.classes();
  ClassId maxId = 0;
  for (ClassId c : cls) maxId = std::max(maxId, c);
  ext.cost.assign(size_t(maxId) + 1, Extraction::kInf);
  ext.condCost.assign(size_t(maxId) + 1, Extraction::kInf);
  ext.best.assign(size_t(maxId) + 1, NodeId(-1));
  bool changed = true;
  for (unsigned pass = 0; changed && pass < 1000; ++pass) {
    changed = false;
    for (ClassId c : cls) {
      for (NodeId n : g.classNodes(c)) {
        NodeView v = g.node(n);
        double k = nodeCost(g, cm, ext, v);
        if (k < ext.cost[c] - 1e-9) {
          ext.cost[c] = k;
          ext.best[c] = n;
          changed = true;
        }
      }
      if (ext.best[c] != NodeId(-1)) {
        double k = nodeCost(g, cm, ext, g.node(ext.best[c]), Use::Condition);
        if (k < ext.condCost[c] - 1e-9 || k > ext.condCost[c] + 1e-9) {
          if (k < ext.condCost[c] - 1e-9) changed = true;
          ext.condCost[c] = k;
        }
      }
    }
  }
  ext.extractor = "tree";
  return ext;
}

void recomputeChosenCosts(const EGraph& g, const CostModel& cm, Extraction& ext) {
  std::vector<ClassId> cls = g.classes();
  ext.cost.assign(ext.best.size(), Extraction::kInf);
  ext.condCost.assign(ext.best.size(), Extraction::kInf);
  bool changed = true;
  for (unsigned pass = 0; changed && pass < 2000; ++pass) {
    changed = false;
    for (ClassId c : cls) {
      if (c >= ext.best.size() || ext.best[c] == NodeId(-1)) continue;
      NodeView v = g.node(ext.best[c]);
      double k = nodeCost(g, cm, ext, v), kc = nodeCost(g, cm, ext, v, Use::Condition);
      if (k < ext.cost[c] - 1e-9 || kc < ext.condCost[c] - 1e-9) {
        ext.cost[c] = k;
        ext.condCost[c] = kc;
        changed = true;
      }
    }
  }
}

bool forEachChosenClass(const EGraph& g, const std::vector<NodeId>& best, const std::vector<Root>& roots,
                        const std::function<bool(ClassId)>& f) {
  std::vector<uint8_t> seen(best.size(), 0);
  std::vector<ClassId> work;
  for (const Root& r : roots) work.push_back(g.find(r.cls));
  while (!work.empty()) {
    ClassId c = work.back();
    work.pop_back();
    if (c >= best.size() || seen[c] || g.constant(c)) continue;
    seen[c] = 1;
    if (!f(c)) return false;
    if (best[c] == NodeId(-1)) continue;
    NodeView v = g.node(best[c]);
    if (v.op != Op::Phi && isDefinedNode(v)) continue;
    for (ClassId k : v.children) work.push_back(g.find(k));
  }
  return true;
}

bool sameSelection(const EGraph& g, const std::vector<NodeId>& a, const std::vector<NodeId>& b,
                   const std::vector<Root>& roots) {
  if (roots.empty()) return a == b;
  if (a.size() != b.size()) return false;
  return forEachChosenClass(g, a, roots, [&](ClassId c) { return a[c] == b[c]; });
}

std::vector<std::string> extractorNames() { return {"tree", "tree-ls", "dag", "exact"}; }

Extraction extractTreeLocal(const EGraph& g, const CostModel& cm, const ExtractOptions& opts) {
  Extraction tree = extractTree(g, cm);
  tree.extractor = "tree-ls";
  if (opts.roots.empty()) return tree;
  tree.dagCost = dagCost(g, cm, tree.best, opts.roots);
  if (tree.dagCost == Extraction::kInf) return tree;
  std::vector<ClassId> reached;
  forEachChosenClass(g, tree.best, opts.roots, [&](ClassId c) {
    reached.push_back(c);
    return true;
  });
  if (reached.size() > opts.localMaxClasses) return tree;
  // One class at a time, another node where that lowers dagCost (a value the
  // choice computes anyway is then used again instead of an equivalent one).
  const uint64_t perEval = reached.size() + opts.roots.size();
  uint64_t work = 0;
  std::vector<NodeId> best = tree.best;
  double cur = tree.dagCost;
  for (ClassId c : reached) {
    for (NodeId nd : g.classNodes(c)) {
      if (nd == best[c] || work + perEval > opts.localWork) continue;
      NodeId keep = best[c];
      best[c] = nd;
      work += perEval;
      double k = dagCost(g, cm, best, opts.roots);
      if (k < cur - 1e-9) cur = k;
      else best[c] = keep;
    }
  }
  if (cur >= tree.dagCost - 1e-9) return tree;
  Extraction ext;
  ext.extractor = "tree-ls";
  ext.best = std::move(best);
  ext.dagCost = cur;
  recomputeChosenCosts(g, cm, ext);
  // The emitter is given tree's selection too (Extraction::alternatives).
  tree.extractor = "tree";
  ext.alternatives.push_back(std::move(tree));
  return ext;
}

Extraction extract(const EGraph& g, const CostModel& cm, const std::string& extractor, const ExtractOptions& opts) {
  if (extractor == "tree") {
    Extraction e = extractTree(g, cm);
    if (!opts.roots.empty()) e.dagCost = dagCost(g, cm, e.best, opts.roots);
    return e;
  }
  if (extractor == "tree-ls") return extractTreeLocal(g, cm, opts);
  if (extractor == "dag") return extractDag(g, cm, opts);
  if (extractor == "exact") return extractExact(g, cm, opts);
  throw std::invalid_argument("unknown extractor `" + extractor + "` (tree, tree-ls, dag, exact)");
}

} // namespace eqsat
