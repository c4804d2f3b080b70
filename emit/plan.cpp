// The use plan, made before anything is emitted: which classes the
// statements need, how often (which values are worth computing once into a
// local), which phis and loop-carried values must live in locals, where the
// uses of each class run, and so which loads can be sunk to their uses.
#include "emit/emitter.h"

#include <algorithm>

namespace eqsat::emitting {

// The plan of the whole function (before its statements are emitted).
void Emitter::planFunction() {
  phisAtMerge_.resize(function_.merges.size());
  carriedAtLoop_.resize(function_.merges.size());
  planStatements(function_.body);
  for (const CoveredLoad& covered : coveringLoads_) {
    const ClassId c = canonical(covered.load->cls);
    const uint32_t coveringFirst = firstPlannedUse_[covered.covering], loadFirst = firstPlannedUse_[c];
    if (coveringFirst != 0 && loadFirst != 0 && coveringFirst < loadFirst &&
        branchesBeforeFirstUse_[c] > covered.branchesBefore)
      loadsCoveredLater_.insert(covered.load);
  }
  coveringLoads_.clear();
  // A load is sunk when every use runs where it does.
  for (ClassId c = 0; c < ClassId(sunkLoadIndex_.size()); ++c) {
    if (sunkLoadIndex_[c] < 0) continue;
    if (useSiteOf_[c] != sunkLoads_[size_t(sunkLoadIndex_[c])].site) sunkLoadIndex_[c] = kSunkLoadRejected;
  }
  // Phis and loop-carried values in a fixed order, each carried value once.
  for (auto& v : phisAtMerge_) std::sort(v.begin(), v.end());
  for (auto& v : carriedAtLoop_) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
}

// The uses of a statement list's operands, and candidate loads to sink: a
// load class is one when all its load statements are the same load at the
// same use site.
void Emitter::planStatements(const std::vector<Stmt>& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    const Stmt& s = list[i];
    planningSite_ = useSite(s.mem, planningLoop_);
    if (s.kind == StmtKind::Define && opInfo(s.op).kind == OpKind::Load && s.kids.size() == 1) {
      if (ClassId covering = coveringLoad(list, i); covering != kNoClass)
        coveringLoads_.push_back(CoveredLoad{&s, covering, plannedBranchCount_});
      ClassId c = canonical(s.cls);
      if (sunkLoadIndex_[c] == kNoSunkLoad) {
        sunkLoadIndex_[c] = int32_t(sunkLoads_.size());
        sunkLoads_.push_back(SunkLoad{s.op, s.imm, canonical(s.kids[0]), planningSite_});
      } else if (sunkLoadIndex_[c] >= 0) {
        const SunkLoad& o = sunkLoads_[size_t(sunkLoadIndex_[c])];
        if (o.op != s.op || o.imm != s.imm || o.addr != canonical(s.kids[0]) || o.site != planningSite_)
          sunkLoadIndex_[c] = kSunkLoadRejected;
      }
    }
    if (s.cls != kNoClass && (s.kind == StmtKind::If || s.kind == StmtKind::BrIf || s.kind == StmtKind::BrTable ||
                              s.kind == StmtKind::Return || s.kind == StmtKind::Value))
      planUse(s.cls);
    if (s.kind == StmtKind::Define)
      for (ClassId k : s.kids) planUse(k);
    if (s.kind == StmtKind::Effect) {
      const EffectOperation& chosen = effectOperation(s);
      for (ClassId k : chosen.kids) planUse(k);
    }
    if (s.kind == StmtKind::If || s.kind == StmtKind::BrIf || s.kind == StmtKind::BrTable || s.kind == StmtKind::Br ||
        s.kind == StmtKind::Return || s.kind == StmtKind::Loop)
      ++plannedBranchCount_;
    uint32_t outer = planningLoop_;
    if (s.kind == StmtKind::Loop) planningLoop_ = s.merge;
    planStatements(s.body);
    planStatements(s.elseBody);
    planningLoop_ = outer;
  }
}

// The class of a load that makes load statement list[i] unable to trap on
// its own, or kNoClass: before any effect or other trap, a load of the same
// address that reaches at least as far runs (memory never shrinks, and the
// address is a value, so that load traps whenever this one would, and nothing
// observable runs in between).
ClassId Emitter::coveringLoad(const std::vector<Stmt>& list, size_t i) const {
  const Stmt& load = list[i];
  const ClassId addr = canonical(load.kids[0]);
  const uint64_t end = uint64_t(memOffset(load.imm)) + opInfo(load.op).bytes;
  for (size_t j = i + 1; j < list.size(); ++j) {
    const Stmt& t = list[j];
    if (t.kind != StmtKind::Define) return kNoClass;
    const OpInfo& info = opInfo(t.op);
    if (info.kind != OpKind::Load) {
      if (info.mayTrap) return kNoClass;
      continue;
    }
    if (t.kids.size() == 1 && canonical(t.kids[0]) == addr && uint64_t(memOffset(t.imm)) + info.bytes >= end)
      return canonical(t.cls);
  }
  return kNoClass;
}

