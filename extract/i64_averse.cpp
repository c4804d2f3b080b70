// extract/i64_averse.cpp: a selection with i64 values priced higher (see i64_averse.h).
#include "extract/i64_averse.h"

namespace eqsat {

namespace {

// The model given, with every node of type i64 and every i64 local access
// priced kPenalty more.
class I64AverseModel final : public CostModel {
public:
  explicit I64AverseModel(const CostModel& base) : base_(base) {}
  std::string name() const override { return base_.name() + "+i64-averse"; }
  double opCostIn(const NodeView& n, const CostContext& cx) const override {
    return base_.opCostIn(n, cx) + (n.ty == Ty::i64 ? kPenalty : 0);
  }
  double constOperandCost(const NodeView& user, unsigned index, Ty ty, uint64_t bits) const override {
    return base_.constOperandCost(user, index, ty, bits);
  }
  double localGetCost(Ty ty) const override { return base_.localGetCost(ty) + (ty == Ty::i64 ? kPenalty : 0); }
  double localSetCost(Ty ty) const override { return base_.localSetCost(ty) + (ty == Ty::i64 ? kPenalty : 0); }
  double controlCost(Ctl k) const override { return base_.controlCost(k); }
  WholeFunction wholeFunction() const override { return base_.wholeFunction(); }

private:
  static constexpr double kPenalty = 20;
  const CostModel& base_;
};

bool choiceUsesI64(const EGraph& g, const Extraction& ext, const std::vector<Root>& roots) {
  bool found = false;
  forEachChosenClass(g, ext.best, roots, [&](ClassId c) {
    found = g.type(c) == Ty::i64;
    return !found;
  });
  return found;
}

} // namespace

void addI64AverseAlternative(const EGraph& g, const CostModel& cm, const std::string& extractor,
                             const ExtractOptions& opts, Extraction& ext) {
  if (g.numClasses() > kI64AverseMaxClasses || !choiceUsesI64(g, ext, opts.roots)) return;
  I64AverseModel averse(cm);
  Extraction alt = extract(g, averse, extractor, opts);
  alt.alternatives.clear();
  if (sameSelection(g, alt.best, ext.best, opts.roots)) return;
  recomputeChosenCosts(g, cm, alt);
  alt.i64Averse = true;
  ext.alternatives.push_back(std::move(alt));
}

} // namespace eqsat
