#include "passes/branch_on_values.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "ir/binaryen_ops.h"

#include <string>
#include <vector>

namespace eqsat {

namespace {

// Branches on the zero test of a value, turned into branches on the value.
class BranchOnValues {
public:
  BranchOnValues(BinaryenModuleRef m, BinaryenExpressionRef body, BranchOnValuesOptions which)
      : m_(m), which_(which), labels_(body) {}
  unsigned changed = 0;

  void operator()(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    if (exprKind(e) != ExprKind::If) return;
    BinaryenExpressionRef cond = BinaryenIfGetCondition(e);
    if (exprKind(cond) != ExprKind::Unary || BinaryenUnaryGetOp(cond) != BinaryenEqZInt32()) return;
    BinaryenExpressionRef x = BinaryenUnaryGetValue(cond);
    BinaryenExpressionRef thenArm = BinaryenIfGetIfTrue(e), elseArm = BinaryenIfGetIfFalse(e);
    if (elseArm) {
      if (!which_.ifElses) return;
      // (if (eqz x) A B) = (if x B A)
      BinaryenIfSetCondition(e, x);
      BinaryenIfSetIfTrue(e, elseArm);
      BinaryenIfSetIfFalse(e, thenArm);
      ++changed;
      return;
    }
    if (!which_.oneArmedIfs || !setSelf || BinaryenExpressionGetType(e) != BinaryenTypeNone()) return;
    // (if (eqz x) A) = (block $p (br_if $p x) A)
    std::string name = labels_.fresh("polarity$");
    std::vector<BinaryenExpressionRef> kidsOut{BinaryenBreak(m_, name.c_str(), x, nullptr)};
    if (exprKind(thenArm) == ExprKind::Block && !BinaryenBlockGetName(thenArm)) {
      for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(thenArm); i < n; ++i)
        kidsOut.push_back(BinaryenBlockGetChildAt(thenArm, i));  // an unnamed block: its statements
    } else {
      kidsOut.push_back(thenArm);
    }
    setSelf(BinaryenBlock(m_, name.c_str(), kidsOut.data(), BinaryenIndex(kidsOut.size()), BinaryenTypeNone()));
    ++changed;
  }

private:
  BinaryenModuleRef m_;
  BranchOnValuesOptions which_;
  FreshLabels labels_;
};

} // namespace

BranchOnValuesOptions branchOnValuesWhereCheaper(const CostModel& cm) {
  const double eqzCond = cm.opCostIn(NodeView{Op::I32Eqz, Ty::i32, 0, {}}, CostContext{Use::Condition, 0, {}});
  BranchOnValuesOptions which;
  which.oneArmedIfs = cm.controlCost(Ctl::Block) + cm.controlCost(Ctl::BrIf) + cm.controlCost(Ctl::CondTest) <=
                      cm.controlCost(Ctl::If) + eqzCond;
  which.ifElses = cm.controlCost(Ctl::CondTest) <= eqzCond;
  return which;
}

unsigned branchOnValues(BinaryenModuleRef module, BinaryenExpressionRef& body, BranchOnValuesOptions which) {
  if (!which.oneArmedIfs && !which.ifElses) return 0;
  BranchOnValues pass(module, body, which);
  walkPostOrder(body, ExpressionSetter([&](BinaryenExpressionRef x) { body = x; }), pass);
  return pass.changed;
}

} // namespace eqsat
