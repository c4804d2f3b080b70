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

// Work done (classes visited) against ExtractOptions::dagWork: deterministic, unlike a clock.
struct WorkBudget {
  uint64_t limit;
  uint64_t done = 0;
  bool spent() const { return done > limit; }
};

struct GreedyChoice {
  std::vector<NodeId> best;  // NodeId(-1): a class the greedy passes did not price
  bool outOfWork = false;
};

// Greedy: per class, the sub-DAG (sorted class set) of its chosen node and its
// DAG cost, where a class used more than once costs its local.get/local.set;
// repeated until no choice changes.
// `numSlots`: the size of a choice vector (one slot per class id).
GreedyChoice greedyDag(const EGraph& g, const CostModel& cm, const std::vector<ClassId>& classes, size_t numSlots,
                       WorkBudget& budget) {
  GreedyChoice choice;
  std::vector<NodeId>& best = choice.best;
  best.assign(numSlots, NodeId(-1));
  std::vector<std::vector<ClassId>> sets(numSlots);
  std::vector<double> total(numSlots, Extraction::kInf), own(numSlots, 0);
  std::vector<uint32_t> uses(numSlots, 0);
  std::vector<ClassId> touched, subDag;

  auto kidsOf = [&](NodeView v, auto&& visit) {
    bool phi = v.op == Op::Phi;
    if (!phi && isDefinedNode(v)) return;
    for (ClassId kid : v.children) {
      ClassId k = g.find(kid);
      if (!g.constant(k)) visit(k);
    }
  };
  // What a class used `useCount` times costs on top of its own cost: its local.gets and local.set.
  auto share = [&](ClassId k, uint32_t useCount) {
    if (useCount < 2 || best[k] == NodeId(-1)) return 0.0;
    Ty t = g.type(k);
    double cost = cm.localGetCost(t) * (useCount - 1);
    if (!isDefinedNode(g.node(best[k]))) cost += cm.localSetCost(t);
    return cost;
  };

  bool changed = true;
  for (unsigned pass = 0; changed && pass < 100 && !choice.outOfWork; ++pass) {
    changed = false;
    for (ClassId c : classes) {
      if (budget.spent()) {
        choice.outOfWork = true;
        break;
      }
      for (NodeId nd : g.classNodes(c)) {
        NodeView v = g.node(nd);
        // Union of the children's sub-DAGs.
        subDag.clear();
        bool ok = true;
        kidsOf(v, [&](ClassId k) {
          if (total[k] == Extraction::kInf) ok = false;
          else subDag.insert(subDag.end(), sets[k].begin(), sets[k].end());
        });
        if (!ok) continue;
        budget.done += subDag.size() + 1;
        std::sort(subDag.begin(), subDag.end());
        subDag.erase(std::unique(subDag.begin(), subDag.end()), subDag.end());
        if (std::binary_search(subDag.begin(), subDag.end(), c)) continue;  // a cycle through c
        double cost = ownCost(g, cm, v, Use::Value);
        touched.clear();
        auto count = [&](ClassId x) {
          if (uses[x]++ == 0) touched.push_back(x);
        };
        for (ClassId member : subDag) {
          cost += own[member];
          kidsOf(g.node(best[member]), count);
        }
        kidsOf(v, count);
        for (ClassId x : touched) {
          cost += share(x, uses[x]);
          uses[x] = 0;
        }
        if (cost < total[c] - 1e-9) {
          total[c] = cost;
          best[c] = nd;
          own[c] = ownCost(g, cm, v, Use::Value);
          subDag.insert(std::lower_bound(subDag.begin(), subDag.end(), c), c);
          sets[c] = subDag;
          changed = true;
        }
      }
    }
  }
  return choice;
}

// Local search: switch one class at a time to another node while that lowers dagCost.
void improveLocally(const EGraph& g, const CostModel& cm, const std::vector<ClassId>& classes,
                    const std::vector<Root>& roots, Extraction& ext, WorkBudget& budget) {
  bool improved = true;
  for (unsigned round = 0; improved && round < 3 && !budget.spent(); ++round) {
    improved = false;
    // One dagCost() visits about the classes the current choice reaches.
    const uint64_t perEval = reachedClasses(g, ext.best, roots) + roots.size();
    for (ClassId c : classes) {
      if (budget.spent()) break;
      auto nodes = g.classNodes(c);
      if (nodes.size() < 2) continue;
      NodeId current = ext.best[c];
      for (NodeId candidate : nodes) {
        if (candidate == current) continue;
        ext.best[c] = candidate;
        budget.done += perEval;
        double cost = dagCost(g, cm, ext.best, roots);
        if (cost < ext.dagCost - 1e-9) {
          ext.dagCost = cost;
          current = candidate;
          improved = true;
        }
      }
      ext.best[c] = current;
    }
  }
}

} // namespace

Extraction extractDag(const EGraph& g, const CostModel& cm, const ExtractOptions& optsIn) {
  ExtractOptions opts = optsIn;
  if (opts.roots.empty()) opts.roots = allRoots(g);
  WorkBudget budget{opts.dagWork};
  Extraction tree = extractTree(g, cm);
  std::vector<ClassId> classes = g.classes();
  GreedyChoice greedy = greedyDag(g, cm, classes, tree.best.size(), budget);
  std::vector<NodeId>& best = greedy.best;
  // Classes the greedy pass did not price keep tree's choice.
  for (ClassId c : classes)
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
  if (ext.dagCost < Extraction::kInf) improveLocally(g, cm, classes, opts.roots, ext, budget);
  if (greedy.outOfWork) ext.note = "dag: greedy pass hit its work budget";
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
