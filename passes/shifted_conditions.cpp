#include "passes/shifted_conditions.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "ir/binaryen_ops.h"

namespace eqsat {

namespace {

// 0 or 1 by its operation: a compare of any type, or an eqz (through a tee).
bool isBoolean(BinaryenExpressionRef e) {
  ExprKind id = exprKind(e);
  if (id == ExprKind::LocalSet) return BinaryenLocalSetIsTee(e) && isBoolean(BinaryenLocalSetGetValue(e));
  if (id == ExprKind::Unary) {
    std::optional<Op> op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
    return op && (*op == Op::I32Eqz || *op == Op::I64Eqz);
  }
  if (id != ExprKind::Binary) return false;
  std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
  return op && opInfo(*op).kind == OpKind::Compare;
}

// The boolean `e` shifts left by a constant, or nullptr.
BinaryenExpressionRef shiftedBoolean(BinaryenExpressionRef e) {
  if (!e || exprKind(e) != ExprKind::Binary || BinaryenBinaryGetOp(e) != BinaryenShlInt32()) return nullptr;
  BinaryenExpressionRef amount = BinaryenBinaryGetRight(e), value = BinaryenBinaryGetLeft(e);
  if (exprKind(amount) != ExprKind::Const || !isBoolean(value)) return nullptr;
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
