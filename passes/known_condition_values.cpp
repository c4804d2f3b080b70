#include "passes/known_condition_values.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "egraph/ops.h"
#include "ir/binaryen_ops.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eqsat {

namespace {

// The values an i32 may hold, sorted; nullopt: unknown (or more than kMaxValues).
using Values = std::optional<std::vector<uint32_t>>;
constexpr size_t kMaxValues = 16;
// Rounds of the local-value fixpoint at most; without convergence no local is known.
constexpr int kMaxRounds = 24;

Values normalized(std::vector<uint32_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  if (v.size() > kMaxValues) return std::nullopt;
  return v;
}

Values range(uint32_t count) {
  if (count > kMaxValues) return std::nullopt;
  std::vector<uint32_t> v(count);
  for (uint32_t i = 0; i < count; ++i) v[i] = i;
  return v;
}

class KnownConditionValues {
public:
  KnownConditionValues(BinaryenModuleRef m, BinaryenFunctionRef f)
      : m_(m), params_(BinaryenTypeArity(BinaryenFunctionGetParams(f))), locals_(params_ + BinaryenFunctionGetNumVars(f)) {
    for (BinaryenIndex i = params_; i < locals_.size(); ++i)
      if (BinaryenFunctionGetVar(f, i - params_) == BinaryenTypeInt32()) locals_[i] = std::vector<uint32_t>{0};
  }
  unsigned changed = 0;

  // The values each i32 local that is not a parameter may hold, from every
  // set of it, to a fixpoint; false (nothing known of locals) when the body
  // holds an expression whose children are not enumerated.
  void solveLocals(BinaryenExpressionRef body) {
    std::vector<BinaryenExpressionRef> sets;
    if (!collectSets(body, sets)) {
      for (Values& v : locals_) v.reset();
      return;
    }
    for (int round = 0; round < kMaxRounds; ++round) {
      bool grew = false;
      for (BinaryenExpressionRef s : sets) {
        Values& into = locals_[BinaryenLocalSetGetIndex(s)];
        if (!into) continue;
        Values add = valuesOf(BinaryenLocalSetGetValue(s));
        Values next;
        if (add) {
          std::vector<uint32_t> u = *into;
          u.insert(u.end(), add->begin(), add->end());
          next = normalized(std::move(u));
        }
        if (next != into) {
          into = next;
          grew = true;
        }
      }
      if (!grew) return;
    }
    for (Values& v : locals_) v.reset();
  }

  void operator()(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    if (!setSelf) return;
    ExprKind id = exprKind(e);
    if (id == ExprKind::Switch) rewriteTable(e, setSelf);
    else if (id == ExprKind::If || (id == ExprKind::Break && BinaryenBreakGetCondition(e))) rewriteTest(e, setSelf);
  }

private:
  bool blocksSeen_ = false;  // valuesOf looks into unnamed blocks (for a table index X - c)
  BinaryenModuleRef m_;
  BinaryenIndex params_;
  std::vector<Values> locals_;

  bool collectSets(BinaryenExpressionRef e, std::vector<BinaryenExpressionRef>& sets) {
    if (exprKind(e) == ExprKind::LocalSet) sets.push_back(e);
    bool ok;
    for (ChildSlot& c : childrenOf(e, ok))
      if (!collectSets(c.e, sets)) return false;
    return ok;
  }

