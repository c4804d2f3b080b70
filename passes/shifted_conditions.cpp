#include "passes/shifted_conditions.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

namespace eqsat {

namespace {

// 0 or 1: a compare or an eqz (isBoolean), or a tee of one.
bool isBooleanOrTeeOfOne(BinaryenExpressionRef e) {
  if (exprKind(e) == ExprKind::LocalSet)
    return BinaryenLocalSetIsTee(e) && isBooleanOrTeeOfOne(BinaryenLocalSetGetValue(e));
  return isBoolean(e);
}

// The boolean `e` shifts left by a constant, or nullptr.
BinaryenExpressionRef shiftedBoolean(BinaryenExpressionRef e) {
  if (!e || exprKind(e) != ExprKind::Binary || BinaryenBinaryGetOp(e) != BinaryenShlInt32()) return nullptr;
  BinaryenExpressionRef amount = BinaryenBinaryGetRight(e), value = BinaryenBinaryGetLeft(e);
  if (exprKind(amount) != ExprKind::Const || !isBooleanOrTeeOfOne(value)) return nullptr;
  return value;
}

class ShiftedConditions {
public:
  unsigned removed = 0;

  void operator()(BinaryenExpressionRef e, const ExpressionSetter&) {
    switch (exprKind(e)) {
    case ExprKind::If:
      if (BinaryenExpressionRef b = unshift(BinaryenIfGetCondition(e))) BinaryenIfSetCondition(e, b);
      break;
    case ExprKind::Break:
      if (BinaryenExpressionRef b = unshift(BinaryenBreakGetCondition(e))) BinaryenBreakSetCondition(e, b);
      break;
    case ExprKind::Unary:
      if (BinaryenUnaryGetOp(e) == BinaryenEqZInt32())
        if (BinaryenExpressionRef b = unshift(BinaryenUnaryGetValue(e))) BinaryenUnarySetValue(e, b);
      break;
    default: break;
    }
  }

private:
  BinaryenExpressionRef unshift(BinaryenExpressionRef condition) {
    BinaryenExpressionRef b = shiftedBoolean(condition);
    if (b) ++removed;
    return b;
  }
};

} // namespace

unsigned shiftedConditions(BinaryenExpressionRef body) {
  ShiftedConditions pass;
  walkPostOrder(body, ExpressionSetter(), pass);
  return pass.removed;
}

} // namespace eqsat
