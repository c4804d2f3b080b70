#include "bridge/loop_rewrite.h"

#include "bridge/phi_rewrite.h"

#include <array>
#include <unordered_map>

namespace eqsat {

size_t LoopPhiDistribute::run(EGraph& g) {
  size_t changed = 0;
  if (derived_.size() < fg_.merges.size()) derived_.resize(fg_.merges.size(), 0);
  // Loop-carried values left unchanged by every back edge are their entry value.
  for (Merge& m : fg_.merges) {
    if (m.kind != Merge::LoopHeader) continue;
    for (auto& car : m.carried) {
      if (car.perEdge.empty()) continue;
      ClassId p = g.find(car.phi), e = g.find(car.perEdge[0]);
      if (p == e) continue;
      bool unchanged = true;
      for (size_t i = 1; i < car.perEdge.size() && unchanged; ++i) {
        ClassId b = g.find(car.perEdge[i]);
        unchanged = b == p || b == e;
      }
      if (unchanged && g.merge(p, e)) ++changed;
    }
  }
  // Index: loop-phi class -> (merge, carried index).
  std::unordered_map<ClassId, std::pair<uint32_t, size_t>> lp;
  for (uint32_t mi = 0; mi < fg_.merges.size(); ++mi) {
    const Merge& m = fg_.merges[mi];
    if (m.kind != Merge::LoopHeader) continue;
    for (size_t k = 0; k < m.carried.size(); ++k) lp.emplace(g.find(m.carried[k].phi), std::make_pair(mi, k));
  }
  if (lp.empty()) return changed;
  struct Cand { ClassId target; uint32_t merge; size_t k; Op op; Ty ty; uint64_t imm; ClassId other; int pos; };
  std::vector<Cand> cands;
  for (ClassId c : g.classes()) {
    for (NodeId n : g.classNodes(c)) {
      NodeView v = g.node(n);
      if (!distributable(v.op)) continue;
      for (int pos = 0; pos < int(v.children.size()); ++pos) {
        auto it = lp.find(g.find(v.children[pos]));
        if (it == lp.end()) continue;
        // Only 64-bit loop-carried values are split: they are what is dear on a
        // 32-bit target; distributing i32 arithmetic would only add copies.
        if (g.type(it->first) != Ty::i64) continue;
        ClassId other = kNoClass;
        if (v.children.size() == 2) {
          other = g.find(v.children[1 - pos]);
          if (!g.constant(other)) continue;
        }
        cands.push_back({c, it->second.first, it->second.second, v.op, v.ty, v.imm, other, pos});
      }
    }
  }
  for (const Cand& cd : cands) {
    auto key = std::make_tuple(cd.merge, cd.k, cd.op, cd.imm, cd.other, cd.pos);
    if (done_.count(key)) continue;
    if (derived_[cd.merge] >= maxDerived_) continue;
    done_.insert(key);
    derived_[cd.merge]++;
    auto apply = [&](ClassId x) {
      if (cd.other == kNoClass) return g.add(cd.op, cd.ty, cd.imm, std::array<ClassId, 1>{x});
      std::array<ClassId, 2> kids = cd.pos == 0 ? std::array<ClassId, 2>{x, cd.other}
                                                : std::array<ClassId, 2>{cd.other, x};
      return g.add(cd.op, cd.ty, cd.imm, kids);
    };
    Merge::Carried nc;
    nc.phi = g.add(Op::LoopPhi, cd.ty, (uint64_t(cd.merge) << 32) | nextSlot_++, {});
    std::vector<ClassId> edges = fg_.merges[cd.merge].carried[cd.k].perEdge;  // copy: carried may grow
    for (ClassId e : edges) nc.perEdge.push_back(apply(e));
    fg_.merges[cd.merge].carried.push_back(std::move(nc));
    if (g.merge(cd.target, fg_.merges[cd.merge].carried.back().phi)) ++changed;
  }
  return changed;
}

} // namespace eqsat
