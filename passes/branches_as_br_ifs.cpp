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
  // findOnly: count the ifs that would be rewritten, changing nothing.
  BranchesAsBrIfs(BinaryenModuleRef m, bool findOnly) : m_(m), findOnly_(findOnly) {}
  unsigned changed = 0;

  void operator()(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    if (!setSelf || exprKind(e) != ExprKind::If || BinaryenIfGetIfFalse(e)) return;
    BinaryenExpressionRef br = onlyBranch(BinaryenIfGetIfTrue(e));
    if (!br) return;
    if (findOnly_) {
      ++changed;
      return;
    }
    setSelf(BinaryenBreak(m_, BinaryenBreakGetName(br), BinaryenIfGetCondition(e), nullptr));
    ++changed;
  }

private:
  BinaryenModuleRef m_;
  bool findOnly_;
};

} // namespace

unsigned branchesAsBrIfs(BinaryenModuleRef module, BinaryenExpressionRef body) {
  BranchesAsBrIfs pass(module, /*findOnly=*/false);
  walkPostOrder(body, ExpressionSetter{}, pass);
  return pass.changed;
}

bool branchesAsBrIfsApplies(BinaryenExpressionRef body) {
  BranchesAsBrIfs pass(nullptr, /*findOnly=*/true);
  walkPostOrder(body, ExpressionSetter{}, pass);
  return pass.changed > 0;
}

} // namespace eqsat
