// Shapes synth declines (synth_limits.h).
#include "cost/synth_limits.h"

#include "ir/expression_kind.h"
#include "ir/binaryen_ops.h"

#include <cstring>
#include <limits>
#include <vector>

namespace eqsat {

namespace {

// A call's result, possibly through tees.
bool isCallResult(BinaryenExpressionRef e) {
  for (;;) {
    const ExprKind k = exprKind(e);
    if (k == ExprKind::Call || k == ExprKind::CallIndirect) return true;
    if (k != ExprKind::LocalSet || !BinaryenLocalSetIsTee(e)) return false;
    e = BinaryenLocalSetGetValue(e);
  }
}

// One walk over a body. Each block and loop with a label is a scope, numbered
// by its depth; visit returns the lowest scope numbers the branches in the
// expression name (all of them, and the br_ifs alone), so that a
// subtree holds a branch out of itself when that number is below the depth it
// starts at.
class ShapeFinder {
public:
  static constexpr size_t kNone = std::numeric_limits<size_t>::max();
  SynthShapes found;

  struct Low {
    size_t any = kNone;    // any branch
    size_t brIfs = kNone;  // a br_if
    void add(const Low& o) {
      any = std::min(any, o.any);
      brIfs = std::min(brIfs, o.brIfs);
    }
  };

  Low visit(BinaryenExpressionRef e) {
    switch (exprKind(e)) {
    case ExprKind::Block: return visitBlock(e);
    case ExprKind::Loop: {
      const char* name = BinaryenLoopGetName(e);
      if (name) scopes_.push_back(Scope{name});
      const Low low = visit(BinaryenLoopGetBody(e));
      if (name) scopes_.pop_back();
      return low;
    }
    case ExprKind::If: {
      Low low = visit(BinaryenIfGetCondition(e));
      low.add(visit(BinaryenIfGetIfTrue(e)));
      if (BinaryenExpressionRef f = BinaryenIfGetIfFalse(e)) low.add(visit(f));
      return low;
    }
    case ExprKind::Break: {
      Low low = operands(e);
      const size_t target = branchTo(BinaryenBreakGetName(e), BinaryenBreakGetValue(e));
      low.add(Low{target, BinaryenBreakGetCondition(e) ? target : kNone});
      return low;
    }
    case ExprKind::Switch: {
      BinaryenExpressionRef value = BinaryenSwitchGetValue(e);
      Low low = operands(e);
      low.any = std::min(low.any, branchTo(BinaryenSwitchGetDefaultName(e), value));
      for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(e); i < n; ++i)
        low.any = std::min(low.any, branchTo(BinaryenSwitchGetNameAt(e, i), value));
      std::vector<BinaryenIndex> read;
      if (effectFree(BinaryenSwitchGetCondition(e), false, &read) && read.empty()) found.switchOnConstant = true;
      return low;
    }
    default:
      return operands(e);
    }
  }

private:
  struct Scope {
    const char* name;
    bool carried = false;      // a branch carries a value to it
    bool callCarried = false;  // ... a call's result
  };
  std::vector<Scope> scopes_;

  // The scope `name` names, innermost first, marked with the value carried.
  size_t branchTo(const char* name, BinaryenExpressionRef value) {
    for (size_t i = scopes_.size(); i-- > 0;) {
      if (std::strcmp(scopes_[i].name, name) != 0) continue;
      if (value) {
        scopes_[i].carried = true;
        scopes_[i].callCarried |= isCallResult(value);
        if (BinaryenExpressionGetType(value) == BinaryenTypeInt64()) found.i64Carried = true;
      }
      return i;
    }
    return kNone;  // a label outside the body (not in a valid function)
  }

  // The children of an expression that is not a block, loop or if: its
  // operands, in order. One holding a br_if out of the expression after an
  // operand before it other than a constant is the shape synth fails its
  // join check on (a br or br_table out, or constants before, it has
  // compiled).
  Low operands(BinaryenExpressionRef e) {
    const size_t depth = scopes_.size();
    Low low;
    bool heldBefore = false;
    forEachChild(e, [&](BinaryenExpressionRef c) {
      const Low l = visit(c);
      if (l.brIfs < depth && heldBefore) found.operandBranchesOut = true;
      heldBefore |= exprKind(c) != ExprKind::Const;
      low.add(l);
    });
    return low;
  }

  Low visitBlock(BinaryenExpressionRef e) {
    const char* name = BinaryenBlockGetName(e);
    if (name) scopes_.push_back(Scope{name});
    Low low;
    const BinaryenIndex n = BinaryenBlockGetNumChildren(e);
    for (BinaryenIndex i = 0; i < n; ++i) low.add(visit(BinaryenBlockGetChildAt(e, i)));
    if (!name) return low;
    const Scope s = scopes_.back();
    scopes_.pop_back();
    if (!s.carried) return low;
    // A join that branches carry values to.
    BinaryenExpressionRef last = n ? BinaryenBlockGetChildAt(e, n - 1) : nullptr;
    if (!last || BinaryenExpressionGetType(last) == BinaryenTypeUnreachable()) found.deadEndJoin = true;
    if (s.callCarried) found.callResultAtJoin = true;
    return low;
  }
};

} // namespace

SynthShapes synthShapes(BinaryenExpressionRef body) {
  ShapeFinder finder;
  if (body) finder.visit(body);
  return finder.found;
}

bool carriesI64OverBranch(BinaryenExpressionRef body) { return synthShapes(body).i64Carried; }

} // namespace eqsat