// A use of class c at planningSite_: c is needed, one use more, and so is
// what its chosen node is computed from; a phi or loop-carried value is
// planned into its merge's copies, its inputs used on the incoming edges.
void Emitter::planUse(ClassId c) {
  c = canonical(c);
  ++plannedUses_[c];
  if (firstPlannedUse_[c] == 0) {
    firstPlannedUse_[c] = ++plannedUseCount_;
    branchesBeforeFirstUse_[c] = plannedBranchCount_;
  }
  recordUseSite(c, planningSite_);
  if (neededByPlan_[c]) return;
  neededByPlan_[c] = 1;
  if (egraph_.constant(c)) return;
  NodeView n = chosenNode(c);
  // Phi inputs are used on the incoming edges, wherever those are.
  struct SiteScope {
    uint64_t& site;
    uint64_t saved;
    ~SiteScope() { site = saved; }
  } scope{planningSite_, planningSite_};
  if (n.op == Op::Phi || n.op == Op::LoopPhi) planningSite_ = kManyUseSites;
  if (n.op == Op::Phi) {
    if (phisAtMerge_.size() <= n.imm) phisAtMerge_.resize(n.imm + 1);
    phisAtMerge_[n.imm].push_back(c);
    std::vector<ClassId> kids(n.children.begin(), n.children.end());
    for (ClassId k : kids) planUse(k);
    return;
  }
  if (n.op == Op::LoopPhi) {
    uint32_t m = uint32_t(n.imm >> 32);
    const Merge& mg = function_.merges[m];
    for (size_t k = 0; k < mg.carried.size(); ++k)
      if (canonical(mg.carried[k].phi) == c) {
        if (carriedAtLoop_.size() <= m) carriedAtLoop_.resize(m + 1);
        carriedAtLoop_[m].push_back(k);
        for (ClassId v : mg.carried[k].perEdge) planUse(v);
      }
    return;
  }
  if (isDefinedNode(n)) return;
  std::vector<ClassId> kids(n.children.begin(), n.children.end());
  for (size_t i = 0; i < kids.size(); ++i) {
    ClassId k = canonical(kids[i]);
    if (auto v = egraph_.constant(k)) {
      if (costModel_.constOperandCost(n, unsigned(i), egraph_.type(k), *v) > 0) ++constantOperandUses_[k];
      neededByPlan_[k] = 1;
      continue;
    }
    planUse(k);
  }
}

// A planned use of c runs at `site`. When c's uses run at more than one
// site, so do those of what it is computed from.
void Emitter::recordUseSite(ClassId c, uint64_t site) {
  uint64_t& known = useSiteOf_[c];
  if (known == site || known == kManyUseSites) return;
  if (known == kNoUseSite) {
    known = site;
    return;
  }
  known = kManyUseSites;
  if (!neededByPlan_[c] || egraph_.constant(c)) return;
  NodeView n = chosenNode(c);
  if (n.op == Op::Phi || n.op == Op::LoopPhi || isDefinedNode(n)) return;
  std::vector<ClassId> kids(n.children.begin(), n.children.end());
  for (ClassId kid : kids) recordUseSite(canonical(kid), kManyUseSites);
}

// The operation Effect statement s emits (EffectOperation), chosen once.
const Emitter::EffectOperation& Emitter::effectOperation(const Stmt& s) {
  auto it = effectOperations_.find(&s);
  if (it != effectOperations_.end()) return it->second;
  EffectOperation chosen{s.op, s.ty, s.imm, s.kids};
  if (opInfo(s.op).kind == OpKind::Store) {
    double bestCost = Extraction::kInf;
    for (NodeId n : egraph_.classNodes(canonical(s.cls))) {
      NodeView v = egraph_.node(n);
      if (opInfo(v.op).kind != OpKind::Store) continue;
      double k = costModel_.opCost(v);
      for (size_t i = 0; i < v.children.size(); ++i) {
        ClassId kc = canonical(v.children[i]);
        auto cv = egraph_.constant(kc);
        k += cv ? costModel_.constOperandCost(v, unsigned(i), egraph_.type(kc), *cv) : extraction_.cost[kc];
      }
      if (k < bestCost - 1e-9) {
        bestCost = k;
        chosen = EffectOperation{v.op, v.ty, v.imm, std::vector<ClassId>(v.children.begin(), v.children.end())};
      }
    }
  }
  return effectOperations_.emplace(&s, std::move(chosen)).first->second;
}

} // namespace eqsat::emitting
