#include "passes/boolean_sets.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "ir/binaryen_ops.h"
#include "egraph/ops.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace eqsat {

namespace {

// (if C (block (local.set $x K1) (br $l))) (local.set $x K2) (br $l), with
// {K1, K2} = {0, 1}: the local is the truth of C, set without branching.
class BooleanSets {
public:
  explicit BooleanSets(BinaryenModuleRef m) : m_(m) {}
  unsigned changed = 0;

  void operator()(BinaryenExpressionRef e, const ExpressionSetter&) {
    if (exprKind(e) != ExprKind::Block) return;
    resultOfTest(e);
    for (BinaryenIndex i = 0; i + 2 < BinaryenBlockGetNumChildren(e); ++i) {
      BinaryenExpressionRef iff = BinaryenBlockGetChildAt(e, i);
      BinaryenExpressionRef set2 = BinaryenBlockGetChildAt(e, i + 1), br2 = BinaryenBlockGetChildAt(e, i + 2);
      if (exprKind(iff) != ExprKind::If || BinaryenIfGetIfFalse(iff)) continue;
      BinaryenExpressionRef arm = BinaryenIfGetIfTrue(iff);
      if (exprKind(arm) != ExprKind::Block || BinaryenBlockGetName(arm) ||
          BinaryenBlockGetNumChildren(arm) != 2)
        continue;
      BinaryenExpressionRef set1 = BinaryenBlockGetChildAt(arm, 0), br1 = BinaryenBlockGetChildAt(arm, 1);
      auto k1 = boolSet(set1), k2 = boolSet(set2);
      if (!k1 || !k2 || k1->first != k2->first || k1->second == k2->second) continue;
      if (!plainBr(br1) || !plainBr(br2) || std::string(BinaryenBreakGetName(br1)) != BinaryenBreakGetName(br2))
        continue;
      BinaryenExpressionRef c = BinaryenIfGetCondition(iff);
      BinaryenExpressionRef v;
      if (k1->second == 0) v = BinaryenUnary(m_, BinaryenEqZInt32(), c);
      else if (isBoolean(c)) v = c;
      else v = BinaryenBinary(m_, BinaryenNeInt32(), c, BinaryenConst(m_, BinaryenLiteralInt32(0)));
      BinaryenLocalSetSetValue(set2, v);
      BinaryenBlockRemoveChildAt(e, i);  // the if; the second set and its br stay
      ++changed;
    }
  }

private:
  BinaryenModuleRef m_;

  // (block $l (result i32) ... (if C (block S... (br $l (i32.const K1))))
  // S... (i32.const K2)) with {K1, K2} = {0, 1}, the same statements S on
  // both sides (jump threading copies a tail onto each edge) and C a pure
  // test S cannot change: the block is `... S... (truth of C)`.
  void resultOfTest(BinaryenExpressionRef blk) {
    BinaryenIndex n = BinaryenBlockGetNumChildren(blk);
    if (!BinaryenBlockGetName(blk) || BinaryenExpressionGetType(blk) != BinaryenTypeInt32() || n < 2) return;
    BinaryenExpressionRef last = BinaryenBlockGetChildAt(blk, n - 1);
    std::optional<int32_t> k2 = boolConst(last);
    if (!k2) return;
    for (BinaryenIndex i = 0; i + 1 < n; ++i) {
      BinaryenExpressionRef iff = BinaryenBlockGetChildAt(blk, i);
      if (exprKind(iff) != ExprKind::If || BinaryenIfGetIfFalse(iff)) continue;
      BinaryenExpressionRef arm = BinaryenIfGetIfTrue(iff);
      if (exprKind(arm) != ExprKind::Block || BinaryenBlockGetName(arm)) continue;
      BinaryenIndex m = BinaryenBlockGetNumChildren(arm);
      // S after the if: children i+1 .. n-2; in the arm: 0 .. m-2, then the br.
      if (m == 0 || m - 1 != n - 2 - i) continue;
      BinaryenExpressionRef br = BinaryenBlockGetChildAt(arm, m - 1);
      if (exprKind(br) != ExprKind::Break || BinaryenBreakGetCondition(br) ||
          std::string(BinaryenBreakGetName(br)) != BinaryenBlockGetName(blk) || !BinaryenBreakGetValue(br))
        continue;
      std::optional<int32_t> k1 = boolConst(BinaryenBreakGetValue(br));
      if (!k1 || *k1 == *k2) continue;
      BinaryenExpressionRef c = BinaryenIfGetCondition(iff);
      std::vector<BinaryenIndex> read;
      if (!effectFree(c, false, &read)) continue;
      bool same = true;
      for (BinaryenIndex k = 0; same && k + 1 < m; ++k) {
        BinaryenExpressionRef a = BinaryenBlockGetChildAt(arm, k);
        same = sameStraightLine(a, BinaryenBlockGetChildAt(blk, i + 1 + k));
        for (BinaryenIndex x : read) same = same && !writes(a, x);
      }
      if (!same) continue;
      BinaryenExpressionRef v;
      if (*k1 == 0) v = BinaryenUnary(m_, BinaryenEqZInt32(), c);
      else if (isBoolean(c)) v = c;
      else v = BinaryenBinary(m_, BinaryenNeInt32(), c, BinaryenConst(m_, BinaryenLiteralInt32(0)));
      BinaryenBlockSetChildAt(blk, n - 1, v);
      BinaryenBlockRemoveChildAt(blk, i);
      ++changed;
      return;
    }
  }
  static std::optional<int32_t> boolConst(BinaryenExpressionRef e) {
    if (exprKind(e) != ExprKind::Const || BinaryenExpressionGetType(e) != BinaryenTypeInt32())
      return std::nullopt;
    int32_t k = BinaryenConstGetValueI32(e);
    if (k != 0 && k != 1) return std::nullopt;
    return k;
  }
  // (local.set $x (i32.const 0|1)): the local and the constant.
  static std::optional<std::pair<BinaryenIndex, int32_t>> boolSet(BinaryenExpressionRef e) {
    if (exprKind(e) != ExprKind::LocalSet || BinaryenLocalSetIsTee(e)) return std::nullopt;
    std::optional<int32_t> k = boolConst(BinaryenLocalSetGetValue(e));
    if (!k) return std::nullopt;
    return std::make_pair(BinaryenLocalSetGetIndex(e), *k);
  }

  static bool plainBr(BinaryenExpressionRef e) {
    return exprKind(e) == ExprKind::Break && !BinaryenBreakGetCondition(e) &&
           !BinaryenBreakGetValue(e);
  }
};

} // namespace

unsigned booleanSets(BinaryenModuleRef module, BinaryenExpressionRef body) {
  BooleanSets pass(module);
  walkPostOrder(body, ExpressionSetter(), pass);
  return pass.changed;
}

} // namespace eqsat
