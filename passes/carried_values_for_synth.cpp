#include "passes/carried_values_for_synth.h"

#include "passes/ir_walk.h"

#include "cost/synth_limits.h"

#include "ir/expression_kind.h"

#include "ir/binaryen_ops.h"

#include <cstring>
#include <optional>
#include <string>
#include <unordered_set>

namespace eqsat {

namespace {

const char* scopeName(BinaryenExpressionRef e) {
  const ExprKind id = exprKind(e);
  if (id == ExprKind::Block) return BinaryenBlockGetName(e);
  if (id == ExprKind::Loop) return BinaryenLoopGetName(e);
  return nullptr;
}

bool targets(BinaryenExpressionRef sw, const char* name) {
  if (std::strcmp(BinaryenSwitchGetDefaultName(sw), name) == 0) return true;
  for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(sw); i < n; ++i)
    if (std::strcmp(BinaryenSwitchGetNameAt(sw, i), name) == 0) return true;
  return false;
}

// The branches to one block, with a way to replace each.
struct Branches {
  std::vector<ChildSlot> breaks;
  bool switchCarries = false; // a br_table carries a value to the block
  bool carries = false;       // some branch carries a value to the block
};

// Collects the branches to `name` under e (a nested scope of the same name
// hides it); false when e holds an expression whose children are not
// enumerated.
bool collect(BinaryenExpressionRef e, const char* name, Branches& out) {
  bool ok;
  for (ChildSlot& c : childrenOf(e, ok)) {
    const char* inner = scopeName(c.e);
    if (inner && std::strcmp(inner, name) == 0) continue;
    const ExprKind id = exprKind(c.e);
    if (id == ExprKind::Break && std::strcmp(BinaryenBreakGetName(c.e), name) == 0) {
      out.carries |= BinaryenBreakGetValue(c.e) != nullptr;
      out.breaks.push_back(c);
    } else if (id == ExprKind::Switch && BinaryenSwitchGetValue(c.e) && targets(c.e, name)) {
      out.carries = out.switchCarries = true;
    }
    if (!collect(c.e, name, out)) return false;
  }
  return ok;
}

// What a block's branches and end carry to its join.
struct Join {
  Branches branches;
  bool conditional = false; // a br_if carries a value
  bool callResult = false;  // a branch or the end carries a call's result
  bool deadEnd = false;     // nothing falls through to the end
};

class CarriedValuesForSynth {
public:
  CarriedValuesForSynth(BinaryenModuleRef m, BinaryenType results, BinaryenIndex firstFree,
                        std::vector<BinaryenType>& added)
      : m_(m), results_(results), nextLocal_(firstFree), added_(added) {}
  unsigned rewritten = 0;
  // Which of the two rewrites run: only those whose shapes the body has
  // (synthShapes), each a walk of its own over every block or operand.
  bool rewriteJoins = true, hoistOperands = true;
  std::unordered_set<BinaryenExpressionRef> flaggedJoins;  // the only blocks rewritten

  // The blocks whose end is the function's: the body, the last child of
  // such a block, the arms of an if and the body of a loop there; and the
  // blocks whose value a local.set takes.
  void findExits(BinaryenExpressionRef e) {
    const ExprKind id = exprKind(e);
    if (id == ExprKind::Block) {
      if (BinaryenBlockGetName(e) && BinaryenExpressionGetType(e) == results_) exits_.insert(e);
      if (BinaryenIndex n = BinaryenBlockGetNumChildren(e)) findExits(BinaryenBlockGetChildAt(e, n - 1));
    } else if (id == ExprKind::If) {
      findExits(BinaryenIfGetIfTrue(e));
      if (BinaryenExpressionRef f = BinaryenIfGetIfFalse(e)) findExits(f);
    } else if (id == ExprKind::Loop) {
      findExits(BinaryenLoopGetBody(e));
    }
  }

  void findSetBlocks(BinaryenExpressionRef e) {
    if (exprKind(e) == ExprKind::LocalSet && !BinaryenLocalSetIsTee(e)) {
      BinaryenExpressionRef v = BinaryenLocalSetGetValue(e);
      if (exprKind(v) == ExprKind::Block && BinaryenBlockGetName(v)) setBlocks_.insert(v);
    }
    forEachChildOf(e, [&](BinaryenExpressionRef c) { findSetBlocks(c); });
  }

