// The walk the post-emission passes share: each child of a Binaryen
// expression with a way to replace it, and a post-order walk whose visitor
// may replace the node it visits (`setSelf`). Binaryen's C API has no
// generic child access; a pass that rewrites in place needs the setter.
// Also small facts about expressions the passes ask for.
#pragma once

#include "ir/expression_kind.h"

#include <binaryen-c.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace eqsat {

// Replaces one expression in its parent.
using ExpressionSetter = std::function<void(BinaryenExpressionRef)>;

struct ChildSlot {
  BinaryenExpressionRef e;
  ExpressionSetter set;
};

// Calls add(child, setter) for each child of e, in order, with a lambda that
// replaces it; false for expressions whose children are not enumerated (the
// caller then gives up).
template <class Add>
bool eachChild(BinaryenExpressionRef e, Add&& add) {
  switch (exprKind(e)) {
  case ExprKind::Block:
    for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(e); i < n; ++i)
      add(BinaryenBlockGetChildAt(e, i), [e, i](BinaryenExpressionRef x) { BinaryenBlockSetChildAt(e, i, x); });
    return true;
  case ExprKind::If:
    add(BinaryenIfGetCondition(e), [e](BinaryenExpressionRef x) { BinaryenIfSetCondition(e, x); });
    add(BinaryenIfGetIfTrue(e), [e](BinaryenExpressionRef x) { BinaryenIfSetIfTrue(e, x); });
    add(BinaryenIfGetIfFalse(e), [e](BinaryenExpressionRef x) { BinaryenIfSetIfFalse(e, x); });
    return true;
  case ExprKind::Loop:
    add(BinaryenLoopGetBody(e), [e](BinaryenExpressionRef x) { BinaryenLoopSetBody(e, x); });
    return true;
  case ExprKind::Break:
    add(BinaryenBreakGetValue(e), [e](BinaryenExpressionRef x) { BinaryenBreakSetValue(e, x); });
    add(BinaryenBreakGetCondition(e), [e](BinaryenExpressionRef x) { BinaryenBreakSetCondition(e, x); });
    return true;
  case ExprKind::Switch:
    add(BinaryenSwitchGetValue(e), [e](BinaryenExpressionRef x) { BinaryenSwitchSetValue(e, x); });
    add(BinaryenSwitchGetCondition(e), [e](BinaryenExpressionRef x) { BinaryenSwitchSetCondition(e, x); });
    return true;
  case ExprKind::Call:
    for (BinaryenIndex i = 0, n = BinaryenCallGetNumOperands(e); i < n; ++i)
      add(BinaryenCallGetOperandAt(e, i), [e, i](BinaryenExpressionRef x) { BinaryenCallSetOperandAt(e, i, x); });
    return true;
  case ExprKind::CallIndirect:
    for (BinaryenIndex i = 0, n = BinaryenCallIndirectGetNumOperands(e); i < n; ++i)
      add(BinaryenCallIndirectGetOperandAt(e, i),
          [e, i](BinaryenExpressionRef x) { BinaryenCallIndirectSetOperandAt(e, i, x); });
    add(BinaryenCallIndirectGetTarget(e), [e](BinaryenExpressionRef x) { BinaryenCallIndirectSetTarget(e, x); });
    return true;
  case ExprKind::LocalSet:
    add(BinaryenLocalSetGetValue(e), [e](BinaryenExpressionRef x) { BinaryenLocalSetSetValue(e, x); });
    return true;
  case ExprKind::GlobalSet:
    add(BinaryenGlobalSetGetValue(e), [e](BinaryenExpressionRef x) { BinaryenGlobalSetSetValue(e, x); });
    return true;
  case ExprKind::Load:
    add(BinaryenLoadGetPtr(e), [e](BinaryenExpressionRef x) { BinaryenLoadSetPtr(e, x); });
    return true;
  case ExprKind::Store:
    add(BinaryenStoreGetPtr(e), [e](BinaryenExpressionRef x) { BinaryenStoreSetPtr(e, x); });
    add(BinaryenStoreGetValue(e), [e](BinaryenExpressionRef x) { BinaryenStoreSetValue(e, x); });
    return true;
  case ExprKind::Unary:
    add(BinaryenUnaryGetValue(e), [e](BinaryenExpressionRef x) { BinaryenUnarySetValue(e, x); });
    return true;
  case ExprKind::Binary:
    add(BinaryenBinaryGetLeft(e), [e](BinaryenExpressionRef x) { BinaryenBinarySetLeft(e, x); });
    add(BinaryenBinaryGetRight(e), [e](BinaryenExpressionRef x) { BinaryenBinarySetRight(e, x); });
    return true;
  case ExprKind::Select:
    add(BinaryenSelectGetIfTrue(e), [e](BinaryenExpressionRef x) { BinaryenSelectSetIfTrue(e, x); });
    add(BinaryenSelectGetIfFalse(e), [e](BinaryenExpressionRef x) { BinaryenSelectSetIfFalse(e, x); });
    add(BinaryenSelectGetCondition(e), [e](BinaryenExpressionRef x) { BinaryenSelectSetCondition(e, x); });
    return true;
  case ExprKind::Drop:
    add(BinaryenDropGetValue(e), [e](BinaryenExpressionRef x) { BinaryenDropSetValue(e, x); });
    return true;
  case ExprKind::Return:
    add(BinaryenReturnGetValue(e), [e](BinaryenExpressionRef x) { BinaryenReturnSetValue(e, x); });
    return true;
  case ExprKind::MemoryGrow:
    add(BinaryenMemoryGrowGetDelta(e), [e](BinaryenExpressionRef x) { BinaryenMemoryGrowSetDelta(e, x); });
    return true;
  case ExprKind::Const: case ExprKind::LocalGet: case ExprKind::GlobalGet: case ExprKind::Nop:
  case ExprKind::Unreachable: case ExprKind::MemorySize:
    return true;  // leaves
  default:
    return false;  // kinds whose children are not enumerated
  }
}

