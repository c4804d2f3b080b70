#include "passes/known_path_values.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "egraph/ops.h"
#include "ir/binaryen_ops.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace eqsat {

namespace {

// Sets of values kept at most this large; larger ones are "any value".
constexpr size_t kMaxValues = 16;
// Functions larger than this are left alone (a state per label is copied).
constexpr BinaryenIndex kMaxLocals = 256;
constexpr size_t kMaxExpressions = 20000;
// How deep a condition or definition is evaluated.
constexpr int kMaxDepth = 8;
// Conditions remembered on a path (the oldest are forgotten).
constexpr size_t kMaxFacts = 16;
// How many definitions narrowing one local follows to others.
constexpr int kMaxNarrowDepth = 6;

// The values an i32 may hold: a few (`values`), or any but a few.
struct Possible {
  bool anyBut = true;
  std::vector<uint32_t> values;  // sorted, distinct

  static Possible any() { return {}; }
  static Possible none() { return {false, {}}; }
  static Possible oneOf(std::vector<uint32_t> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    if (v.size() > kMaxValues) return any();
    return {false, std::move(v)};
  }
  static Possible one(uint32_t v) { return {false, {v}}; }
  static Possible allBut(uint32_t v) { return {true, {v}}; }

  bool isNone() const { return !anyBut && values.empty(); }
  bool mayBe(uint32_t v) const { return std::binary_search(values.begin(), values.end(), v) != anyBut; }
  bool mayBeNonZero() const { return anyBut || values.size() > 1 || (values.size() == 1 && values[0] != 0); }
  std::optional<uint32_t> single() const {
    if (anyBut || values.size() != 1) return std::nullopt;
    return values[0];
  }
  bool operator==(const Possible&) const = default;
};

std::vector<uint32_t> unionOf(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  std::vector<uint32_t> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}
std::vector<uint32_t> intersectionOf(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  std::vector<uint32_t> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}
std::vector<uint32_t> differenceOf(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  std::vector<uint32_t> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// Values either may hold.
Possible join(const Possible& a, const Possible& b) {
  if (a.isNone()) return b;
  if (b.isNone()) return a;
  if (!a.anyBut && !b.anyBut) return Possible::oneOf(unionOf(a.values, b.values));
  if (!a.anyBut) return {true, differenceOf(b.values, a.values)};
  if (!b.anyBut) return {true, differenceOf(a.values, b.values)};
  return {true, intersectionOf(a.values, b.values)};
}

// Values both may hold (or, past the size limit, a superset of them).
Possible meet(const Possible& a, const Possible& b) {
  if (!a.anyBut && !b.anyBut) return {false, intersectionOf(a.values, b.values)};
  if (!a.anyBut) return {false, differenceOf(a.values, b.values)};
  if (!b.anyBut) return {false, differenceOf(b.values, a.values)};
  std::vector<uint32_t> excluded = unionOf(a.values, b.values);
  if (excluded.size() > kMaxValues) return a;
  return {true, std::move(excluded)};
}

// A local equal to a pure expression over other locals, while they keep their values.
struct Definition {
  BinaryenExpressionRef expr = nullptr;
  std::vector<BinaryenIndex> reads;
};

bool isI32(BinaryenExpressionRef e) { return BinaryenExpressionGetType(e) == BinaryenTypeInt32(); }

// Once e has run, is its value a function of the locals it names? Local
// reads, constants, non-trapping operators and selects; a tee counts as a
// read of the value it wrote (whatever computed that value). The locals go
// to `reads`; a local both tee'd and read, or tee'd twice, fails (a read
// before the tee saw another value).
bool relationReads(BinaryenExpressionRef e, std::vector<BinaryenIndex>& reads, std::vector<BinaryenIndex>& tees) {
  ExprKind id = exprKind(e);
  if (id == ExprKind::LocalSet) {
    if (!BinaryenLocalSetIsTee(e)) return false;
    tees.push_back(BinaryenLocalSetGetIndex(e));
    return true;
  }
  if (id == ExprKind::Const || id == ExprKind::LocalGet) return effectFree(e, false, &reads);
  if (id == ExprKind::Unary) {
    std::optional<Op> op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
    return op && !opInfo(*op).mayTrap && relationReads(BinaryenUnaryGetValue(e), reads, tees);
  }
  if (id == ExprKind::Binary) {
    std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
    return op && !opInfo(*op).mayTrap && relationReads(BinaryenBinaryGetLeft(e), reads, tees) &&
           relationReads(BinaryenBinaryGetRight(e), reads, tees);
  }
  if (id == ExprKind::Select)
    return relationReads(BinaryenSelectGetIfTrue(e), reads, tees) &&
           relationReads(BinaryenSelectGetIfFalse(e), reads, tees) &&
           relationReads(BinaryenSelectGetCondition(e), reads, tees);
  return false;
}

// The locals e's value is a function of once it has run (sorted, distinct),
// or nullopt where it is not one.
std::optional<std::vector<BinaryenIndex>> relationOf(BinaryenExpressionRef e) {
  std::vector<BinaryenIndex> reads, tees;
  if (!relationReads(e, reads, tees)) return std::nullopt;
  std::sort(tees.begin(), tees.end());
  if (std::adjacent_find(tees.begin(), tees.end()) != tees.end()) return std::nullopt;
  for (BinaryenIndex t : tees)
    if (std::find(reads.begin(), reads.end(), t) != reads.end()) return std::nullopt;
  reads.insert(reads.end(), tees.begin(), tees.end());
  std::sort(reads.begin(), reads.end());
  reads.erase(std::unique(reads.begin(), reads.end()), reads.end());
  return reads;
}

// A pure condition a branch on the way tested: non-zero or zero while the
// locals it reads keep their values.
struct Fact {
  BinaryenExpressionRef expr = nullptr;
  bool nonZero = false;
  std::vector<BinaryenIndex> reads;
};

struct State {
  bool reachable = true;
  std::vector<Possible> locals;
  std::vector<Definition> definitions;
  std::vector<Fact> facts;
};

// The facts both a and b hold.
std::vector<Fact> commonFacts(const std::vector<Fact>& a, const std::vector<Fact>& b) {
  std::vector<Fact> out;
  for (const Fact& f : a)
    if (std::any_of(b.begin(), b.end(),
                    [&](const Fact& g) { return g.nonZero == f.nonZero && sameStraightLine(g.expr, f.expr); }))
      out.push_back(f);
  return out;
}

void joinInto(State& into, const State& from) {
  if (!from.reachable) return;
  if (!into.reachable) {
    into = from;
    return;
  }
  for (size_t i = 0; i < into.locals.size(); ++i) {
    into.locals[i] = join(into.locals[i], from.locals[i]);
    if (into.definitions[i].expr != from.definitions[i].expr) into.definitions[i] = Definition{};
  }
  into.facts = commonFacts(into.facts, from.facts);
}

// An i32 compare: its operator, and the same compare with the operands
// swapped (a < b is b > a) and negated (a < b is !(a >= b)).
struct CompareForms {
  BinaryenOp op, swapped, negated;
};

std::optional<CompareForms> compareForms(BinaryenOp op) {
  const BinaryenOp table[][3] = {
      {BinaryenEqInt32(), BinaryenEqInt32(), BinaryenNeInt32()},   {BinaryenNeInt32(), BinaryenNeInt32(), BinaryenEqInt32()},
      {BinaryenLtUInt32(), BinaryenGtUInt32(), BinaryenGeUInt32()}, {BinaryenGtUInt32(), BinaryenLtUInt32(), BinaryenLeUInt32()},
      {BinaryenLeUInt32(), BinaryenGeUInt32(), BinaryenGtUInt32()}, {BinaryenGeUInt32(), BinaryenLeUInt32(), BinaryenLtUInt32()},
      {BinaryenLtSInt32(), BinaryenGtSInt32(), BinaryenGeSInt32()}, {BinaryenGtSInt32(), BinaryenLtSInt32(), BinaryenLeSInt32()},
      {BinaryenLeSInt32(), BinaryenGeSInt32(), BinaryenGtSInt32()}, {BinaryenGeSInt32(), BinaryenLeSInt32(), BinaryenLtSInt32()}};
  for (const auto& row : table)
    if (row[0] == op) return CompareForms{row[0], row[1], row[2]};
  return std::nullopt;
}

// What the facts of s say of e: a condition a branch tested, or an i32
// compare of the same operands in another form.
Possible factValues(BinaryenExpressionRef e, const State& s) {
  for (const Fact& f : s.facts) {
    if (sameStraightLine(f.expr, e)) return f.nonZero ? Possible::allBut(0) : Possible::one(0);
    if (exprKind(e) != ExprKind::Binary || exprKind(f.expr) != ExprKind::Binary) continue;
    std::optional<CompareForms> q = compareForms(BinaryenBinaryGetOp(e)), g = compareForms(BinaryenBinaryGetOp(f.expr));
    if (!q || !g || !isI32(BinaryenBinaryGetLeft(e)) || !isI32(BinaryenBinaryGetLeft(f.expr))) continue;
    BinaryenExpressionRef ql = BinaryenBinaryGetLeft(e), qr = BinaryenBinaryGetRight(e);
    BinaryenExpressionRef gl = BinaryenBinaryGetLeft(f.expr), gr = BinaryenBinaryGetRight(f.expr);
    const bool same = sameStraightLine(ql, gl) && sameStraightLine(qr, gr);
    const bool swapped = sameStraightLine(ql, gr) && sameStraightLine(qr, gl);
    std::optional<bool> truth;
    if ((same && q->op == g->op) || (swapped && q->op == g->swapped)) truth = f.nonZero;
    if ((same && q->op == g->negated) || (swapped && compareForms(g->swapped)->negated == q->op)) truth = !f.nonZero;
    if (truth) return Possible::one(*truth ? 1 : 0);
  }
  return Possible::any();
}

// v narrowed by what the facts of s say of e.
Possible withFacts(BinaryenExpressionRef e, const State& s, const Possible& v) {
  if (s.facts.empty() || v.single()) return v;
  Possible f = factValues(e, s);
  return f.isNone() ? v : meet(v, f);
}

// op over every combination of the operands' values; any on a trap or too many.
Possible mapped(Op op, const std::vector<uint32_t>& a, const std::vector<uint32_t>* b) {
  std::vector<uint32_t> out;
  for (uint32_t x : a) {
    for (size_t j = 0, n = b ? b->size() : 1; j < n; ++j) {
      uint64_t args[2] = {x, b ? (*b)[j] : 0};
      std::optional<uint64_t> v = evalOp(op, 0, std::span<const uint64_t>(args, b ? 2 : 1));
      if (!v) return Possible::any();
      out.push_back(uint32_t(*v));
      if (out.size() > kMaxValues * kMaxValues) return Possible::any();
    }
  }
  return Possible::oneOf(std::move(out));
}

Possible range(uint32_t count) {
  if (count > kMaxValues) return Possible::any();
  std::vector<uint32_t> v(count);
  for (uint32_t i = 0; i < count; ++i) v[i] = i;
  return Possible::oneOf(std::move(v));
}

Possible submasks(uint32_t m) {
  std::vector<uint32_t> out;
  for (uint32_t s = m;; s = (s - 1) & m) {
    out.push_back(s);
    if (s == 0) break;
  }
  return Possible::oneOf(std::move(out));
}

// The values of a unary operator over an i32 operand with values a.
Possible unaryValues(BinaryenExpressionRef e, const Possible& a) {
  std::optional<Op> op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
  if (!op) return Possible::any();
  if (*op == Op::I32Eqz) {
    if (a.isNone()) return a;
    if (!a.mayBe(0)) return Possible::one(0);
    if (!a.mayBeNonZero()) return Possible::one(1);
    return Possible::oneOf({0, 1});
  }
  if (*op == Op::I64Eqz) return Possible::oneOf({0, 1});
  if (opInfo(*op).kind != OpKind::Unary || !isI32(BinaryenUnaryGetValue(e)) || a.anyBut) return Possible::any();
  return mapped(*op, a.values, nullptr);
}

// The values of a binary operator over operands with values a and b.
Possible binaryValues(BinaryenExpressionRef e, const Possible& a, const Possible& b) {
  std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
  if (!op) return Possible::any();
  const bool compare = opInfo(*op).kind == OpKind::Compare;
  if (!isI32(BinaryenBinaryGetLeft(e))) return compare ? Possible::oneOf({0, 1}) : Possible::any();
  if (a.isNone() || b.isNone()) return Possible::none();
  if (!a.anyBut && !b.anyBut && (compare || opInfo(*op).kind == OpKind::Binary)) return mapped(*op, a.values, &b.values);
  if (compare) {
    // x == K or x != K where x cannot be K.
    std::optional<uint32_t> k = a.single() ? a.single() : b.single();
    const Possible& other = a.single() ? b : a;
    if (k && !other.mayBe(*k) && (*op == Op::I32Eq || *op == Op::I32Ne)) return Possible::one(*op == Op::I32Ne);
    return Possible::oneOf({0, 1});
  }
  std::optional<uint32_t> k = b.single();
  if (!k) return Possible::any();
  if (*op == Op::I32And && std::popcount(*k) <= 4) return submasks(*k);
  if (*op == Op::I32ShrU && (*k & 31) >= 28) return range(1u << (32 - (*k & 31)));
  if (*op == Op::I32RemU && *k != 0) return range(*k);
  return Possible::any();
}

Possible selectValues(const Possible& ifTrue, const Possible& ifFalse, const Possible& cond) {
  if (cond.isNone()) return cond;
  if (!cond.mayBe(0)) return ifTrue;
  if (!cond.mayBeNonZero()) return ifFalse;
  return join(ifTrue, ifFalse);
}

// A local given a value for one evaluation.
struct Assumed {
  BinaryenIndex local;
  uint32_t value;
};

// The values of a pure expression (constants, local reads, operators) in
// `s`; any for anything else.
Possible valuesIn(BinaryenExpressionRef e, const State& s, std::optional<Assumed> assumed = std::nullopt,
                  int depth = kMaxDepth) {
  if (depth == 0 || !isI32(e)) return Possible::any();
  ExprKind id = exprKind(e);
  if (id == ExprKind::Const) return Possible::one(uint32_t(BinaryenConstGetValueI32(e)));
  if (id == ExprKind::LocalGet || (id == ExprKind::LocalSet && BinaryenLocalSetIsTee(e))) {
    // A tee, in an expression that has run, is the value it wrote.
    BinaryenIndex x = id == ExprKind::LocalGet ? BinaryenLocalGetGetIndex(e) : BinaryenLocalSetGetIndex(e);
    if (assumed && assumed->local == x) return Possible::one(assumed->value);
    return s.locals[x];
  }
  if (id == ExprKind::Unary) return unaryValues(e, valuesIn(BinaryenUnaryGetValue(e), s, assumed, depth - 1));
  if (id == ExprKind::Binary)
    return withFacts(e, s,
                     binaryValues(e, valuesIn(BinaryenBinaryGetLeft(e), s, assumed, depth - 1),
                                  valuesIn(BinaryenBinaryGetRight(e), s, assumed, depth - 1)));
  if (id == ExprKind::Select)
    return selectValues(valuesIn(BinaryenSelectGetIfTrue(e), s, assumed, depth - 1),
                        valuesIn(BinaryenSelectGetIfFalse(e), s, assumed, depth - 1),
                        valuesIn(BinaryenSelectGetCondition(e), s, assumed, depth - 1));
  return Possible::any();
}

void learn(State& s, BinaryenExpressionRef cond, bool holds, int depth = kMaxNarrowDepth);

// e, which has run, has its value in p: the locals it is a function of
// keep the values that give one.
void constrain(State& s, BinaryenExpressionRef e, const Possible& p, int depth);

// Local x holds only values in p from here on. The locals defined from x
// are narrowed with it, and so is what x is defined from: past a branch on
// `$6 = (local.tee $2 (x & 0x80000000)) >> 30`, `$2` is 0 where `$6` is.
// Marks s unreachable when no value is left.
void narrow(State& s, BinaryenIndex x, const Possible& p, int depth = kMaxNarrowDepth) {
  Possible narrowed = meet(s.locals[x], p);
  if (narrowed == s.locals[x]) return;
  s.locals[x] = std::move(narrowed);
  if (s.locals[x].isNone()) s.reachable = false;
  if (!s.reachable || depth == 0) return;
  for (size_t y = 0; y < s.definitions.size() && s.reachable; ++y) {
    const Definition& d = s.definitions[y];
    if (d.expr && std::find(d.reads.begin(), d.reads.end(), x) != d.reads.end())
      narrow(s, BinaryenIndex(y), valuesIn(d.expr, s), depth - 1);
  }
  if (s.reachable && s.definitions[x].expr) {
    const Possible values = s.locals[x];
    constrain(s, s.definitions[x].expr, values, depth - 1);
  }
}

// e, a function of one local x once it has run, has its value in p: x keeps
// the values that give one (of any value, x is not 0 where 0 gives none:
// `x >> 30`, `x & K` or `x << k` non-zero).
void constrainRelation(State& s, BinaryenExpressionRef e, const Possible& p, int depth) {
  std::optional<std::vector<BinaryenIndex>> reads = relationOf(e);
  if (!reads || reads->size() != 1) return;
  const BinaryenIndex x = (*reads)[0];
  auto gives = [&](uint32_t v) { return !meet(valuesIn(e, s, Assumed{x, v}), p).isNone(); };
  if (s.locals[x].anyBut) {
    if (s.locals[x].mayBe(0) && !gives(0)) narrow(s, x, Possible::allBut(0), depth);
    return;
  }
  std::vector<uint32_t> kept;
  for (uint32_t v : s.locals[x].values)
    if (gives(v)) kept.push_back(v);
  narrow(s, x, Possible{false, std::move(kept)}, depth);
}

void constrain(State& s, BinaryenExpressionRef e, const Possible& p, int depth) {
  if (!s.reachable) return;
  if (p.isNone()) {
    s.reachable = false;
    return;
  }
  ExprKind id = exprKind(e);
  if (id == ExprKind::LocalGet) return narrow(s, BinaryenLocalGetGetIndex(e), p, depth);
  if (id == ExprKind::LocalSet && BinaryenLocalSetIsTee(e)) return narrow(s, BinaryenLocalSetGetIndex(e), p, depth);
  // Zero or not zero: what a branch on e would tell (eqz, `|`, `&`, `==`).
  const bool zero = !p.mayBeNonZero(), nonZero = !p.mayBe(0);
  if (zero || nonZero) learn(s, e, nonZero, depth);
  if (p != Possible::allBut(0) && p != Possible::one(0)) constrainRelation(s, e, p, depth);
}

// What `cond` being non-zero (holds) or zero tells of the locals it tests.
void learn(State& s, BinaryenExpressionRef cond, bool holds, int depth) {
  ExprKind id = exprKind(cond);
  if (id == ExprKind::LocalGet || id == ExprKind::LocalSet) {
    BinaryenIndex x = id == ExprKind::LocalGet ? BinaryenLocalGetGetIndex(cond) : BinaryenLocalSetGetIndex(cond);
    narrow(s, x, holds ? Possible::allBut(0) : Possible::one(0), depth);
    return;
  }
  if (id == ExprKind::Unary && BinaryenUnaryGetOp(cond) == BinaryenEqZInt32())
    return learn(s, BinaryenUnaryGetValue(cond), !holds, depth);
  // a | b zero: both are zero; a & b non-zero: neither is zero. The right
  // operand must set no local, so what the left one read is still current.
  if (id == ExprKind::Binary && ((!holds && BinaryenBinaryGetOp(cond) == BinaryenOrInt32()) ||
                                   (holds && BinaryenBinaryGetOp(cond) == BinaryenAndInt32())) &&
      effectFree(BinaryenBinaryGetRight(cond), false)) {
    learn(s, BinaryenBinaryGetLeft(cond), holds, depth);
    learn(s, BinaryenBinaryGetRight(cond), holds, depth);
    return;
  }
  std::vector<BinaryenIndex> reads;
  if (effectFree(cond, false, &reads) && !reads.empty()) {
    std::sort(reads.begin(), reads.end());
    reads.erase(std::unique(reads.begin(), reads.end()), reads.end());
    if (s.facts.size() == kMaxFacts) s.facts.erase(s.facts.begin());
    s.facts.push_back(Fact{cond, holds, reads});
  }
  if (id == ExprKind::Binary && relationOf(cond) &&
      (BinaryenBinaryGetOp(cond) == BinaryenEqInt32() || BinaryenBinaryGetOp(cond) == BinaryenNeInt32())) {
    // x == K or x != K with K known (x read, or tee'd in the compare).
    const bool equal = (BinaryenBinaryGetOp(cond) == BinaryenEqInt32()) == holds;
    for (auto [side, other] : {std::pair{BinaryenBinaryGetLeft(cond), BinaryenBinaryGetRight(cond)},
                               std::pair{BinaryenBinaryGetRight(cond), BinaryenBinaryGetLeft(cond)}}) {
      std::optional<uint32_t> k = valuesIn(other, s).single();
      ExprKind sideKind = exprKind(side);
      if (!k || (sideKind != ExprKind::LocalGet && sideKind != ExprKind::LocalSet)) continue;
      const BinaryenIndex x = sideKind == ExprKind::LocalGet ? BinaryenLocalGetGetIndex(side) : BinaryenLocalSetGetIndex(side);
      return narrow(s, x, equal ? Possible::one(*k) : Possible::allBut(*k), depth);
    }
  }
  // A test of one local: keep the values that pass it.
  constrainRelation(s, cond, holds ? Possible::allBut(0) : Possible::one(0), depth);
}

// s once `cond`, whose values are `values`, is known non-zero (holds) or zero.
State assuming(State s, BinaryenExpressionRef cond, const Possible& values, bool holds) {
  if (!s.reachable) return s;
  if (holds ? !values.mayBeNonZero() : !values.mayBe(0)) {
    s.reachable = false;
    return s;
  }
  learn(s, cond, holds);
  return s;
}

// Locals set anywhere in e.
void setsIn(BinaryenExpressionRef e, std::vector<BinaryenIndex>& out) {
  if (exprKind(e) == ExprKind::LocalSet) out.push_back(BinaryenLocalSetGetIndex(e));
  bool ok;
  for (ChildSlot& c : childrenOf(e, ok)) setsIn(c.e, out);
}

// Every expression kind enumerated, and the body small enough.
// Neither traps nor writes anything, locals included (a select may be in it).
bool withoutEffects(BinaryenExpressionRef e) {
  std::vector<BinaryenIndex> sets;
  setsIn(e, sets);
  return sets.empty() && effectFree(e, true);
}

bool walkable(BinaryenExpressionRef e, size_t& count) {
  if (++count > kMaxExpressions) return false;
  bool ok;
  for (ChildSlot& c : childrenOf(e, ok))
    if (!walkable(c.e, count)) return false;
  return ok;
}

class KnownPathValues {
public:
  KnownPathValues(BinaryenModuleRef m, BinaryenFunctionRef f, KnownPathValuesUse use) : m_(m), use_(use) {
    const BinaryenIndex params = BinaryenTypeArity(BinaryenFunctionGetParams(f));
    const BinaryenIndex count = params + BinaryenFunctionGetNumVars(f);
    state_.locals.assign(count, Possible::any());
    state_.definitions.assign(count, Definition{});
    std::vector<BinaryenType> types(count);
    if (params > 0) BinaryenTypeExpand(BinaryenFunctionGetParams(f), types.data());
    for (BinaryenIndex i = params; i < count; ++i) types[i] = BinaryenFunctionGetVar(f, i - params);
    for (BinaryenType t : types) i32Locals_.push_back(t == BinaryenTypeInt32());
    for (BinaryenIndex i = params; i < count; ++i)
      if (BinaryenFunctionGetVar(f, i - params) == BinaryenTypeInt32()) state_.locals[i] = Possible::one(0);
  }
  unsigned changed = 0;

  // Walks e in the current state, which it leaves as after e; returns the
  // values of e's result (none where it does not complete).
  Possible flow(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    ExprKind id = exprKind(e);
    if (id == ExprKind::Block) return flowBlock(e);
    if (id == ExprKind::Loop) return flowLoop(e);
    if (id == ExprKind::If) return flowIf(e, setSelf);
    if (id == ExprKind::Break) return flowBreak(e, setSelf);
    if (id == ExprKind::Switch) return flowSwitch(e, setSelf);
    if (id == ExprKind::LocalSet) return flowSet(e);
    if (id == ExprKind::LocalGet) return flowGet(e, setSelf);
    if (id == ExprKind::Const) return isI32(e) ? Possible::one(uint32_t(BinaryenConstGetValueI32(e))) : Possible::any();
    bool ok;
    std::vector<ChildSlot> kids = childrenOf(e, ok);
    std::vector<Possible> values;
    for (ChildSlot& c : kids) values.push_back(flow(c.e, c.set));
    if (id == ExprKind::Return || id == ExprKind::Unreachable) state_.reachable = false;
    if (!state_.reachable) return Possible::none();
    if (id == ExprKind::Unary && isI32(e)) return unaryValues(e, values[0]);
    if (id == ExprKind::Binary && isI32(e)) return withFacts(e, state_, binaryValues(e, values[0], values[1]));
    if (id == ExprKind::Select && values.size() == 3 && foldSelect(e, values[2], setSelf))
      return values[!values[2].mayBe(0) ? 0 : 1];
    if (id == ExprKind::Select && isI32(e) && values.size() == 3) return selectValues(values[0], values[1], values[2]);
    return Possible::any();
  }

private:
  struct Incoming {
    std::string label;
    State state;
    Possible value = Possible::none();
  };

  BinaryenModuleRef m_;
  KnownPathValuesUse use_;
  State state_;
  std::vector<bool> i32Locals_;
  std::vector<Incoming> labels_;  // innermost last

  void pushLabel(const char* name) {
    Incoming in{name, state_, Possible::none()};
    in.state.reachable = false;
    labels_.push_back(std::move(in));
  }

  // A branch to `name` from state s carrying `value`.
  void branchTo(const char* name, const State& s, const Possible& value) {
    if (!s.reachable) return;
    for (auto it = labels_.rbegin(); it != labels_.rend(); ++it) {
      if (it->label != name) continue;
      joinInto(it->state, s);
      it->value = join(it->value, value);
      return;
    }
  }

  Possible flowBlock(BinaryenExpressionRef e) {
    const char* name = BinaryenBlockGetName(e);
    if (name) pushLabel(name);
    Possible last = Possible::any();
    bool ok;
    for (ChildSlot& c : childrenOf(e, ok)) last = flow(c.e, c.set);
    if (!state_.reachable) last = Possible::none();
    if (!name) return last;
    Incoming in = std::move(labels_.back());
    labels_.pop_back();
    joinInto(state_, in.state);
    return join(last, in.value);
  }

  // What the loop sets is forgotten at its head; branches back to it then
  // carry nothing the head does not already allow.
  Possible flowLoop(BinaryenExpressionRef e) {
    std::vector<BinaryenIndex> sets;
    setsIn(BinaryenLoopGetBody(e), sets);
    for (BinaryenIndex x : sets) forget(x);
    const char* name = BinaryenLoopGetName(e);
    if (name) pushLabel(name);
    Possible v = flow(BinaryenLoopGetBody(e), [e](BinaryenExpressionRef x) { BinaryenLoopSetBody(e, x); });
    if (name) labels_.pop_back();
    return v;
  }

  Possible flowIf(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    BinaryenExpressionRef cond = BinaryenIfGetCondition(e);
    const Possible c = flow(cond, [e](BinaryenExpressionRef x) { BinaryenIfSetCondition(e, x); });
    const State before = state_;
    foldCondition(e, cond, c, setSelf);
    state_ = assuming(before, cond, c, true);
    Possible yes = flow(BinaryenIfGetIfTrue(e), [e](BinaryenExpressionRef x) { BinaryenIfSetIfTrue(e, x); });
    if (!state_.reachable) yes = Possible::none();
    State afterYes = std::move(state_);
    state_ = assuming(before, cond, c, false);
    Possible no = Possible::any();
    if (BinaryenIfGetIfFalse(e))
      no = flow(BinaryenIfGetIfFalse(e), [e](BinaryenExpressionRef x) { BinaryenIfSetIfFalse(e, x); });
    if (!state_.reachable) no = Possible::none();
    joinInto(state_, afterYes);
    return join(yes, no);
  }

  Possible flowBreak(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    Possible v = Possible::any();
    if (BinaryenBreakGetValue(e))
      v = flow(BinaryenBreakGetValue(e), [e](BinaryenExpressionRef x) { BinaryenBreakSetValue(e, x); });
    BinaryenExpressionRef cond = BinaryenBreakGetCondition(e);
    if (!cond) {
      branchTo(BinaryenBreakGetName(e), state_, v);
      state_.reachable = false;
      return Possible::none();
    }
    const Possible c = flow(cond, [e](BinaryenExpressionRef x) { BinaryenBreakSetCondition(e, x); });
    // A br_if's value runs before its condition: an effect there stays put.
    if (!BinaryenBreakGetValue(e) || withoutEffects(cond)) foldCondition(e, cond, c, setSelf);
    branchTo(BinaryenBreakGetName(e), assuming(state_, cond, c, true), v);
    state_ = assuming(state_, cond, c, false);
    return state_.reachable ? v : Possible::none();
  }

  // Each target reached with the index's local narrowed to the values that
  // lead there (for an index `x` or `x - c`).
  Possible flowSwitch(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    Possible v = Possible::any();
    if (BinaryenSwitchGetValue(e))
      v = flow(BinaryenSwitchGetValue(e), [e](BinaryenExpressionRef x) { BinaryenSwitchSetValue(e, x); });
    BinaryenExpressionRef cond = BinaryenSwitchGetCondition(e);
    const Possible c = flow(cond, [e](BinaryenExpressionRef x) { BinaryenSwitchSetCondition(e, x); });
    if (std::optional<uint32_t> k = c.single();
        k && state_.reachable && exprKind(cond) != ExprKind::Const && effectFree(cond, false)) {
      BinaryenSwitchSetCondition(e, BinaryenConst(m_, BinaryenLiteralInt32(int32_t(*k))));
      ++changed;
    }
    std::optional<BinaryenIndex> local;
    uint32_t offset = 0;
    if (exprKind(cond) == ExprKind::LocalGet) local = BinaryenLocalGetGetIndex(cond);
    if (std::optional<LessConstant> less = lessConstant(cond);
        less && exprKind(less->operand) == ExprKind::LocalGet) {
      local = BinaryenLocalGetGetIndex(less->operand);
      offset = less->constant;
    }
    const BinaryenIndex n = BinaryenSwitchGetNumNames(e);
    const bool narrows = local && n <= kMaxValues;
    // An index computed from one local narrows it too: `(local.tee $2 (x &
    // 0x80000000)) >> 30` is 2 only where $2 is 0x80000000.
    const bool relation = n <= kMaxValues && relationOf(cond);
    std::vector<uint32_t> listed;
    for (BinaryenIndex i = 0; i < n; ++i) {
      State s = state_;
      if (narrows) narrow(s, *local, Possible::one(i + offset));
      if (relation) constrain(s, cond, Possible::one(i), kMaxNarrowDepth);
      branchTo(BinaryenSwitchGetNameAt(e, i), s, v);
      listed.push_back(i);
    }
    State s = state_;
    std::vector<uint32_t> listedLocal = listed;
    for (uint32_t& i : listedLocal) i += offset;
    if (narrows) narrow(s, *local, Possible{true, Possible::oneOf(listedLocal).values});
    if (relation) constrain(s, cond, Possible{true, Possible::oneOf(listed).values}, kMaxNarrowDepth);
    branchTo(BinaryenSwitchGetDefaultName(e), s, v);
    if (state_.reachable) tableOnLocal(e, setSelf);
    state_.reachable = false;
    return Possible::none();
  }

  Possible flowSet(BinaryenExpressionRef e) {
    BinaryenExpressionRef value = BinaryenLocalSetGetValue(e);
    const Possible v = flow(value, [e](BinaryenExpressionRef x) { BinaryenLocalSetSetValue(e, x); });
    const BinaryenIndex x = BinaryenLocalSetGetIndex(e);
    forget(x);
    if (!state_.reachable) return Possible::none();
    if (!isI32(value)) return Possible::any();
    state_.locals[x] = v;
    std::optional<std::vector<BinaryenIndex>> reads = relationOf(value);
    if (exprKind(value) != ExprKind::Const && reads && std::find(reads->begin(), reads->end(), x) == reads->end())
      state_.definitions[x] = Definition{value, std::move(*reads)};
    return v;
  }

  Possible flowGet(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    if (!isI32(e)) return Possible::any();
    const Possible v = state_.locals[BinaryenLocalGetGetIndex(e)];
    std::optional<uint32_t> k = v.single();
    if (k && setSelf && state_.reachable && use_ == KnownPathValuesUse::ConditionsAndLocals) {
      setSelf(BinaryenConst(m_, BinaryenLiteralInt32(int32_t(*k))));
      ++changed;
    }
    return v;
  }

  // x may hold anything; what was defined from x no longer follows it.
  void forget(BinaryenIndex x) {
    state_.locals[x] = Possible::any();
    state_.definitions[x] = Definition{};
    for (Definition& d : state_.definitions)
      if (d.expr && std::find(d.reads.begin(), d.reads.end(), x) != d.reads.end()) d = Definition{};
    std::erase_if(state_.facts,
                  [x](const Fact& f) { return std::find(f.reads.begin(), f.reads.end(), x) != f.reads.end(); });
  }

  // A select whose condition is known zero or non-zero is the operand it
  // picks, where the condition and the other operand neither trap nor write
  // anything (they are then not evaluated at all); true when it folded.
  bool foldSelect(BinaryenExpressionRef e, const Possible& c, const ExpressionSetter& setSelf) {
    if (!state_.reachable || !setSelf || c.isNone()) return false;
    const bool zero = !c.mayBeNonZero(), nonZero = !c.mayBe(0);
    if (!zero && !nonZero) return false;
    BinaryenExpressionRef picked = nonZero ? BinaryenSelectGetIfTrue(e) : BinaryenSelectGetIfFalse(e);
    BinaryenExpressionRef other = nonZero ? BinaryenSelectGetIfFalse(e) : BinaryenSelectGetIfTrue(e);
    if (!effectFree(BinaryenSelectGetCondition(e), false) || !effectFree(other, false)) return false;
    setSelf(picked);
    ++changed;
    return true;
  }

  // The local (with a few possible values) that a pure expression is a
  // function of, where `same(values of e, local is zero)` holds for each.
  template <typename Same>
  std::optional<BinaryenIndex> zeroAsLocal(BinaryenExpressionRef e, Same same) {
    if (!withoutEffects(e)) return std::nullopt;
    std::optional<std::vector<BinaryenIndex>> reads = relationOf(e);
    if (!reads || reads->size() != 1 || !i32Locals_[(*reads)[0]] || state_.locals[(*reads)[0]].anyBut)
      return std::nullopt;
    const BinaryenIndex x = (*reads)[0];
    for (uint32_t v : state_.locals[x].values)
      if (!same(valuesIn(e, state_, Assumed{x, v}), v == 0)) return std::nullopt;
    return x;
  }

  // A br_table (without a value) whose index is a function of one local that
  // sends every zero of it to one target and every other value to another:
  // a br_if on the local. `(br_table $a $b $c $d (select 3 1 $c))` is
  // `(br_if $d $c) (br $b)`.
  void tableOnLocal(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    if (!setSelf || BinaryenSwitchGetValue(e)) return;
    const BinaryenIndex n = BinaryenSwitchGetNumNames(e);
    auto targetOf = [&](uint32_t v) { return std::string(v < n ? BinaryenSwitchGetNameAt(e, v) : BinaryenSwitchGetDefaultName(e)); };
    std::string targets[2];  // for zero, for non-zero
    auto same = [&](const Possible& c, bool zero) {
      if (c.anyBut || c.values.empty()) return false;
      for (uint32_t v : c.values) {
        std::string& t = targets[zero ? 0 : 1];
        if (t.empty()) t = targetOf(v);
        if (t != targetOf(v)) return false;
      }
      return true;
    };
    std::optional<BinaryenIndex> x = zeroAsLocal(BinaryenSwitchGetCondition(e), same);
    if (!x || targets[0].empty() || targets[1].empty()) return;
    BinaryenExpressionRef seq[2] = {
        BinaryenBreak(m_, targets[1].c_str(), BinaryenLocalGet(m_, *x, BinaryenTypeInt32()), nullptr),
        BinaryenBreak(m_, targets[0].c_str(), nullptr, nullptr)};
    setSelf(BinaryenBlock(m_, nullptr, seq, 2, BinaryenTypeUnreachable()));
    ++changed;
  }

  // A pure condition that is zero exactly where one local with a few
  // possible values is zero becomes that local: `(select 3 1 $c) - 1`
  // with $c 0 or 1 is `$c`.
  void branchOnLocal(BinaryenExpressionRef e, BinaryenExpressionRef cond) {
    if (exprKind(cond) == ExprKind::LocalGet) return;
    std::optional<BinaryenIndex> x = zeroAsLocal(cond, [](const Possible& c, bool zero) {
      return zero ? !c.mayBeNonZero() : !c.mayBe(0);
    });
    if (!x) return;
    BinaryenExpressionRef get = BinaryenLocalGet(m_, *x, BinaryenTypeInt32());
    if (exprKind(e) == ExprKind::If) BinaryenIfSetCondition(e, get);
    else BinaryenBreakSetCondition(e, get);
    ++changed;
  }

  // The condition of an if or br_if known zero or non-zero becomes that
  // constant; an effect it has is kept, dropped, before e.
  void foldCondition(BinaryenExpressionRef e, BinaryenExpressionRef cond, const Possible& c,
                     const ExpressionSetter& setSelf) {
    if (!state_.reachable || exprKind(cond) == ExprKind::Const || c.isNone()) return;
    const bool zero = !c.mayBeNonZero(), nonZero = !c.mayBe(0);
    if (!zero && !nonZero) return branchOnLocal(e, cond);
    const bool pure = effectFree(cond, false);
    if (!pure && !setSelf) return;
    BinaryenExpressionRef k = BinaryenConst(m_, BinaryenLiteralInt32(nonZero ? 1 : 0));
    if (exprKind(e) == ExprKind::If) BinaryenIfSetCondition(e, k);
    else BinaryenBreakSetCondition(e, k);
    if (!pure) {
      BinaryenExpressionRef seq[2] = {BinaryenDrop(m_, cond), e};
      setSelf(BinaryenBlock(m_, nullptr, seq, 2, BinaryenExpressionGetType(e)));
    }
    ++changed;
  }
};

} // namespace

unsigned knownPathValues(BinaryenModuleRef module, BinaryenFunctionRef func, KnownPathValuesUse use) {
  BinaryenExpressionRef body = BinaryenFunctionGetBody(func);
  size_t count = 0;
  if (BinaryenTypeArity(BinaryenFunctionGetParams(func)) + BinaryenFunctionGetNumVars(func) > kMaxLocals ||
      !walkable(body, count))
    return 0;
  KnownPathValues pass(module, func, use);
  pass.flow(body, [func](BinaryenExpressionRef x) { BinaryenFunctionSetBody(func, x); });
  return pass.changed;
}

} // namespace eqsat
