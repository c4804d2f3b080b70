#include "extract/extract.h"

#include "egraph/bridge.h"

#include <algorithm>

namespace eqsat {

double nodeCost(const EGraph& g, const CostModel& cm, const Extraction& ext, const NodeView& n) {
  double c = cm.opCost(n);
  if (n.op == Op::Phi) {
    for (ClassId k : n.children) {
      ClassId kk = g.find(k);
      if (auto v = g.constant(kk)) c += cm.constOperandCost(n, 0, g.type(kk), *v);
      else c += ext.cost[kk];
      c += cm.localSetCost(n.ty);
    }
    return c;
  }
  if (isDefinedNode(n)) return c;  // operands are paid by the defining statement
  for (size_t i = 0; i < n.children.size(); ++i) {
    ClassId kk = g.find(n.children[i]);
    if (auto v = g.constant(kk)) c += cm.constOperandCost(n, unsigned(i), g.type(kk), *v);
    else c += ext.cost[kk];
  }
  return c;
}

Extraction extractTree(const EGraph& g, const CostModel& cm) {
  Extraction ext;
  std::vector<ClassId> cls = g.classes();
  ClassId maxId = 0;
  for (ClassId c : cls) maxId = std::max(maxId, c);
  ext.cost.assign(size_t(maxId) + 1, Extraction::kInf);
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
    }
  }
  return ext;
}

} // namespace eqsat