  Values valuesOf(BinaryenExpressionRef e, int depth = 8) {
    if (depth == 0 || BinaryenExpressionGetType(e) != BinaryenTypeInt32()) return std::nullopt;
    ExprKind id = exprKind(e);
    if (id == ExprKind::Const) return std::vector<uint32_t>{uint32_t(BinaryenConstGetValueI32(e))};
    if (id == ExprKind::LocalGet) {
      BinaryenIndex x = BinaryenLocalGetGetIndex(e);
      return x < locals_.size() ? locals_[x] : std::nullopt;
    }
    if (id == ExprKind::LocalSet) return valuesOf(BinaryenLocalSetGetValue(e), depth - 1);
    if (id == ExprKind::Block) {
      // Unnamed, so no branch carries it another value: its last child's
      // (for a table's index X - c only, what threading a switch from c
      // leaves: elsewhere the result, once tidied, prices lower and is
      // dearer on synth on some shims).
      BinaryenIndex n = BinaryenBlockGetNumChildren(e);
      if (!blocksSeen_ || BinaryenBlockGetName(e) || n == 0) return std::nullopt;
      return valuesOf(BinaryenBlockGetChildAt(e, n - 1), depth - 1);
    }
    if (id == ExprKind::Select) {
      Values a = valuesOf(BinaryenSelectGetIfTrue(e), depth - 1), b = valuesOf(BinaryenSelectGetIfFalse(e), depth - 1);
      if (!a || !b) return std::nullopt;
      a->insert(a->end(), b->begin(), b->end());
      return normalized(std::move(*a));
    }
    if (id == ExprKind::Unary) {
      std::optional<Op> op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
      if (!op) return std::nullopt;
      if (*op == Op::I32Eqz || *op == Op::I64Eqz) return std::vector<uint32_t>{0, 1};
      if (opInfo(*op).kind != OpKind::Unary) return std::nullopt;
      Values a = valuesOf(BinaryenUnaryGetValue(e), depth - 1);
      if (!a) return std::nullopt;
      return mapped(*op, *a, std::nullopt);
    }
    if (id != ExprKind::Binary) return std::nullopt;
    std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
    if (!op) return std::nullopt;
    if (opInfo(*op).kind == OpKind::Compare) return std::vector<uint32_t>{0, 1};
    if (opInfo(*op).kind != OpKind::Binary) return std::nullopt;
    Values a = valuesOf(BinaryenBinaryGetLeft(e), depth - 1), b = valuesOf(BinaryenBinaryGetRight(e), depth - 1);
    if (a && b) return mapped(*op, *a, b);
    if (!b || b->size() != 1) return std::nullopt;
    const uint32_t k = (*b)[0];
    if (*op == Op::I32And && std::popcount(k) <= 4) return submasks(k);
    if (*op == Op::I32ShrU && (k & 31) >= 28) return range(1u << (32 - (k & 31)));
    if (*op == Op::I32RemU && k != 0) return range(k);
    return std::nullopt;
  }

  // op over every value of a (and of b for a binary operator).
  static Values mapped(Op op, const std::vector<uint32_t>& a, const Values& b) {
    std::vector<uint32_t> out;
    for (uint32_t x : a) {
      for (size_t j = 0, n = b ? b->size() : 1; j < n; ++j) {
        uint64_t args[2] = {x, b ? (*b)[j] : 0};
        std::optional<uint64_t> v = evalOp(op, 0, std::span<const uint64_t>(args, b ? 2 : 1));
        if (!v) return std::nullopt;  // a trap: leave the branch alone
        out.push_back(uint32_t(*v));
        if (out.size() > kMaxValues * kMaxValues) return std::nullopt;
      }
    }
    return normalized(std::move(out));
  }

  static Values submasks(uint32_t m) {
    std::vector<uint32_t> out;
    for (uint32_t s = m;; s = (s - 1) & m) {
      out.push_back(s);
      if (s == 0) break;
    }
    return normalized(std::move(out));
  }

  // An if or br_if whose condition is known zero or known non-zero.
  void rewriteTest(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    const bool isIf = exprKind(e) == ExprKind::If;
    BinaryenExpressionRef cond = isIf ? BinaryenIfGetCondition(e) : BinaryenBreakGetCondition(e);
    if (exprKind(cond) == ExprKind::Const) return;
    Values v = valuesOf(cond);
    if (!v) return;
    const bool zero = *v == std::vector<uint32_t>{0};
    const bool nonZero = !std::binary_search(v->begin(), v->end(), 0u);
    if (!zero && !nonZero) return;
    BinaryenExpressionRef k = BinaryenConst(m_, BinaryenLiteralInt32(nonZero ? 1 : 0));
    const bool pure = effectFree(cond, false);
    if (!pure && !isIf && BinaryenBreakGetValue(e)) return;  // the value runs before the condition
    if (isIf) BinaryenIfSetCondition(e, k);
    else BinaryenBreakSetCondition(e, k);
    if (!pure) {
      BinaryenExpressionRef seq[2] = {BinaryenDrop(m_, cond), e};
      setSelf(BinaryenBlock(m_, nullptr, seq, 2, BinaryenExpressionGetType(e)));
    }
    ++changed;
  }