// At least as many children as eachChild gives e (0 for leaves): what
// childrenOf reserves, so that its vector is allocated once.
inline size_t childCapacity(BinaryenExpressionRef e) {
  switch (exprKind(e)) {
  case ExprKind::Block: return BinaryenBlockGetNumChildren(e);
  case ExprKind::Call: return BinaryenCallGetNumOperands(e);
  case ExprKind::CallIndirect: return BinaryenCallIndirectGetNumOperands(e) + 1;
  case ExprKind::Const: case ExprKind::LocalGet: case ExprKind::GlobalGet: case ExprKind::Nop:
  case ExprKind::Unreachable: case ExprKind::MemorySize:
    return 0;
  default: return 3;
  }
}

// The children of an expression with a way to replace each; `ok` as eachChild's result.
inline std::vector<ChildSlot> childrenOf(BinaryenExpressionRef e, bool& ok) {
  std::vector<ChildSlot> r;
  if (const size_t n = childCapacity(e); n > 0) r.reserve(n);
  ok = eachChild(e, [&](BinaryenExpressionRef c, auto set) {
    if (c) r.push_back({c, std::move(set)});
  });
  return r;
}

// Children first, then `visit(e, setSelf)` (setSelf replaces e in its parent;
// empty for the root unless given). Stops below expressions whose children
// childrenOf does not enumerate.
template <class Visit>
void walkPostOrder(BinaryenExpressionRef e, const ExpressionSetter& setSelf, Visit& visit) {
  // Children are read before any is visited: a visit may replace its node in e.
  constexpr size_t kInline = 8;
  BinaryenExpressionRef kids[kInline];
  ExpressionSetter sets[kInline];
  size_t n = 0;
  bool few = true;
  if (!eachChild(e, [&](BinaryenExpressionRef c, auto set) {
        if (!c) return;
        if (n < kInline) {
          kids[n] = c;
          sets[n] = std::move(set);
        } else {
          few = false;
        }
        ++n;
      }))
    return;
  if (few) {
    for (size_t i = 0; i < n; ++i) walkPostOrder(kids[i], sets[i], visit);
  } else {
    bool ok;
    for (ChildSlot& c : childrenOf(e, ok)) walkPostOrder(c.e, c.set, visit);
  }
  visit(e, setSelf);
}

// The i32 constant local x holds when child `at` of block `blk` starts, from
// the statements before it in blk, nearest first; nullopt when a statement
// there may write x with anything else (or none sets it).
std::optional<int32_t> knownConstantBefore(BinaryenExpressionRef blk, BinaryenIndex at, BinaryenIndex x);

// (if C A) with no else and no value.
bool isOneArmedIf(BinaryenExpressionRef e);

// A value that is 0 or 1 by its operation: a compare of any type, or an eqz.
bool isBoolean(BinaryenExpressionRef e);

// `(i32.sub X (i32.const c))`, the index clang gives a br_table for a
// `switch` whose first case is c: X and c.
struct LessConstant {
  BinaryenExpressionRef operand;
  uint32_t constant;
};
std::optional<LessConstant> lessConstant(BinaryenExpressionRef e);

} // namespace eqsat
