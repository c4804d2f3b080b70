// ast: one per node -- the size of the expression tree (docs/cost-models.md).
#include "cost/cost_models.h"

namespace eqsat::costmodels {
namespace {

class AstCost : public CostModel {
public:
  std::string name() const override { return "ast"; }
  double opCostIn(const NodeView&, const CostContext&) const override { return 1; }
  double constOperandCost(const NodeView&, unsigned, Ty, uint64_t) const override { return 1; }
  double localGetCost(Ty) const override { return 1; }
  double localSetCost(Ty) const override { return 1; }
  double controlCost(Ctl k) const override {
    switch (k) {
    case Ctl::CondTest: case Ctl::CallArg: case Ctl::BrTableTarget: return 0;
    default: return 1;
    }
  }
};

} // namespace

std::unique_ptr<CostModel> makeAst() { return std::make_unique<AstCost>(); }

} // namespace eqsat::costmodels
