#include "passes/statements_into_exits.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "ir/binaryen_ops.h"

#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

namespace eqsat {

namespace {

// Statements copied into the exits at most.
constexpr BinaryenIndex kMaxStatements = 2;

bool isI32Const(BinaryenExpressionRef e) {
  return e && exprKind(e) == ExprKind::Const && BinaryenExpressionGetType(e) == BinaryenTypeInt32();
}

// A statement that can run at each exit instead: no value, no branch,
// return or label, and $x neither read nor written.
bool movable(BinaryenExpressionRef s, BinaryenIndex x) {
  if (BinaryenExpressionGetType(s) != BinaryenTypeNone()) return false;
  std::unordered_set<std::string> defined, named;
  bool returns = false;
  if (!labelsIn(s, defined, named, &returns) || returns || !defined.empty() || !named.empty()) return false;
  return !reads(s, x) && !writes(s, x);
}

// Does e start with a dispatch on $x: a br_table, br_if or if (first in
// nested blocks) whose condition is $x, `(i32.eqz $x)` or `$x - c`?
bool dispatchesOn(BinaryenExpressionRef e, BinaryenIndex x) {
  while (exprKind(e) == ExprKind::Block && BinaryenBlockGetNumChildren(e) > 0)
    e = BinaryenBlockGetChildAt(e, 0);
  ExprKind id = exprKind(e);
  BinaryenExpressionRef cond = nullptr;
  if (id == ExprKind::Switch) cond = BinaryenSwitchGetCondition(e);
  else if (id == ExprKind::Break) cond = BinaryenBreakGetCondition(e);
  else if (id == ExprKind::If) cond = BinaryenIfGetCondition(e);
  if (!cond) return false;
  if (exprKind(cond) == ExprKind::Unary && BinaryenUnaryGetOp(cond) == BinaryenEqZInt32())
    cond = BinaryenUnaryGetValue(cond);
  else if (std::optional<LessConstant> less = lessConstant(cond))
    cond = less->operand;
  return exprKind(cond) == ExprKind::LocalGet && BinaryenLocalGetGetIndex(cond) == x;
}

// A branch to the block: `(br $d K)`, or `(br_if $d K C)` under a drop
// (`drop` is then that drop, `replace` puts something in its place).
struct Exit {
  BinaryenExpressionRef br;
  ExpressionSetter replace;
};

// The branches to `name` in e; false when one carries anything but an i32
// constant, a br_if's value is used, a br_table names the block or a block
// or loop inside redefines the name.
bool collectExits(BinaryenExpressionRef e, const ExpressionSetter& setSelf, BinaryenExpressionRef parent,
                  const ExpressionSetter& setParent, const char* name, std::vector<Exit>& out) {
  ExprKind id = exprKind(e);
  if ((id == ExprKind::Block && BinaryenBlockGetName(e) && std::strcmp(BinaryenBlockGetName(e), name) == 0) ||
      (id == ExprKind::Loop && BinaryenLoopGetName(e) && std::strcmp(BinaryenLoopGetName(e), name) == 0))
    return false;
  if (id == ExprKind::Switch) {
    for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(e); i < n; ++i)
      if (std::strcmp(BinaryenSwitchGetNameAt(e, i), name) == 0) return false;
    if (std::strcmp(BinaryenSwitchGetDefaultName(e), name) == 0) return false;
  }
  if (id == ExprKind::Break && std::strcmp(BinaryenBreakGetName(e), name) == 0) {
    if (!isI32Const(BinaryenBreakGetValue(e))) return false;
    if (!BinaryenBreakGetCondition(e)) {
      out.push_back(Exit{e, setSelf});
    } else {
      if (!parent || exprKind(parent) != ExprKind::Drop) return false;
      out.push_back(Exit{e, setParent});
    }
  }
  bool ok;
  for (ChildSlot& c : childrenOf(e, ok))
    if (!collectExits(c.e, c.set, e, setSelf, name, out)) return false;
  return ok;
}

class StatementsIntoExits {
public:
  // With `findOnly`, the pass counts the first set it would rewrite and
  // changes nothing.
  StatementsIntoExits(BinaryenModuleRef m, bool findOnly) : m_(m), findOnly_(findOnly) {}
  unsigned rewritten = 0;

  void operator()(BinaryenExpressionRef e, const ExpressionSetter&) {
    if (exprKind(e) != ExprKind::Block || (findOnly_ && rewritten > 0)) return;
    for (BinaryenIndex i = 0; i + 2 < BinaryenBlockGetNumChildren(e); ++i) rewriteAt(e, i);
  }

private:
  BinaryenModuleRef m_;
  bool findOnly_;

