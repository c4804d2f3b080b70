#include "passes/exit_branches_as_returns.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include <cstring>
#include <unordered_set>
#include <vector>

namespace eqsat {

namespace {

class ExitBranchesAsReturns {
public:
  // findOnly: stop at the first br that would become a return, changing nothing.
  ExitBranchesAsReturns(BinaryenModuleRef m, bool findOnly) : m_(m), findOnly_(findOnly) {}
  unsigned rewritten = 0;

  // The blocks in tail position that carry a value: their end is the function's.
  void findExits(BinaryenExpressionRef e) {
    ExprKind id = exprKind(e);
    if (id == ExprKind::Block) {
      BinaryenIndex n = BinaryenBlockGetNumChildren(e);
      if (BinaryenBlockGetName(e) && BinaryenExpressionGetType(e) != BinaryenTypeNone() &&
          BinaryenExpressionGetType(e) != BinaryenTypeUnreachable())
        exits_.insert(e);
      if (n > 0) findExits(BinaryenBlockGetChildAt(e, n - 1));
    } else if (id == ExprKind::If) {
      findExits(BinaryenIfGetIfTrue(e));
      if (BinaryenExpressionRef f = BinaryenIfGetIfFalse(e)) findExits(f);
    } else if (id == ExprKind::Loop) {
      findExits(BinaryenLoopGetBody(e));
    }
  }

  // Walks e with the labels in scope, innermost last; a br whose target is
  // an exit block becomes a return.
  void rewrite(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    ExprKind id = exprKind(e);
    const char* label = nullptr;
    if (id == ExprKind::Block) label = BinaryenBlockGetName(e);
    else if (id == ExprKind::Loop) label = BinaryenLoopGetName(e);
    if (label) scope_.push_back(e);
    bool ok;
    for (ChildSlot& c : childrenOf(e, ok)) {
      if (findOnly_ && rewritten > 0) break;
      rewrite(c.e, c.set);
    }
    if (label) scope_.pop_back();
    if (!setSelf || id != ExprKind::Break || BinaryenBreakGetCondition(e)) return;
    BinaryenExpressionRef value = BinaryenBreakGetValue(e);
    if (!value) return;
    BinaryenExpressionRef target = innermost(BinaryenBreakGetName(e));
    if (!target || !exits_.count(target)) return;
    if (!findOnly_) setSelf(BinaryenReturn(m_, value));
    ++rewritten;
  }

  bool anyExit() const { return !exits_.empty(); }

private:
  BinaryenModuleRef m_;
  bool findOnly_;
  std::unordered_set<BinaryenExpressionRef> exits_;
  std::vector<BinaryenExpressionRef> scope_;

  BinaryenExpressionRef innermost(const char* name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
      BinaryenExpressionRef d = *it;
      const char* n = exprKind(d) == ExprKind::Block ? BinaryenBlockGetName(d) : BinaryenLoopGetName(d);
      if (n && std::strcmp(n, name) == 0) return d;
    }
    return nullptr;
  }
};

} // namespace

unsigned exitBranchesAsReturns(BinaryenModuleRef module, BinaryenExpressionRef body) {
  ExitBranchesAsReturns pass(module, /*findOnly=*/false);
  pass.findExits(body);
  if (!pass.anyExit()) return 0;
  pass.rewrite(body, ExpressionSetter());
  return pass.rewritten;
}

bool exitBranchesAsReturnsApplies(BinaryenExpressionRef body) {
  ExitBranchesAsReturns pass(nullptr, /*findOnly=*/true);
  pass.findExits(body);
  if (!pass.anyExit()) return false;
  pass.rewrite(body, ExpressionSetter());
  return pass.rewritten > 0;
}

} // namespace eqsat
