// JSON dump of an e-graph in the shape of the egraph-serialize format:
//   { "nodes": { "<node id>": { "op": "...", "children": ["<node id>", ...],
//                               "eclass": "<class id>", "cost": 1.0 } },
//     "root_eclasses": ["<class id>", ...] }
// Each child references the first node of the child class (as egraph-serialize
// expects node ids; the child's class is that node's "eclass").
#pragma once

#include "egraph/egraph.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <span>
#include <string>

namespace eqsat {

using NodeCostFn = std::function<double(const EGraph&, NodeId)>;

// The operator label of a node: "i32.add", "i32.const 5", "symbol x0", "param 2", ...
std::string nodeLabel(const EGraph& g, NodeId n);

// The graph must be rebuilt (clean). `cost` defaults to 1 per node.
nlohmann::json serializeEGraph(const EGraph& g, std::span<const ClassId> roots = {}, const NodeCostFn& cost = {});

} // namespace eqsat
