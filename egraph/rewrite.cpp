#include "egraph/rewrite.h"

#include <vector>

namespace eqsat {

ClassId instantiate(EGraph& g, const Rewrite& rw, const Pattern& p, const Subst& s) {
  size_t np = p.nodes.size();
  if (np == 0) return kNoClass;
  ClassId small[32];
  std::vector<ClassId> big;
  ClassId* ids = small;
  if (np > 32) {
    big.resize(np);
    ids = big.data();
  }
  ClassId kidsSmall[8];
  std::vector<ClassId> kidsBig;
  for (size_t i = 0; i < np; ++i) {
    const PNode& n = p.nodes[i];
    switch (n.kind) {
    case PNode::Var:
      ids[i] = s.classes[n.var];
      break;
    case PNode::ConstVar:
      if (n.var < s.isConst.size() && s.isConst[n.var]) ids[i] = g.add(n.op, n.ty, s.consts[n.var], {});
      else ids[i] = s.classes[n.var];
      break;
    case PNode::Literal:
      ids[i] = g.add(n.op, n.ty, n.value, {});
      break;
    case PNode::Computed: {
      if (n.value >= rw.computed.size() || !rw.computed[n.value]) return kNoClass;
      std::optional<uint64_t> v = rw.computed[n.value](g, s);
      if (!v) return kNoClass;
      ids[i] = g.add(n.op, n.ty, *v, {});
      break;
    }
    case PNode::Node: {
      size_t nk = n.children.size();
      ClassId* k = kidsSmall;
      if (nk > 8) {
        kidsBig.resize(nk);
        k = kidsBig.data();
      }
      for (size_t j = 0; j < nk; ++j) k[j] = ids[n.children[j]];
      const OpInfo& info = opInfo(n.op);
      bool mem = info.kind == OpKind::Load || info.kind == OpKind::Store;
      uint64_t imm = (mem && i + 1 == np) ? s.rootImm : n.value;
      Ty ty = n.ty;
      // Per-node typed operators (select) take their type from their value operand
      // when the pattern left it open.
      if (ty == Ty::none && info.typedPerNode && n.op == Op::Select && nk == 3) ty = g.type(k[0]);
      ids[i] = g.add(n.op, ty, imm, std::span<const ClassId>(k, nk));
      break;
    }
    }
  }
  return ids[np - 1];
}

} // namespace eqsat
