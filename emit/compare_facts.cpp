// Compares decided by the compares branches on the way decided (path facts
// about relations and ranges).
//
// A branch that showed one compare of two values shows the outcome of the
// others of the same two values, and a branch that compared a value with a
// constant bounds it against the other constants:
//
//   (br_if $exit (i32.ge_u (local.get $b) (local.get $x)))   ;; b <u x here
//   (br_if $l (i32.ne (local.get $b) (local.get $x)))        ;; b != x: always
//   =>
//   (br_if $exit (i32.ge_u (local.get $b) (local.get $x)))
//   (br $l)
//
//   (br_if $zero (i32.eqz (local.get $p)))                   ;; p != 0 here
//   ... (i32.eqz (local.get $p)) ...                          ;; 0
//   (if (i32.lt_u (local.get $n) (i32.const 4)) (then
//     ... (i32.lt_u (local.get $n) (i32.const 9)) ...)        ;; 1
//
// Each compare keeps the outcomes (less, equal, greater; unsigned and
// signed) under which it is true; the facts of the path narrow the possible
// outcomes of the two operands, or the ranges of an operand compared with
// constants, and a compare true (or false) for all that is left is decided.
#include "emit/emitter.h"

#include <algorithm>
#include <climits>
#include <optional>

namespace eqsat::emitting {

namespace {

constexpr uint8_t kLess = 1, kEqual = 2, kGreater = 4, kAny = 7;

enum class Order : uint8_t { Unsigned, Signed, Either };

struct CompareKind {
  uint8_t trueOutcomes = 0;  // of (a op b), over kLess/kEqual/kGreater
  Order order = Order::Either;
};

// What compare `op` (or eqz, as x == 0) is true for; trueOutcomes 0 when op
// is no compare.
CompareKind compareKind(Op op) {
  switch (op) {
  case Op::I32Eq: case Op::I64Eq: case Op::I32Eqz: case Op::I64Eqz: return {kEqual, Order::Either};
  case Op::I32Ne: case Op::I64Ne: return {kLess | kGreater, Order::Either};
  case Op::I32LtU: case Op::I64LtU: return {kLess, Order::Unsigned};
  case Op::I32LeU: case Op::I64LeU: return {kLess | kEqual, Order::Unsigned};
  case Op::I32GtU: case Op::I64GtU: return {kGreater, Order::Unsigned};
  case Op::I32GeU: case Op::I64GeU: return {kGreater | kEqual, Order::Unsigned};
  case Op::I32LtS: case Op::I64LtS: return {kLess, Order::Signed};
  case Op::I32LeS: case Op::I64LeS: return {kLess | kEqual, Order::Signed};
  case Op::I32GtS: case Op::I64GtS: return {kGreater, Order::Signed};
  case Op::I32GeS: case Op::I64GeS: return {kGreater | kEqual, Order::Signed};
  default: return {};
  }
}

// The outcomes of (b op a) given those of (a op b).
uint8_t mirrored(uint8_t outcomes) {
  return uint8_t((outcomes & kEqual) | ((outcomes & kLess) ? kGreater : 0) | ((outcomes & kGreater) ? kLess : 0));
}

// What the path allows of the outcomes of comparing a with b: unsigned and
// signed (equality is the same in both).
struct Outcomes {
  uint8_t u = kAny, s = kAny;
  void require(Order order, uint8_t allowed) {
    if (order != Order::Signed) u &= allowed;
    if (order != Order::Unsigned) s &= allowed;
    if (!(u & kEqual) || !(s & kEqual)) {  // a != b either way
      u &= uint8_t(~kEqual);
      s &= uint8_t(~kEqual);
    }
    if (u == kEqual || s == kEqual) u = s = uint8_t(u & s);  // a == b either way
  }
  // The outcomes left for a compare in `order` (Either: kEqual, and kLess
  // for "a != b").
  uint8_t left(Order order) const {
    if (order == Order::Unsigned) return u;
    if (order == Order::Signed) return s;
    return uint8_t((u & s & kEqual) | (((u & (kLess | kGreater)) && (s & (kLess | kGreater))) ? kLess : 0));
  }
};

// Unsigned and signed outcomes of comparing value x with value y at `bits`.
uint8_t outcomeOf(uint64_t x, uint64_t y, bool sign, unsigned bits) {
  if (sign) {
    int64_t sx = int64_t(x << (64 - bits)) >> (64 - bits), sy = int64_t(y << (64 - bits)) >> (64 - bits);
    return sx < sy ? kLess : sx == sy ? kEqual : kGreater;
  }
  return x < y ? kLess : x == y ? kEqual : kGreater;
}

// The values an operand can have, as an unsigned and a signed interval and
// the constants it was shown to differ from.
struct Range {
  uint64_t ulo = 0, uhi = 0;
  int64_t slo = 0, shi = 0;
  std::vector<uint64_t> excluded;
  unsigned bits = 32;
  explicit Range(unsigned w) : bits(w) {
    uhi = w == 64 ? ~uint64_t(0) : (uint64_t(1) << w) - 1;
    slo = w == 64 ? INT64_MIN : -(int64_t(1) << (w - 1));
    shi = w == 64 ? INT64_MAX : (int64_t(1) << (w - 1)) - 1;
  }
  int64_t sval(uint64_t c) const { return int64_t(c << (64 - bits)) >> (64 - bits); }
  // The operand's outcomes against c are limited to `allowed` (in `order`).
  void require(Order order, uint8_t allowed, uint64_t c) {
    const int64_t sc = sval(c);
    if (allowed == kEqual) {
      ulo = std::max(ulo, c);
      uhi = std::min(uhi, c);
      slo = std::max(slo, sc);
      shi = std::min(shi, sc);
      return;
    }
    if (allowed == (kLess | kGreater)) {
      excluded.push_back(c);
      return;
    }
    const bool orEqual = allowed & kEqual;
    if (order == Order::Unsigned) {
      const uint64_t top = bits == 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
      if (!(allowed & kGreater) && (orEqual || c > 0)) uhi = std::min(uhi, orEqual ? c : c - 1);
      if (!(allowed & kLess) && (orEqual || c < top)) ulo = std::max(ulo, orEqual ? c : c + 1);
    } else if (order == Order::Signed) {
      if (!(allowed & kGreater) && (orEqual || sc > smin())) shi = std::min(shi, orEqual ? sc : sc - 1);
      if (!(allowed & kLess) && (orEqual || sc < smax())) slo = std::max(slo, orEqual ? sc : sc + 1);
    }
  }
  int64_t smin() const { return bits == 64 ? INT64_MIN : -(int64_t(1) << (bits - 1)); }
  int64_t smax() const { return bits == 64 ? INT64_MAX : (int64_t(1) << (bits - 1)) - 1; }
  bool empty() const { return ulo > uhi || slo > shi; }
  // The one value the operand can have, if the ranges leave one.
  std::optional<uint64_t> single() const {
    uint64_t top = bits == 64 ? ~uint64_t(0) : (uint64_t(1) << bits) - 1;
    if (ulo == uhi) return ulo;
    if (slo == shi) return uint64_t(slo) & top;
    return std::nullopt;
  }
  bool canEqual(uint64_t c) const {
    return c >= ulo && c <= uhi && sval(c) >= slo && sval(c) <= shi &&
           std::find(excluded.begin(), excluded.end(), c) == excluded.end();
  }
  // The outcomes of comparing the operand with c (in `order`; Either: kEqual
  // and, for a value that can differ from c, kLess) that the ranges leave.
  uint8_t outcomesAgainst(Order order, uint64_t c) const {
    if (std::optional<uint64_t> v = single()) {
      if (!canEqual(*v)) return 0;
      return order == Order::Either ? (*v == c ? kEqual : kLess) : outcomeOf(*v, c, order == Order::Signed, bits);
    }
    const uint8_t equal = canEqual(c) ? kEqual : 0;
    if (order == Order::Either) return uint8_t(equal | kLess);
    const bool sign = order == Order::Signed;
    uint8_t r = sign ? uint8_t(outcomeOf(uint64_t(slo), c, true, bits) | outcomeOf(uint64_t(shi), c, true, bits))
                     : uint8_t(outcomeOf(ulo, c, false, bits) | outcomeOf(uhi, c, false, bits));
    if (r == (kLess | kGreater)) r |= kEqual;  // c lies inside the range
    return uint8_t((r & ~kEqual) | (r & equal));
  }
};

} // namespace

// Compare `op` of classes a and b (b may be a constant; for eqz, b is
// kNoClass and stands for 0) decided by the compares the path decided: the
// constant 0 or 1 class, or kNoClass.
ClassId Emitter::compareDecidedByFacts(Op op, ClassId a, ClassId b) const {
  const CompareKind kind = compareKind(op);
  if (!kind.trueOutcomes || pathFacts_.conditions.empty()) return kNoClass;
  a = canonical(a);
  Ty t = egraph_.type(a);
  if (t != Ty::i32 && t != Ty::i64) return kNoClass;
  const unsigned bits = t == Ty::i64 ? 64 : 32;
  const uint64_t ones = bits == 64 ? ~uint64_t(0) : 0xffffffffu;
  std::optional<uint64_t> bConst = b == kNoClass ? std::optional<uint64_t>(0) : egraph_.constant(canonical(b));
  if (b != kNoClass) b = canonical(b);
  if (egraph_.constant(a) || (b == a)) return kNoClass;
  Outcomes rel;
  Range range(bits);
  bool learnt = false;
  for (const auto& [fc, cond] : pathFacts_.conditions) {
    const bool holds = cond == Condition::NonZero;
    if (canonical(fc) == a && bConst) {  // a branch on a itself: a != 0 or a == 0
      range.require(Order::Either, holds ? uint8_t(kLess | kGreater) : kEqual, 0);
      learnt = true;
      continue;
    }
    for (NodeId n : egraph_.classNodes(fc)) {
      NodeView v = egraph_.node(n);
      const CompareKind k = compareKind(v.op);
      if (!k.trueOutcomes || v.children.empty()) continue;
      ClassId p = canonical(v.children[0]);
      ClassId q = v.children.size() > 1 ? canonical(v.children[1]) : kNoClass;
      if (egraph_.type(p) != t) continue;
      uint8_t allowed = holds ? k.trueOutcomes : uint8_t(kAny & ~k.trueOutcomes);
      if (bConst) {
        std::optional<uint64_t> qc = q == kNoClass ? std::optional<uint64_t>(0) : egraph_.constant(q);
        std::optional<uint64_t> pc = q == kNoClass ? std::nullopt : egraph_.constant(p);
        if (p == a && qc) range.require(k.order, allowed, *qc & ones);
        else if (q == a && pc) range.require(k.order, mirrored(allowed), *pc & ones);
        else continue;
      } else if (q != kNoClass && p == a && q == b) {
        rel.require(k.order, allowed);
      } else if (q != kNoClass && p == b && q == a) {
        rel.require(k.order, mirrored(allowed));
      } else {
        continue;
      }
      learnt = true;
    }
  }
  if (!learnt) return kNoClass;
  if (bConst && range.empty()) return kNoClass;  // the path cannot happen: decide nothing
  const uint8_t possible = bConst ? range.outcomesAgainst(kind.order, *bConst & ones) : rel.left(kind.order);
  const uint8_t whenTrue = kind.order == Order::Either ? uint8_t(kind.trueOutcomes == kEqual ? kEqual : kLess)
                                                       : kind.trueOutcomes;
  if (!possible) return kNoClass;  // the path cannot happen: decide nothing
  if ((possible & whenTrue) == possible) return constantClass(Ty::i32, 1);
  if ((possible & whenTrue) == 0) return constantClass(Ty::i32, 0);
  return kNoClass;
}

// The constant class a has here when a branch on the way showed it equal to
// a constant (a == c taken, a != c not taken), or kNoClass.
ClassId Emitter::valueShownByFacts(ClassId a) const {
  a = canonical(a);
  Ty t = egraph_.type(a);
  if ((t != Ty::i32 && t != Ty::i64) || egraph_.constant(a)) return kNoClass;
  for (const auto& [fc, cond] : pathFacts_.conditions) {
    const bool holds = cond == Condition::NonZero;
    for (NodeId n : egraph_.classNodes(fc)) {
      NodeView v = egraph_.node(n);
      const bool eq = v.op == Op::I32Eq || v.op == Op::I64Eq, ne = v.op == Op::I32Ne || v.op == Op::I64Ne;
      if (!(eq && holds) && !(ne && !holds)) continue;
      for (int side = 0; side < 2; ++side) {
        if (canonical(v.children[side]) != a) continue;
        if (std::optional<uint64_t> c = egraph_.constant(canonical(v.children[1 - side])))
          if (ClassId k = constantClass(t, *c); k != kNoClass) return k;
      }
    }
  }
  return kNoClass;
}

} // namespace eqsat::emitting