  void operator()(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    const ExprKind id = exprKind(e);
    if (hoistOperands && id != ExprKind::Block && id != ExprKind::Loop && id != ExprKind::If)
      hoistBranchingOperand(e, setSelf);
    if (!rewriteJoins) return;
    if (id == ExprKind::Block && !setBlocks_.count(e)) {
      std::optional<Join> j = declinedJoin(e);
      if (!j) return;
      if (exits_.count(e) && !j->conditional) returnsOut(e, *j);
      else throughLocal(e, *j, setSelf, std::nullopt);
    } else if (id == ExprKind::LocalSet && !BinaryenLocalSetIsTee(e) && setBlocks_.count(BinaryenLocalSetGetValue(e))) {
      BinaryenExpressionRef blk = BinaryenLocalSetGetValue(e);
      std::optional<Join> j = declinedJoin(blk);
      if (!j) return;
      if (!j->conditional) throughLocal(blk, *j, setSelf, BinaryenLocalSetGetIndex(e));
      else throughLocal(blk, *j, [e](BinaryenExpressionRef x) { BinaryenLocalSetSetValue(e, x); }, std::nullopt);
    }
  }

private:
  BinaryenModuleRef m_;
  BinaryenType results_;
  BinaryenIndex nextLocal_;
  std::vector<BinaryenType>& added_;
  std::unordered_set<BinaryenExpressionRef> exits_, setBlocks_;

  template <class F>
  static void forEachChildOf(BinaryenExpressionRef e, F&& f) {
    eachChild(e, [&](BinaryenExpressionRef c, auto&&) {
      if (c) f(c);
    });
  }

  // The join of a named i32 or i64 block that branches carry a value to, in
  // a shape synth may decline: an i64 carried, a call's result carried by a
  // branch, or an end nothing falls through to (synth then reads a stale
  // value as the fall-through). nullopt otherwise, and when a br_table carries a value
  // (its other targets would need the same local).
  std::optional<Join> declinedJoin(BinaryenExpressionRef blk) {
    if (!flaggedJoins.count(blk)) return std::nullopt;
    const BinaryenType type = BinaryenExpressionGetType(blk);
    if (!BinaryenBlockGetName(blk) || (type != BinaryenTypeInt32() && type != BinaryenTypeInt64())) return std::nullopt;
    Join j;
    if (!collect(blk, BinaryenBlockGetName(blk), j.branches) || !j.branches.carries || j.branches.switchCarries)
      return std::nullopt;
    for (const ChildSlot& b : j.branches.breaks) {
      BinaryenExpressionRef value = BinaryenBreakGetValue(b.e);
      if (!value) continue;
      j.conditional |= BinaryenBreakGetCondition(b.e) != nullptr;
      j.callResult |= isCallResult(value);
    }
    const BinaryenIndex n = BinaryenBlockGetNumChildren(blk);
    BinaryenExpressionRef last = n ? BinaryenBlockGetChildAt(blk, n - 1) : nullptr;
    j.deadEnd = !last || BinaryenExpressionGetType(last) == BinaryenTypeUnreachable();
    if (type == BinaryenTypeInt64() || j.callResult || j.deadEnd) return j;
    return std::nullopt;
  }

  BinaryenIndex newLocal(BinaryenType t) {
    added_.push_back(t);
    return nextLocal_++;
  }

  BinaryenExpressionRef seq(std::initializer_list<BinaryenExpressionRef> kids, BinaryenType type) {
    std::vector<BinaryenExpressionRef> v(kids);
    return BinaryenBlock(m_, nullptr, v.data(), BinaryenIndex(v.size()), type);
  }

  // The block's value through a local: `into`, the local a local.set of the
  // block sets (which then replaces that set; only without br_ifs carrying
  // a value, whose value also flows on), or a fresh one read after the
  // block: (block (result T) (block $b ...) (local.get $t)).
  void throughLocal(BinaryenExpressionRef blk, Join& j, const ExpressionSetter& setSelf, std::optional<BinaryenIndex> into) {
    const BinaryenType type = BinaryenExpressionGetType(blk);
    const BinaryenIndex t = into ? *into : newLocal(type);
    const char* name = BinaryenBlockGetName(blk);
    for (ChildSlot& b : j.branches.breaks) {
      BinaryenExpressionRef value = BinaryenBreakGetValue(b.e), cond = BinaryenBreakGetCondition(b.e);
      if (!value) continue;
      if (BinaryenExpressionGetType(value) == BinaryenTypeUnreachable()) {
        b.set(value);
      } else if (!cond) {
        b.set(seq({BinaryenLocalSet(m_, t, value), BinaryenBreak(m_, name, nullptr, nullptr)}, BinaryenTypeUnreachable()));
      } else {
        b.set(seq({BinaryenLocalSet(m_, t, value), BinaryenBreak(m_, name, cond, nullptr), BinaryenLocalGet(m_, t, type)},
                  type));
      }
    }
    std::vector<BinaryenExpressionRef> kids;
    for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(blk); i < n; ++i) kids.push_back(BinaryenBlockGetChildAt(blk, i));
    if (!kids.empty() && BinaryenExpressionGetType(kids.back()) == type) kids.back() = BinaryenLocalSet(m_, t, kids.back());
    BinaryenExpressionRef inner = BinaryenBlock(m_, name, kids.data(), BinaryenIndex(kids.size()), BinaryenTypeAuto());
    setSelf(into ? inner : seq({inner, BinaryenLocalGet(m_, t, type)}, type));
    ++rewritten;
  }