  // Copies of the statements, then `last`.
  BinaryenExpressionRef withStatements(const std::vector<BinaryenExpressionRef>& stmts, BinaryenExpressionRef last,
                                       BinaryenType type) {
    std::vector<BinaryenExpressionRef> kids;
    for (BinaryenExpressionRef s : stmts) kids.push_back(BinaryenExpressionCopy(s, m_));
    kids.push_back(last);
    return BinaryenBlock(m_, nullptr, kids.data(), BinaryenIndex(kids.size()), type);
  }

  // Child i of blk a `(local.set $x (block $d ...))`, then the statements,
  // then a child that dispatches on $x.
  void rewriteAt(BinaryenExpressionRef blk, BinaryenIndex i) {
    BinaryenExpressionRef set = BinaryenBlockGetChildAt(blk, i);
    if (exprKind(set) != ExprKind::LocalSet || BinaryenLocalSetIsTee(set)) return;
    const BinaryenIndex x = BinaryenLocalSetGetIndex(set);
    BinaryenExpressionRef d = BinaryenLocalSetGetValue(set);
    if (exprKind(d) != ExprKind::Block || !BinaryenBlockGetName(d) ||
        BinaryenExpressionGetType(d) != BinaryenTypeInt32() || BinaryenBlockGetNumChildren(d) == 0)
      return;
    const BinaryenIndex n = BinaryenBlockGetNumChildren(blk);
    std::vector<BinaryenExpressionRef> stmts;
    BinaryenIndex j = i + 1;
    while (j < n && stmts.size() < kMaxStatements && movable(BinaryenBlockGetChildAt(blk, j), x))
      stmts.push_back(BinaryenBlockGetChildAt(blk, j++));
    if (stmts.empty() || j >= n || !dispatchesOn(BinaryenBlockGetChildAt(blk, j), x)) return;
    const char* name = BinaryenBlockGetName(d);
    std::vector<Exit> exits;
    const BinaryenIndex dn = BinaryenBlockGetNumChildren(d);
    for (BinaryenIndex k = 0; k < dn; ++k) {
      ExpressionSetter setChild = [d, k](BinaryenExpressionRef v) { BinaryenBlockSetChildAt(d, k, v); };
      if (!collectExits(BinaryenBlockGetChildAt(d, k), setChild, d, ExpressionSetter(), name, exits)) return;
    }
    if (exits.empty()) return;
    if (findOnly_) {
      ++rewritten;
      return;
    }
    for (Exit& e : exits) {
      BinaryenExpressionRef value = BinaryenBreakGetValue(e.br);
      BinaryenExpressionRef cond = BinaryenBreakGetCondition(e.br);
      BinaryenExpressionRef jump = withStatements(stmts, BinaryenBreak(m_, name, nullptr, value), BinaryenTypeAuto());
      e.replace(cond ? BinaryenIf(m_, cond, jump, nullptr) : jump);
    }
    // The fallthrough value, computed first as before, waits in $x.
    BinaryenExpressionRef last = BinaryenBlockGetChildAt(d, dn - 1);
    if (BinaryenExpressionGetType(last) == BinaryenTypeInt32()) {
      BinaryenExpressionRef kept = isI32Const(last) ? last : BinaryenLocalGet(m_, x, BinaryenTypeInt32());
      BinaryenExpressionRef tail = withStatements(stmts, kept, BinaryenTypeInt32());
      if (!isI32Const(last)) BinaryenBlockInsertChildAt(tail, 0, BinaryenLocalSet(m_, x, last));
      BinaryenBlockSetChildAt(d, dn - 1, tail);
    }
    for (BinaryenIndex k = i + 1; k < j; ++k) BinaryenBlockRemoveChildAt(blk, i + 1);
    ++rewritten;
  }
};

} // namespace

unsigned statementsIntoExits(BinaryenModuleRef module, BinaryenExpressionRef body) {
  StatementsIntoExits pass(module, /*findOnly=*/false);
  walkPostOrder(body, ExpressionSetter(), pass);
  return pass.rewritten;
}

bool statementsIntoExitsApplies(BinaryenModuleRef module, BinaryenExpressionRef body) {
  StatementsIntoExits pass(module, /*findOnly=*/true);
  walkPostOrder(body, ExpressionSetter(), pass);
  return pass.rewritten > 0;
}

} // namespace eqsat