  // A br_table whose index takes few values.
  void rewriteTable(BinaryenExpressionRef sw, const ExpressionSetter& setSelf) {
    BinaryenExpressionRef cond = BinaryenSwitchGetCondition(sw), value = BinaryenSwitchGetValue(sw);
    if (exprKind(cond) == ExprKind::Const) return;
    const std::optional<LessConstant> less = lessConstant(cond);
    blocksSeen_ = less.has_value();
    Values vals = valuesOf(cond);
    blocksSeen_ = false;
    if (!vals) return;
    const BinaryenIndex n = BinaryenSwitchGetNumNames(sw);
    const std::string dflt = BinaryenSwitchGetDefaultName(sw);
    auto targetOf = [&](uint32_t v) { return v < n ? std::string(BinaryenSwitchGetNameAt(sw, v)) : dflt; };
    std::vector<std::string> targets;  // distinct, in value order
    for (uint32_t v : *vals)
      if (std::find(targets.begin(), targets.end(), targetOf(v)) == targets.end()) targets.push_back(targetOf(v));
    auto onlyValueOf = [&](const std::string& t) -> std::optional<uint32_t> {
      std::optional<uint32_t> only;
      for (uint32_t v : *vals)
        if (targetOf(v) == t) {
          if (only) return std::nullopt;
          only = v;
        }
      return only;
    };
    if (targets.size() == 1) {
      if (value && !effectFree(cond, false)) return;  // the value runs before the index
      BinaryenExpressionRef br = BinaryenBreak(m_, targets[0].c_str(), nullptr, value);
      if (effectFree(cond, false)) setSelf(br);
      else setSelf(block({BinaryenDrop(m_, cond), br}));
    } else if (targets.size() == 2) {
      // The first target reached by 0 alone: br_if the other on the index
      // itself (a test against another value would cost a compare).
      // Or the index is X - c, and X = 0 alone reaches one target: br_if
      // the other on X.
      std::optional<uint32_t> only = onlyValueOf(targets[0]);
      if (!only || *only != 0) {
        const uint32_t zeroIndex = less ? 0u - less->constant : 0u;
        std::optional<uint32_t> onlyZero = less ? onlyValueOf(targetOf(zeroIndex)) : std::nullopt;
        if (!onlyZero || *onlyZero != zeroIndex) return shrinkTable(sw, *vals, targetOf, setSelf);
        cond = less->operand;
        if (targets[0] != targetOf(zeroIndex)) std::swap(targets[0], targets[1]);
      }
      BinaryenExpressionRef brIf = BinaryenBreak(m_, targets[1].c_str(), cond, value);
      if (value) setSelf(BinaryenBreak(m_, targets[0].c_str(), nullptr, brIf));
      else setSelf(block({brIf, BinaryenBreak(m_, targets[0].c_str(), nullptr, nullptr)}));
    } else {
      return shrinkTable(sw, *vals, targetOf, setSelf);
    }
    ++changed;
  }

  // Entries no value reaches go to the default; the table ends at the
  // largest value (which becomes the default when the default is unreachable).
  template <class TargetOf>
  void shrinkTable(BinaryenExpressionRef sw, const std::vector<uint32_t>& vals, TargetOf&& targetOf,
                   const ExpressionSetter& setSelf) {
    const BinaryenIndex n = BinaryenSwitchGetNumNames(sw);
    const uint32_t top = vals.back();
    const bool defaultReached = top >= n;
    const std::string dflt = defaultReached ? std::string(BinaryenSwitchGetDefaultName(sw)) : targetOf(top);
    const uint32_t entries = defaultReached ? n : top;
    std::vector<std::string> names;
    for (uint32_t i = 0; i < entries; ++i)
      names.push_back(std::binary_search(vals.begin(), vals.end(), i) ? targetOf(i) : dflt);
    bool same = entries == n && dflt == BinaryenSwitchGetDefaultName(sw);
    for (uint32_t i = 0; same && i < entries; ++i) same = names[i] == BinaryenSwitchGetNameAt(sw, i);
    if (same) return;
    std::vector<const char*> ptrs;
    for (const std::string& s : names) ptrs.push_back(s.c_str());
    setSelf(BinaryenSwitch(m_, ptrs.data(), BinaryenIndex(ptrs.size()), dflt.c_str(), BinaryenSwitchGetCondition(sw),
                           BinaryenSwitchGetValue(sw)));
    ++changed;
  }

  BinaryenExpressionRef block(std::initializer_list<BinaryenExpressionRef> list) {
    std::vector<BinaryenExpressionRef> v(list);
    return BinaryenBlock(m_, nullptr, v.data(), BinaryenIndex(v.size()), BinaryenTypeAuto());
  }
};

} // namespace

unsigned knownConditionValues(BinaryenModuleRef module, BinaryenFunctionRef func) {
  BinaryenExpressionRef body = BinaryenFunctionGetBody(func);
  KnownConditionValues pass(module, func);
  pass.solveLocals(body);
  walkPostOrder(body, ExpressionSetter(), pass);
  return pass.changed;
}

} // namespace eqsat
