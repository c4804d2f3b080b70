// Extraction: the cheapest node of every e-class under a cost model.
//
// `tree` extraction (egg's default): bottom-up fixpoint, a class costs its
// cheapest node plus its children, shared subterms counted at every use. The
// emitter then shares classes that are used more than once through locals.
// Defined values (params, phis' reads, loads, calls) cost a local read; a phi
// node additionally pays for its incoming values and the local writes on
// each edge.
#pragma once

#include "egraph/egraph.h"
#include "extract/cost.h"

#include <limits>
#include <vector>

namespace eqsat {

struct Extraction {
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> cost;    // by class id (canonical ids valid)
  std::vector<NodeId> best;    // by class id
  double classCost(const EGraph& g, ClassId c) const { return cost[g.find(c)]; }
};

// The cost of node `n` given children costs in `ext` (kInf if a child has none).
double nodeCost(const EGraph& g, const CostModel& cm, const Extraction& ext, const NodeView& n);

Extraction extractTree(const EGraph& g, const CostModel& cm);

} // namespace eqsat
