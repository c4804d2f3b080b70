#include "passes/shifted_conditions.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include <cstdint>

namespace eqsat {

namespace {

// 0 or 1: a compare or an eqz (isBoolean), or a tee of one.
bool isBooleanOrTeeOfOne(BinaryenExpressionRef e) {
  if (exprKind(e) == ExprKind::LocalSet)
    return BinaryenLocalSetIsTee(e) && isBooleanOrTeeOfOne(BinaryenLocalSetGetValue(e));
  return isBoolean(e);
}

bool isConstant(BinaryenExpressionRef e, int32_t* value) {
  if (exprKind(e) != ExprKind::Const || BinaryenExpressionGetType(e) != BinaryenTypeInt32()) return false;
  *value = BinaryenConstGetValueI32(e);
  return true;
}

// The boolean whose bit `e` moves by constant shifts that keep it, or
// nullptr: (i32.shl B k) puts it at bit k mod 32; (i32.shr_u (i32.shl B k) m)
// at bit (k - m) when m <= k (both mod 32), and shifts it out otherwise.
BinaryenExpressionRef shiftedBoolean(BinaryenExpressionRef e) {
  if (!e || exprKind(e) != ExprKind::Binary) return nullptr;
  BinaryenOp op = BinaryenBinaryGetOp(e);
  int32_t amount = 0;
  if (!isConstant(BinaryenBinaryGetRight(e), &amount)) return nullptr;
  BinaryenExpressionRef value = BinaryenBinaryGetLeft(e);
  if (op == BinaryenShlInt32()) return isBooleanOrTeeOfOne(value) ? value : nullptr;
  if (op != BinaryenShrUInt32() || exprKind(value) != ExprKind::Binary ||
      BinaryenBinaryGetOp(value) != BinaryenShlInt32())
    return nullptr;
  int32_t left = 0;
  if (!isConstant(BinaryenBinaryGetRight(value), &left) || (amount & 31) > (left & 31)) return nullptr;
  return shiftedBoolean(value);
}

// v for (i32.ne v (i32.const 0)) or (i32.ne (i32.const 0) v), else nullptr:
// as a condition the compare with zero is the value itself.
BinaryenExpressionRef comparedWithZero(BinaryenExpressionRef e) {
  if (!e || exprKind(e) != ExprKind::Binary || BinaryenBinaryGetOp(e) != BinaryenNeInt32()) return nullptr;
  int32_t k = 0;
  if (isConstant(BinaryenBinaryGetRight(e), &k) && k == 0) return BinaryenBinaryGetLeft(e);
  if (isConstant(BinaryenBinaryGetLeft(e), &k) && k == 0) return BinaryenBinaryGetRight(e);
  return nullptr;
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
  // The boolean a shifted `condition` tests, itself a compare with zero
  // taken apart, or nullptr when `condition` shifts no boolean. A compare
  // with zero alone stays: the polarity and layout steps after this one
  // (branchOnValues) read it as it is.
  BinaryenExpressionRef unshift(BinaryenExpressionRef condition) {
    BinaryenExpressionRef tested = shiftedBoolean(condition);
    if (!tested) return nullptr;
    ++removed;
    while (BinaryenExpressionRef next = shiftedBoolean(tested)) tested = next;
    if (BinaryenExpressionRef value = comparedWithZero(tested)) {
      tested = value;
      ++removed;
    }
    return tested;
  }
};

} // namespace

unsigned shiftedConditions(BinaryenExpressionRef body) {
  ShiftedConditions pass;
  walkPostOrder(body, ExpressionSetter(), pass);
  return pass.removed;
}

} // namespace eqsat
