#include "egraph/serialize.h"

namespace eqsat {

std::string nodeLabel(const EGraph& g, NodeId n) {
  NodeView v = g.node(n);
  const OpInfo& info = opInfo(v.op);
  std::string s = info.name;
  switch (info.kind) {
  case OpKind::Const:
    if (v.ty == Ty::i32) s += " " + std::to_string(int32_t(uint32_t(v.imm)));
    else if (v.ty == Ty::i64) s += " " + std::to_string(int64_t(v.imm));
    else s += " " + std::to_string(v.imm);
    break;
  case OpKind::Leaf:
    if (v.op == Op::Symbol) return std::string(g.symbolName(v.imm));
    s += " " + std::to_string(v.imm);
    break;
  case OpKind::Load: case OpKind::Store:
    s += " offset=" + std::to_string(memOffset(v.imm)) + " align=" + std::to_string(1u << memAlignLog2(v.imm)) +
         " seq=" + std::to_string(memSeq(v.imm));
    break;
  case OpKind::Phi: case OpKind::Call: case OpKind::Global: case OpKind::Generic:
    s += " " + std::to_string(v.imm);
    break;
  default:
    break;
  }
  return s;
}

nlohmann::json serializeEGraph(const EGraph& g, std::span<const ClassId> roots, const NodeCostFn& cost) {
  nlohmann::json nodes = nlohmann::json::object();
  for (ClassId c : g.classes()) {
    for (NodeId n : g.classNodes(c)) {
      NodeView v = g.node(n);
      nlohmann::json children = nlohmann::json::array();
      for (ClassId k : v.children) {
        auto kn = g.classNodes(g.find(k));
        children.push_back(kn.empty() ? std::string("?") : std::to_string(kn.front()));
      }
      nodes[std::to_string(n)] = {
          {"op", nodeLabel(g, n)},
          {"children", std::move(children)},
          {"eclass", std::to_string(c)},
          {"cost", cost ? cost(g, n) : 1.0},
      };
    }
  }
  nlohmann::json rootsJ = nlohmann::json::array();
  for (ClassId r : roots) rootsJ.push_back(std::to_string(g.find(r)));
  return {{"nodes", std::move(nodes)}, {"root_eclasses", std::move(rootsJ)}};
}

} // namespace eqsat
