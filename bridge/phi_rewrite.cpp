#include "bridge/phi_rewrite.h"

#include <algorithm>
#include <array>
#include <optional>

namespace eqsat {

bool distributable(Op op) {
  const OpInfo& i = opInfo(op);
  switch (i.kind) {
  case OpKind::Unary: case OpKind::Binary: case OpKind::Compare: case OpKind::Convert:
    return !i.mayTrap;
  default:
    return false;
  }
}

namespace {

// The canonical classes that hold a node of `op`, sorted: a superset of
// them is listed by classesWithOp, whose entries may have been merged since.
std::vector<ClassId> classesHolding(const EGraph& g, Op op) {
  std::vector<ClassId> out;
  for (ClassId c : g.classesWithOp(op)) out.push_back(g.find(c));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The classes of classesHolding(g, op), each with the first node `wanted`
// accepts (the node a scan of the class finds), looked up once per class.
// Valid while nothing is added to the e-graph.
class ClassesWith {
public:
  ClassesWith(const std::vector<ClassId>& sorted)
      : first_(sorted.empty() ? 0 : sorted.back() + 1, kNotHeld) {
    for (ClassId c : sorted) first_[c] = kUnknown;
  }
  // The node of class c (any id) that `wanted` accepts first, if c is held.
  template <class Wanted>
  std::optional<NodeView> node(const EGraph& g, ClassId c, Wanted&& wanted) {
    const ClassId f = g.find(c);
    if (f >= first_.size() || first_[f] == kNotHeld) return std::nullopt;
    if (first_[f] == kUnknown) {
      first_[f] = kNone;
      for (NodeId n : g.classNodes(f))
        if (wanted(g.node(n))) {
          first_[f] = n;
          break;
        }
    }
    if (first_[f] == kNone) return std::nullopt;
    return g.node(NodeId(first_[f]));
  }
private:
  static constexpr int64_t kNotHeld = -3, kUnknown = -2, kNone = -1;
  std::vector<int64_t> first_;
};

// distributable, per op.
bool distributableOp(Op op) {
  static const std::array<bool, kNumOps> table = [] {
    std::array<bool, kNumOps> t{};
    for (unsigned i = 0; i < kNumOps; ++i) t[i] = distributable(Op(i));
    return t;
  }();
  return table[size_t(op)];
}

} // namespace

size_t PhiDistribute::run(EGraph& g) {
  const std::vector<ClassId> phiClasses = classesHolding(g, Op::Phi);
  const std::vector<ClassId> selectClasses = classesHolding(g, Op::Select);
  if (phiClasses.empty() && selectClasses.empty()) return 0;
  ClassesWith phis(phiClasses), selects(selectClasses);
  // Phase 1 (read-only): collect candidates as plain data; spans into the
  // e-graph are invalidated by adds, so nothing is added while scanning.
  // Phis: op(phi_M(x..)) and the binary forms above.
  struct Cand { ClassId target; Op op; Ty ty; uint64_t imm; uint64_t merge;
                std::vector<std::array<ClassId, 2>> args; unsigned arity; };
  std::vector<Cand> cands;
  // A phi node of class c, if any: (merge id, children).
  auto phiIn = [&](ClassId c) {
    return phis.node(g, c, [&](const NodeView& v) { return v.op == Op::Phi && v.children.size() <= maxArity_; });
  };
  auto phiCandidate = [&](ClassId c, const NodeView& v) -> std::optional<Cand> {
    Cand cd{c, v.op, v.ty, v.imm, 0, {}, unsigned(v.children.size())};
    if (v.children.size() == 1) {
      auto p = phiIn(v.children[0]);
      if (!p) return std::nullopt;
      cd.merge = p->imm;
      for (ClassId x : p->children) cd.args.push_back({x, kNoClass});
    } else if (v.children.size() == 2) {
      ClassId l = v.children[0], r = v.children[1];
      auto pa = phiIn(l);
      auto pb = phiIn(r);
      if (pa && pb && pa->imm == pb->imm && pa->children.size() == pb->children.size()) {
        cd.merge = pa->imm;
        for (size_t i = 0; i < pa->children.size(); ++i) cd.args.push_back({pa->children[i], pb->children[i]});
      } else if (pa && g.constant(r)) {
        cd.merge = pa->imm;
        for (ClassId x : pa->children) cd.args.push_back({x, r});
      } else if (pb && g.constant(l)) {
        cd.merge = pb->imm;
        for (ClassId y : pb->children) cd.args.push_back({l, y});
      } else {
        return std::nullopt;
      }
    } else {
      return std::nullopt;
    }
    return cd;
  };
  // Selects: op(select(a, b, c)) = select(op(a), op(b), c), likewise with a
  // constant second operand or two selects on the same condition.
  struct SelCand { ClassId target; Op op; Ty ty; uint64_t imm; unsigned arity;
                   std::array<ClassId, 2> a, b; ClassId cond; };
  std::vector<SelCand> sels;
  auto selOf = [&](ClassId c) -> std::optional<std::array<ClassId, 3>> {
    auto v = selects.node(g, c, [](const NodeView& x) { return x.op == Op::Select; });
    if (!v) return std::nullopt;
    return std::array<ClassId, 3>{v->children[0], v->children[1], v->children[2]};
  };
  auto addSelectCandidate = [&](ClassId c, const NodeView& v) {
    if (v.children.size() == 1) {
      if (auto s1 = selOf(v.children[0]))
        sels.push_back({c, v.op, v.ty, v.imm, 1, {(*s1)[0], kNoClass}, {(*s1)[1], kNoClass}, (*s1)[2]});
    } else if (v.children.size() == 2) {
      ClassId l = v.children[0], r = v.children[1];
      auto sl = selOf(l), sr = selOf(r);
      if (sl && sr && g.find((*sl)[2]) == g.find((*sr)[2]))
        sels.push_back({c, v.op, v.ty, v.imm, 2, {(*sl)[0], (*sr)[0]}, {(*sl)[1], (*sr)[1]}, (*sl)[2]});
      else if (sl && g.constant(r))
        sels.push_back({c, v.op, v.ty, v.imm, 2, {(*sl)[0], r}, {(*sl)[1], r}, (*sl)[2]});
      else if (sr && g.constant(l))
        sels.push_back({c, v.op, v.ty, v.imm, 2, {l, (*sr)[0]}, {l, (*sr)[1]}, (*sr)[2]});
    }
  };
  // Only a class with a node whose child is a phi or select class can give a
  // candidate: those classes, in increasing order as g.classes() gives them.
  std::vector<ClassId> parentClasses;
  for (const std::vector<ClassId>* held : {&phiClasses, &selectClasses})
    for (ClassId x : *held)
      for (NodeId p : g.parentNodes(x)) parentClasses.push_back(g.nodeClass(p));
  std::sort(parentClasses.begin(), parentClasses.end());
  parentClasses.erase(std::unique(parentClasses.begin(), parentClasses.end()), parentClasses.end());
  for (ClassId c : parentClasses) {
    for (NodeId n : g.classNodes(c)) {
      NodeView v = g.node(n);
      if (!distributableOp(v.op)) continue;
      if (!phiClasses.empty())
        if (auto cd = phiCandidate(c, v)) cands.push_back(std::move(*cd));
      if (!selectClasses.empty()) addSelectCandidate(c, v);
    }
  }

  // Phase 2: add the distributed phis and selects, and merge.
  size_t changed = 0;
  std::vector<ClassId> kids;
  for (auto& cd : cands) {
    kids.clear();
    for (auto& a : cd.args)
      kids.push_back(cd.arity == 1 ? g.add(cd.op, cd.ty, cd.imm, std::span<const ClassId>(a.data(), 1))
                                   : g.add(cd.op, cd.ty, cd.imm, std::span<const ClassId>(a.data(), 2)));
    ClassId p = g.add(Op::Phi, cd.ty, cd.merge, kids);
    if (g.merge(cd.target, p)) ++changed;
  }
  for (auto& sc : sels) {
    ClassId x = g.add(sc.op, sc.ty, sc.imm, std::span<const ClassId>(sc.a.data(), sc.arity));
    ClassId y = g.add(sc.op, sc.ty, sc.imm, std::span<const ClassId>(sc.b.data(), sc.arity));
    std::array<ClassId, 3> kids3{x, y, sc.cond};
    ClassId s2 = g.add(Op::Select, sc.ty, 0, kids3);
    if (g.merge(sc.target, s2)) ++changed;
  }
  return changed;
}

} // namespace eqsat