  // An operand holding a branch out of it, after operands whose values
  // synth then holds on its stack across the branch (it fails its own check
  // of the join the branch goes to: "JoinValueNotAvailable"): set to a local
  // before the expression, which reads the local. Only after operands that
  // are effect-free and read no local the operand writes, which may then
  // run after it.
  //   before: (i32.store16 (local.get $p) (block $b (result i32) ... (br_if $out C) ... V))
  //   after:  (local.set $t (block $b (result i32) ... (br_if $out C) ... V))
  //           (i32.store16 (local.get $p) (local.get $t))
  void hoistBranchingOperand(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    bool ok;
    std::vector<ChildSlot> kids = childrenOf(e, ok);
    if (!ok) return;
    for (size_t i = 1; i < kids.size(); ++i) {
      if (!branchesOut(kids[i].e)) continue;
      const BinaryenType type = BinaryenExpressionGetType(kids[i].e);
      if (type != BinaryenTypeInt32() && type != BinaryenTypeInt64()) return;
      for (size_t k = 0; k < i; ++k) {
        std::vector<BinaryenIndex> read;
        if (!effectFree(kids[k].e, false, &read)) return;
        for (BinaryenIndex x : read)
          if (writes(kids[i].e, x)) return;
      }
      const BinaryenIndex t = newLocal(type);
      BinaryenExpressionRef operand = kids[i].e;
      kids[i].set(BinaryenLocalGet(m_, t, type));
      setSelf(seq({BinaryenLocalSet(m_, t, operand), e}, BinaryenTypeAuto()));
      ++rewritten;
      return;
    }
  }

  // Whether e holds a branch to a label defined outside it.
  static bool branchesOut(BinaryenExpressionRef e) {
    std::unordered_set<std::string> defined, named;
    if (!labelsIn(e, defined, named)) return true;
    for (const std::string& n : named)
      if (!defined.count(n)) return true;
    return false;
  }

  // A block that ends the function, without br_ifs carrying a value: its
  // branches return their values, and so does a call at its end; the block
  // is then no join synth carries a value to.
  void returnsOut(BinaryenExpressionRef blk, Join& j) {
    for (ChildSlot& b : j.branches.breaks)
      if (BinaryenExpressionRef value = BinaryenBreakGetValue(b.e)) b.set(BinaryenReturn(m_, value));
    const BinaryenIndex n = BinaryenBlockGetNumChildren(blk);
    BinaryenExpressionRef last = n ? BinaryenBlockGetChildAt(blk, n - 1) : nullptr;
    if (last && !j.deadEnd && isCallResult(last)) BinaryenBlockSetChildAt(blk, n - 1, BinaryenReturn(m_, last));
    ++rewritten;
  }
};

} // namespace

unsigned carriedValuesForSynth(BinaryenModuleRef module, BinaryenExpressionRef& body, BinaryenType results,
                               BinaryenIndex firstFreeLocal, std::vector<BinaryenType>& added) {
  if (!body) return 0;
  std::vector<BinaryenExpressionRef> joins;
  const SynthShapes shapes = synthShapes(body, &joins);
  CarriedValuesForSynth pass(module, results, firstFreeLocal, added);
  pass.flaggedJoins.insert(joins.begin(), joins.end());
  pass.rewriteJoins = shapes.i64Carried || shapes.callResultAtJoin || shapes.deadEndJoin;
  pass.hoistOperands = shapes.operandBranchesOut;
  if (!pass.rewriteJoins && !pass.hoistOperands) return 0;
  pass.findExits(body);
  pass.findSetBlocks(body);
  walkPostOrder(body, [&body](BinaryenExpressionRef x) { body = x; }, pass);
  return pass.rewritten;
}

} // namespace eqsat
