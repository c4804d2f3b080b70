#include "passes/merge_equal_arms.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "cost/ircost.h"
#include "ir/binaryen_ops.h"

#include <string>

namespace eqsat {

namespace {

// (if A X) (if B X): X never falls through, B free of effects and traps.
struct MergeEqualArms {
  MergeEqualArms(BinaryenModuleRef m, const CostModel& cm) : m_(m), cm_(cm) {}
  BinaryenModuleRef m_;
  const CostModel& cm_;
  unsigned merged = 0;

  static bool same(BinaryenExpressionRef a, BinaryenExpressionRef b) {
    return (a == nullptr) == (b == nullptr) && (!a || sameStraightLine(a, b));
  }
  // The same jump out: a br (no condition) to the same label, a return, an
  // unreachable, with equal straight-line values.
  static bool sameJump(BinaryenExpressionRef a, BinaryenExpressionRef b) {
    ExprKind id = exprKind(a);
    if (id != exprKind(b)) return false;
    if (id == ExprKind::Break)
      return !BinaryenBreakGetCondition(a) && !BinaryenBreakGetCondition(b) &&
             std::string(BinaryenBreakGetName(a)) == BinaryenBreakGetName(b) &&
             same(BinaryenBreakGetValue(a), BinaryenBreakGetValue(b));
    if (id == ExprKind::Return) return same(BinaryenReturnGetValue(a), BinaryenReturnGetValue(b));
    return id == ExprKind::Unreachable;
  }
  // Equal arms that never fall through: straight-line statements, then a jump.
  static bool sameExit(BinaryenExpressionRef a, BinaryenExpressionRef b) {
    bool ba = exprKind(a) == ExprKind::Block, bb = exprKind(b) == ExprKind::Block;
    if (ba != bb) return false;
    if (!ba) return sameJump(a, b);
    BinaryenIndex n = BinaryenBlockGetNumChildren(a);
    if (BinaryenBlockGetName(a) || BinaryenBlockGetName(b) || n == 0 || n != BinaryenBlockGetNumChildren(b)) return false;
    for (BinaryenIndex i = 0; i + 1 < n; ++i)
      if (!sameStraightLine(BinaryenBlockGetChildAt(a, i), BinaryenBlockGetChildAt(b, i))) return false;
    return sameJump(BinaryenBlockGetChildAt(a, n - 1), BinaryenBlockGetChildAt(b, n - 1));
  }
  void operator()(BinaryenExpressionRef blk, const ExpressionSetter&) {
    if (exprKind(blk) != ExprKind::Block) return;
    for (BinaryenIndex i = 0; i + 1 < BinaryenBlockGetNumChildren(blk);) {
      BinaryenExpressionRef x = BinaryenBlockGetChildAt(blk, i), y = BinaryenBlockGetChildAt(blk, i + 1);
      if (isOneArmedIf(x) && isOneArmedIf(y) && effectFree(BinaryenIfGetCondition(y), false) &&
          sameExit(BinaryenIfGetIfTrue(x), BinaryenIfGetIfTrue(y))) {
        BinaryenExpressionRef either =
            BinaryenBinary(m_, BinaryenOrInt32(), BinaryenIfGetCondition(x), BinaryenIfGetCondition(y));
        BinaryenExpressionRef one = BinaryenIf(m_, either, BinaryenIfGetIfTrue(x), nullptr);
        // Only where the cost model prices one test of the or at most as two ifs
        // (a tie is fewer instructions).
        if (estimateCost(one, cm_) <= estimateCost(x, cm_) + estimateCost(y, cm_)) {
          BinaryenIfSetCondition(x, either);
          BinaryenBlockRemoveChildAt(blk, i + 1);
          ++merged;
          continue;  // the next if may have the same arm too
        }
      }
      ++i;
    }
  }
};

} // namespace

unsigned mergeEqualArms(BinaryenModuleRef module, BinaryenExpressionRef body, const CostModel& cm) {
  MergeEqualArms pass(module, cm);
  walkPostOrder(body, ExpressionSetter(), pass);
  return pass.merged;
}

} // namespace eqsat
