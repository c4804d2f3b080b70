#include "passes/covered_drops.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "ir/binaryen_ops.h"
#include "egraph/ops.h"

#include <cstdint>
#include <initializer_list>
#include <optional>

namespace eqsat {

namespace {

// (drop (load offset=a (local.get $p))) kept only for its trap, where the
// first thing the code after it does that could be seen (or trap) is an
// access through the same $p reaching at least as far: that access traps
// whenever the load would have, with nothing seen in between, so the load
// goes.
class CoveredDrops {
public:
  unsigned removed = 0;

  void operator()(BinaryenExpressionRef blk, const ExpressionSetter&) {
    if (exprKind(blk) != ExprKind::Block) return;
    for (BinaryenIndex i = 0; i + 1 < BinaryenBlockGetNumChildren(blk); ++i) {
      BinaryenExpressionRef d = BinaryenBlockGetChildAt(blk, i);
      if (exprKind(d) != ExprKind::Drop) continue;
      BinaryenExpressionRef ld = BinaryenDropGetValue(d);
      if (exprKind(ld) != ExprKind::Load || BinaryenLoadIsAtomic(ld)) continue;
      BinaryenExpressionRef ptr = BinaryenLoadGetPtr(ld);
      if (exprKind(ptr) != ExprKind::LocalGet) continue;
      Want w{BinaryenLocalGetGetIndex(ptr), uint64_t(BinaryenLoadGetOffset(ld)) + BinaryenLoadGetBytes(ld)};
      Found f = Found::Continue;
      for (BinaryenIndex k = i + 1; k < BinaryenBlockGetNumChildren(blk) && f == Found::Continue; ++k)
        f = first(BinaryenBlockGetChildAt(blk, k), w);
      if (f != Found::Covered) continue;
      BinaryenBlockRemoveChildAt(blk, i);
      --i;
      ++removed;
    }
  }

private:
  struct Want { BinaryenIndex local; uint64_t end; };
  enum class Found { Continue, Covered, Stop };
  // Walks e in evaluation order up to its first access, call or other effect.
  static Found first(BinaryenExpressionRef e, const Want& w) {
    ExprKind id = exprKind(e);
    auto seq = [&](std::initializer_list<BinaryenExpressionRef> kids) {
      for (BinaryenExpressionRef k : kids)
        if (k)
          if (Found f = first(k, w); f != Found::Continue) return f;
      return Found::Continue;
    };
    auto covers = [&](BinaryenExpressionRef p, uint64_t end) {
      return exprKind(p) == ExprKind::LocalGet && BinaryenLocalGetGetIndex(p) == w.local &&
             end >= w.end;
    };
    if (id == ExprKind::Const || id == ExprKind::LocalGet || id == ExprKind::Nop) return Found::Continue;
    if (id == ExprKind::LocalSet) {
      if (Found f = first(BinaryenLocalSetGetValue(e), w); f != Found::Continue) return f;
      return BinaryenLocalSetGetIndex(e) == w.local ? Found::Stop : Found::Continue;
    }
    if (id == ExprKind::Unary) {
      std::optional<Op> op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
      if (!op || opInfo(*op).mayTrap) return Found::Stop;
      return first(BinaryenUnaryGetValue(e), w);
    }
    if (id == ExprKind::Binary) {
      std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
      if (Found f = seq({BinaryenBinaryGetLeft(e), BinaryenBinaryGetRight(e)}); f != Found::Continue) return f;
      return op && !opInfo(*op).mayTrap ? Found::Continue : Found::Stop;
    }
    if (id == ExprKind::Select)
      return seq({BinaryenSelectGetIfTrue(e), BinaryenSelectGetIfFalse(e), BinaryenSelectGetCondition(e)});
    if (id == ExprKind::Load) {
      BinaryenExpressionRef p = BinaryenLoadGetPtr(e);
      if (Found f = first(p, w); f != Found::Continue) return f;
      return !BinaryenLoadIsAtomic(e) && covers(p, uint64_t(BinaryenLoadGetOffset(e)) + BinaryenLoadGetBytes(e))
                 ? Found::Covered : Found::Stop;
    }
    if (id == ExprKind::Store) {
      BinaryenExpressionRef p = BinaryenStoreGetPtr(e);
      if (Found f = seq({p, BinaryenStoreGetValue(e)}); f != Found::Continue) return f;
      return !BinaryenStoreIsAtomic(e) && covers(p, uint64_t(BinaryenStoreGetOffset(e)) + BinaryenStoreGetBytes(e))
                 ? Found::Covered : Found::Stop;
    }
    if (id == ExprKind::Drop) return first(BinaryenDropGetValue(e), w);
    if (id == ExprKind::Block) {
      for (BinaryenIndex k = 0, n = BinaryenBlockGetNumChildren(e); k < n; ++k)
        if (Found f = first(BinaryenBlockGetChildAt(e, k), w); f != Found::Continue) return f;
      return Found::Continue;
    }
    // An if's condition runs first; what runs after it depends on it.
    if (id == ExprKind::If) {
      Found f = first(BinaryenIfGetCondition(e), w);
      return f == Found::Continue ? Found::Stop : f;
    }
    return Found::Stop;  // calls, branches, globals, memory size/grow, anything else
  }
};

} // namespace

unsigned coveredDrops(BinaryenModuleRef, BinaryenExpressionRef body) {
  CoveredDrops pass;
  walkPostOrder(body, ExpressionSetter(), pass);
  return pass.removed;
}

} // namespace eqsat
