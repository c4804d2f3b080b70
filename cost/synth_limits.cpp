// Shapes synth declines (synth_limits.h).
#include "cost/synth_limits.h"

#include "ir/expression_kind.h"
#include "ir/binaryen_ops.h"

#include <cstring>
#include <limits>
#include <vector>

namespace eqsat {

bool isCallResult(BinaryenExpressionRef e) {
  for (;;) {
    const ExprKind k = exprKind(e);
    if (k == ExprKind::Call || k == ExprKind::CallIndirect) return true;
    if (k != ExprKind::LocalSet || !BinaryenLocalSetIsTee(e)) return false;
    e = BinaryenLocalSetGetValue(e);
  }
}

namespace {

// One walk over a body. Each block and loop with a label is a scope, numbered
// by its depth; visit returns the lowest scope numbers the branches in the
// expression name (all of them, and the br_ifs alone), so that a
// subtree holds a branch out of itself when that number is below the depth it
// starts at.
class ShapeFinder {
public:
  static constexpr size_t kNone = std::numeric_limits<size_t>::max();
  SynthShapes found;
  std::vector<BinaryenExpressionRef>* joins = nullptr;  // the blocks whose joins have a shape, when asked

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
    bool i64Carried = false;   // ... an i64
  };
  std::vector<Scope> scopes_;

  // The scope `name` names, innermost first, marked with the value carried.
  // Binaryen interns names: the same pointer, or else the same string.
  size_t branchTo(const char* name, BinaryenExpressionRef value) {
    size_t i = scopes_.size();
    while (i > 0 && scopes_[i - 1].name != name) --i;
    if (i == 0) {
      i = scopes_.size();
      while (i > 0 && std::strcmp(scopes_[i - 1].name, name) != 0) --i;
    }
    if (i-- > 0) {
      if (value) {
        scopes_[i].carried = true;
        scopes_[i].callCarried |= isCallResult(value);
        if (BinaryenExpressionGetType(value) == BinaryenTypeInt64()) found.i64Carried = scopes_[i].i64Carried = true;
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
    auto operand = [&](BinaryenExpressionRef c) {
      if (!c) return;
      const Low l = visit(c);
      if (l.brIfs < depth && heldBefore) found.operandBranchesOut = true;
      heldBefore |= exprKind(c) != ExprKind::Const;
      low.add(l);
    };
    // The kinds of most expressions directly; the others through forEachChild.
    switch (exprKind(e)) {
    case ExprKind::Const: case ExprKind::LocalGet: case ExprKind::GlobalGet: case ExprKind::Nop:
    case ExprKind::Unreachable: case ExprKind::MemorySize:
      break;
    case ExprKind::LocalSet: operand(BinaryenLocalSetGetValue(e)); break;
    case ExprKind::GlobalSet: operand(BinaryenGlobalSetGetValue(e)); break;
    case ExprKind::Load: operand(BinaryenLoadGetPtr(e)); break;
    case ExprKind::Unary: operand(BinaryenUnaryGetValue(e)); break;
    case ExprKind::Drop: operand(BinaryenDropGetValue(e)); break;
    case ExprKind::Return: operand(BinaryenReturnGetValue(e)); break;
    case ExprKind::Store:
      operand(BinaryenStoreGetPtr(e));
      operand(BinaryenStoreGetValue(e));
      break;
    case ExprKind::Binary:
      operand(BinaryenBinaryGetLeft(e));
      operand(BinaryenBinaryGetRight(e));
      break;
    case ExprKind::Break:
      operand(BinaryenBreakGetValue(e));
      operand(BinaryenBreakGetCondition(e));
      break;
    case ExprKind::Call:
      for (BinaryenIndex i = 0, n = BinaryenCallGetNumOperands(e); i < n; ++i) operand(BinaryenCallGetOperandAt(e, i));
      break;
    default: forEachChild(e, operand); break;
    }
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
    const bool deadEnd = !last || BinaryenExpressionGetType(last) == BinaryenTypeUnreachable();
    if (deadEnd) found.deadEndJoin = true;
    if (s.callCarried) found.callResultAtJoin = true;
    if (joins && (deadEnd || s.callCarried || s.i64Carried)) joins->push_back(e);
    return low;
  }
};

} // namespace

SynthShapes synthShapes(BinaryenExpressionRef body, std::vector<BinaryenExpressionRef>* joins) {
  ShapeFinder finder;
  finder.joins = joins;
  if (body) finder.visit(body);
  return finder.found;
}

bool carriesI64OverBranch(BinaryenExpressionRef body) { return synthShapes(body).i64Carried; }

namespace {

bool leavesValue(BinaryenExpressionRef e) {
  const ExprKind k = exprKind(e);
  if (k != ExprKind::Block && k != ExprKind::If && k != ExprKind::Loop) return false;
  const BinaryenType t = BinaryenExpressionGetType(e);
  return t != BinaryenTypeNone() && t != BinaryenTypeUnreachable();
}

// Whether `child` of `parent` is in a statement's place: the value of a set,
// a return or a drop, a child of a block or loop, or an arm of an if.
bool inStatementPlace(BinaryenExpressionRef parent, BinaryenExpressionRef child) {
  switch (exprKind(parent)) {
  case ExprKind::LocalSet: case ExprKind::GlobalSet: case ExprKind::Return: case ExprKind::Drop:
  case ExprKind::Block: case ExprKind::Loop:
    return true;
  case ExprKind::If: return child != BinaryenIfGetCondition(parent);
  default: return false;
  }
}

void countValueJoins(BinaryenExpressionRef e, ValueJoins& joins) {
  forEachChild(e, [&](BinaryenExpressionRef c) {
    if (!c) return;
    if (leavesValue(c)) {
      ++joins.total;
      if (!inStatementPlace(e, c)) ++joins.inOperands;
    }
    countValueJoins(c, joins);
  });
}

} // namespace

ValueJoins valueJoins(BinaryenExpressionRef body) {
  ValueJoins joins;
  if (body) countValueJoins(body, joins);
  return joins;
}

} // namespace eqsat
