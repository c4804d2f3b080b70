// branchesAsBrIfs: passes/branches_as_br_ifs.h.
#include "passes/branches_as_br_ifs.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

namespace eqsat {

namespace {

// The unconditional br without a value that arm e is (alone, or as the one
// statement of an unnamed block); nullptr otherwise.
BinaryenExpressionRef onlyBranch(BinaryenExpressionRef e) {
  if (exprKind(e) == ExprKind::Block && !BinaryenBlockGetName(e) &&
      BinaryenBlockGetNumChildren(e) == 1)
    e = BinaryenBlockGetChildAt(e, 0);
  if (exprKind(e) != ExprKind::Break || BinaryenBreakGetCondition(e) || BinaryenBreakGetValue(e))
    return nullptr;
  return e;
}

class BranchesAsBrIfs {
public:
  explicit BranchesAsBrIfs(BinaryenModuleRef m) : m_(m) {}
  unsigned changed = 0;

  void operator()(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    if (!setSelf || exprKind(e) != ExprKind::If || BinaryenIfGetIfFalse(e)) return;
    BinaryenExpressionRef br = onlyBranch(BinaryenIfGetIfTrue(e));
    if (!br) return;
    setSelf(BinaryenBreak(m_, BinaryenBreakGetName(br), BinaryenIfGetCondition(e), nullptr));
    ++changed;
  }

private:
  BinaryenModuleRef m_;
};

} // namespace

unsigned branchesAsBrIfs(BinaryenModuleRef module, BinaryenExpressionRef body) {
  BranchesAsBrIfs pass(module);
  walkPostOrder(body, ExpressionSetter{}, pass);
  return pass.changed;
}

} // namespace eqsat
