#include "passes/known_branch_values.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include <optional>

namespace eqsat {

namespace {

// (local.set $x (i32.const K)) ... (br $l (local.get $x)) [or (return (local.get $x))]
// in one block: the branch carries K itself.
class KnownBranchValues {
public:
  explicit KnownBranchValues(BinaryenModuleRef m) : m_(m) {}
  unsigned replaced = 0;

  void operator()(BinaryenExpressionRef blk, const ExpressionSetter&) {
    if (exprKind(blk) != ExprKind::Block) return;
    for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(blk); i < n; ++i) {
      BinaryenExpressionRef e = BinaryenBlockGetChildAt(blk, i), v = nullptr;
      bool br = exprKind(e) == ExprKind::Break;
      if (br && !BinaryenBreakGetCondition(e)) v = BinaryenBreakGetValue(e);
      else if (exprKind(e) == ExprKind::Return) v = BinaryenReturnGetValue(e);
      if (!v || exprKind(v) != ExprKind::LocalGet || BinaryenExpressionGetType(v) != BinaryenTypeInt32())
        continue;
      std::optional<int32_t> k = knownConstantBefore(blk, i, BinaryenLocalGetGetIndex(v));
      if (!k) continue;
      BinaryenExpressionRef c = BinaryenConst(m_, BinaryenLiteralInt32(*k));
      if (br) BinaryenBreakSetValue(e, c);
      else BinaryenReturnSetValue(e, c);
      ++replaced;
    }
  }

private:
  BinaryenModuleRef m_;
};

} // namespace

unsigned knownBranchValues(BinaryenModuleRef module, BinaryenExpressionRef body) {
  KnownBranchValues pass(module);
  walkPostOrder(body, ExpressionSetter(), pass);
  return pass.replaced;
}

} // namespace eqsat
