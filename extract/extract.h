// Extraction: one node per e-class, chosen under a cost model.
//
// tree  (egg's default): bottom-up fixpoint, a class costs its cheapest node
//       plus its children, shared subterms counted at every use.
// tree-ls  tree, then a local search under dagCost() on functions whose
//       choice reaches at most ExtractOptions::localMaxClasses classes: one
//       class at a time switches to another node where that lowers the DAG
//       cost (a value computed anyway is used again instead of an equivalent
//       one computed apart). Tree's choice goes along as an alternative. The
//       default: on small functions what dag finds, at tree's speed.
// dag   greedy DAG-aware extraction: a candidate node is priced with the union
//       of its children's sub-DAGs, a shared class counted once plus the cost
//       of keeping it in a local (local.tee + local.get per further use); then
//       a local-search pass; never worse than tree under dagCost().
// exact integer linear programming (GLPK) for the DAG-optimal choice, with a
//       time limit, for functions small enough; falls back to dag otherwise;
//       never worse than dag under dagCost().
// Whatever the extractor, the result is a per-class best node (the emitter
// shares classes used more than once through locals), plus the selections it
// was guarded against (Extraction::alternatives).
//
// Context: a class feeding a branch or a select condition is priced with
// Use::Condition (CostModel::opCostIn); constant operands are priced by their
// consumer (CostModel::constOperandCost). Defined values (params, phis' reads,
// loads, calls) cost a local read; a phi node additionally pays for its
// incoming values and the local writes on each edge.
#pragma once

#include "bridge/bridge.h"
#include "egraph/egraph.h"
#include "cost/cost.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace eqsat {

struct Extraction {
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> cost;      // by class id: tree cost of the chosen term as a value (canonical ids valid)
  std::vector<double> condCost;  // by class id: the same when the class only feeds a condition
  std::vector<NodeId> best;      // by class id
  std::string extractor = "tree";  // what produced it ("exact" may report "dag" after a fallback)
  double dagCost = kInf;         // dagCost() of the choice over the roots (when roots were given)
  std::string note;              // e.g. why exact fell back
  // The selections this one was guarded against and differs from (dag: tree's;
  // exact: dag's and tree's). dagCost() cannot see where the emitter places a
  // shared value (a value used on two exclusive paths is computed on each), so
  // the driver emits these too and keeps the emitted function that is cheapest
  // under the model (emitBestBody, module/optimize.h): after emission as well,
  // dag is never worse than tree, nor exact than dag.
  std::vector<Extraction> alternatives;
  double classCost(const EGraph& g, ClassId c) const { return cost[g.find(c)]; }
};

// What a function needs computed: skeleton operands, with their use.
struct Root {
  ClassId cls;
  Use use = Use::Value;
};
std::vector<Root> rootsOf(const FunctionGraph& fg);

struct ExtractOptions {
  std::vector<Root> roots;       // empty: every class is a root
  // Budget of dag's greedy pass and local search, in classes visited. A work
  // count, not a time limit, so that dag is deterministic and the dag that exact
  // starts from (and must not be worse than) is the dag the dag extractor returns.
  // The default gives the outputs of a ten times larger budget in a fraction of
  // its time (docs/cost-models.md).
  uint64_t dagWork = 1'000'000;
  // tree-ls: functions whose tree choice reaches more classes keep it; the
  // search's budget in classes visited (deterministic, like dagWork).
  size_t localMaxClasses = 48;
  uint64_t localWork = 200'000;
  double exactSeconds = 10;      // ILP time limit (then: the best solution found, or dag)
  size_t exactMaxNodes = 5000;   // e-graphs with more reachable nodes go to dag
};

// The cost of node `n` given children costs in `ext` (kInf if a child has none), as a value or a condition.
double nodeCost(const EGraph& g, const CostModel& cm, const Extraction& ext, const NodeView& n,
                Use use = Use::Value);
// The context (use, constant operands) of node `n`.
CostContext contextOf(const EGraph& g, const NodeView& n, Use use);
// The node's own cost: opCostIn + constant operands + (phi) the edge writes.
double ownCost(const EGraph& g, const CostModel& cm, const NodeView& n, Use use);

// The DAG cost of a choice: every class reachable from the roots through the
// chosen nodes counted once, plus the local traffic of sharing a class used
// more than once. kInf if a chosen node is missing or the choice is cyclic.
double dagCost(const EGraph& g, const CostModel& cm, const std::vector<NodeId>& best,
               const std::vector<Root>& roots);

Extraction extractTree(const EGraph& g, const CostModel& cm);
Extraction extractTreeLocal(const EGraph& g, const CostModel& cm, const ExtractOptions& opts);
Extraction extractDag(const EGraph& g, const CostModel& cm, const ExtractOptions& opts);
Extraction extractExact(const EGraph& g, const CostModel& cm, const ExtractOptions& opts);
// By name: "tree", "tree-ls", "dag" or "exact". Throws std::invalid_argument for another name.
Extraction extract(const EGraph& g, const CostModel& cm, const std::string& extractor,
                   const ExtractOptions& opts = {});
std::vector<std::string> extractorNames();

// Fills ext.cost / ext.condCost with the tree cost of the chosen terms (after a dag/exact choice).
void recomputeChosenCosts(const EGraph& g, const CostModel& cm, Extraction& ext);

// Visits once each non-constant class reachable from the roots through the
// chosen nodes (a phi's inputs are followed, a skeleton-defined node's are not);
// stops, returning false, as soon as f returns false.
bool forEachChosenClass(const EGraph& g, const std::vector<NodeId>& best, const std::vector<Root>& roots,
                        const std::function<bool(ClassId)>& f);

// True when selections a and b choose the same node in every class reachable
// from the roots (every class when roots is empty) through a's choice.
bool sameSelection(const EGraph& g, const std::vector<NodeId>& a, const std::vector<NodeId>& b,
                   const std::vector<Root>& roots);

} // namespace eqsat
