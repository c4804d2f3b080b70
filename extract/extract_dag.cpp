// dag: greedy DAG-aware extraction (after extraction-gym's greedy-dag), then
// a bounded local search, guarded so that the result is never worse than
// tree's choice under dagCost(); tree's choice goes along as an alternative
// for the emitter (Extraction::alternatives).
#include "extract/extract.h"

#include <algorithm>
#include <cstdint>

namespace eqsat {

namespace {

// Classes reachable from the roots through the chosen nodes.
uint64_t reachedClasses(const EGraph& g, const std::vector<NodeId>& best, const std::vector<Root>& roots) {
  uint64_t n = 0;
  forEachChosenClass(g, best, roots, [&](ClassId) {
    ++n;
    return true;
  });
  return n;
}

std::vector<Root> allRoots(const EGraph& g) {
  std::vector<Root> r;
  for (ClassId c : g.classes()) r.push_back({c, Use::Value});
  return r;
}

} // namespace

Extraction extractDag(const EGraph& g, const CostModel& cm, const ExtractOptions& optsIn) {
  ExtractOptions opts = optsIn;
  if (opts.roots.empty()) opts.roots = allRoots(g);
  // Work done (classes visited) against opts.dagWork: deterministic, unlike a clock.
  uint64_t work = 0;
  auto spent = [&] { return work > opts.dagWork; };

  Extraction tree = extractTree(g, cm);
  const size_t n = tree.best.size();
  std::vector<ClassId> cls = g.classes();

  // Greedy: per class, the sub-DAG (sorted class set) of its chosen node and its DAG cost.
  std::vector<std::vector<ClassId>> sets(n);
  std::vector<double> total(n, Extraction::kInf), own(n, 0);
  std::vector<NodeId> best(n, NodeId(-1));
  std::vector<uint32_t> cnt(n, 0);
  std::vector<ClassId> touched, uni;
  const double getI32 = cm.localGetCost(Ty::i32);
  (void)getI32;

  auto kidsOf = [&](NodeView v, auto&& f) {
    bool phi = v.op == Op::Phi;
    if (!phi && isDefinedNode(v)) return;
    for (ClassId k0 : v.children) {
      ClassId k = g.find(k0);
      if (!g.constant(k)) f(k);
    }
  };
  auto share = [&](ClassId k, uint32_t u) {
    if (u < 2 || best[k] == NodeId(-1)) return 0.0;
    Ty t = g.type(k);
    double s = cm.localGetCost(t) * (u - 1);
    if (!isDefinedNode(g.node(best[k]))) s += cm.localSetCost(t);
    return s;
  };

  bool changed = true;
  bool outOfWork = false;
  for (unsigned pass = 0; changed && pass < 100 && !outOfWork; ++pass) {
    changed = false;
    for (ClassId c : cls) {
      if (spent()) { outOfWork = true; break; }
      for (NodeId nd : g.classNodes(c)) {
        NodeView v = g.node(nd);
        // Union of the children's sub-DAGs.
        uni.clear();
        bool ok = true;
        kidsOf(v, [&](ClassId k) {
          if (total[k] == Extraction::kInf) ok = false;
          else uni.insert(uni.end(), sets[k].begin(), sets[k].end());
        });
        if (!ok) continue;
        work += uni.size() + 1;
        std::sort(uni.begin(), uni.end());
        uni.erase(std::unique(uni.begin(), uni.end()), uni.end());
        if (std::binary_search(uni.begin(), uni.end(), c)) continue;  // a cycle through c
        double k = ownCost(g, cm, v, Use::Value);
        touched.clear();
        auto count = [&](ClassId x) {
          if (cnt[x]++ == 0) touched.push_back(x);
        };
        for (ClassId p : uni) {
          k += own[p];
          kidsOf(g.node(best[p]), count);
        }
        kidsOf(v, count);
        for (ClassId x : touched) {
          k += share(x, cnt[x]);
          cnt[x] = 0;
        }
        if (k < total[c] - 1e-9) {
          total[c] = k;
          best[c] = nd;
          own[c] = ownCost(g, cm, v, Use::Value);
          uni.insert(std::lower_bound(uni.begin(), uni.end(), c), c);
          sets[c] = uni;
          changed = true;
        }
      }
    }
  }
  // Classes the greedy pass did not price keep tree's choice.
  for (ClassId c : cls)
    if (best[c] == NodeId(-1)) best[c] = tree.best[c];

  Extraction ext;
  ext.extractor = "dag";
  double treeCost = dagCost(g, cm, tree.best, opts.roots);
  double greedyCost = dagCost(g, cm, best, opts.roots);
  if (greedyCost <= treeCost) {
    ext.best = best;
    ext.dagCost = greedyCost;
  } else {
    ext.best = tree.best;
    ext.dagCost = treeCost;
  }

  // Local search: switch one class at a time to another node while that lowers dagCost.
  if (ext.dagCost < Extraction::kInf) {
    bool improved = true;
    for (unsigned round = 0; improved && round < 3 && !spent(); ++round) {
      improved = false;
      // One dagCost() visits about the classes the current choice reaches.
      const uint64_t perEval = reachedClasses(g, ext.best, opts.roots) + opts.roots.size();
      for (ClassId c : cls) {
        if (spent()) break;
        auto nodes = g.classNodes(c);
        if (nodes.size() < 2) continue;
        NodeId cur = ext.best[c];
        for (NodeId nd : nodes) {
          if (nd == cur) continue;
          ext.best[c] = nd;
          work += perEval;
          double k = dagCost(g, cm, ext.best, opts.roots);
          if (k < ext.dagCost - 1e-9) {
            ext.dagCost = k;
            cur = nd;
            improved = true;
          }
        }
        ext.best[c] = cur;
      }
    }
  }
  if (outOfWork) ext.note = "dag: greedy pass hit its work budget";
  tree.dagCost = treeCost;
  if (sameSelection(g, ext.best, tree.best, opts.roots)) {
    // The same DAG as tree's: tree's extraction, so that the emitter writes the same function.
    ext.best = std::move(tree.best);
    ext.cost = std::move(tree.cost);
    ext.condCost = std::move(tree.condCost);
    return ext;
  }
  recomputeChosenCosts(g, cm, ext);
  // The emitter is given tree's selection too (Extraction::alternatives).
  ext.alternatives.push_back(std::move(tree));
  return ext;
}

} // namespace eqsat
