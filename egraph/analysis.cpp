#include "egraph/analysis.h"

#include <bit>

namespace eqsat {

namespace {

KnownBits meet(const KnownBits& a, const KnownBits& b) { return {a.zero & b.zero, a.one & b.one}; }

// Whether a bit is known to be 0 in one and 1 in the other: the values differ.
bool differ(const KnownBits& a, const KnownBits& b) { return ((a.zero & b.one) | (a.one & b.zero)) != 0; }

// Sign-extend both masks from bit `from` (exclusive width) to the type width.
KnownBits sextBits(KnownBits k, unsigned from, Ty t) {
  unsigned sh = 64 - from;
  KnownBits r{uint64_t(int64_t(k.zero << sh) >> sh), uint64_t(int64_t(k.one << sh) >> sh)};
  uint64_t m = tyMask(t);
  r.zero &= m;
  r.one &= m;
  return r;
}

// a + b + carry, as far as the known bits of a and b tell (LLVM's
// KnownBits::computeForAddSub): the largest and smallest possible sums agree
// on a bit, with the carry into it known, where both operands' bits are known.
KnownBits addBits(KnownBits a, KnownBits b, uint64_t carry, uint64_t m) {
  uint64_t maxSum = ~a.zero + ~b.zero + carry, minSum = a.one + b.one + carry;
  uint64_t carryZero = ~(maxSum ^ a.zero ^ b.zero), carryOne = minSum ^ a.one ^ b.one;
  uint64_t known = (a.zero | a.one) & (b.zero | b.one) & (carryZero | carryOne) & m;
  return {~maxSum & known, minSum & known};
}

// a * b. By a constant with at most kMulConstBits set bits, the sum of the
// other operand shifted to each set bit (x * (2^p + 2^q) = (x << p) + (x << q)),
// so that fields packed by one multiply keep their known bits. Otherwise what
// the operands' trailing and leading zeros tell: the product has at least the
// sum of their trailing zeros, and no bit at or above the sum of their
// significant widths when that sum is within the type.
constexpr int kMulConstBits = 4;

KnownBits mulBits(const ClassData& a, const ClassData& b, Ty ty) {
  const uint64_t m = tyMask(ty);
  const unsigned w = tyBits(ty);
  const ClassData& x = a.isConst ? b : a;
  const ClassData* c = a.isConst ? &a : b.isConst ? &b : nullptr;
  if (c && (c->constVal & m) == 0) return {};  // x * 0: the rule mul-zero's
  if (c && std::popcount(c->constVal & m) <= kMulConstBits) {
    KnownBits sum{m, 0};  // 0
    for (uint64_t rest = c->constVal & m; rest; rest &= rest - 1) {
      unsigned k = unsigned(std::countr_zero(rest));
      uint64_t low = k ? ((uint64_t(1) << k) - 1) : 0;
      sum = addBits(sum, KnownBits{((x.kb.zero << k) | low) & m, (x.kb.one << k) & m}, 0, m);
    }
    return sum;
  }
  auto trailing = [&](const KnownBits& k) { return std::min<unsigned>(w, unsigned(std::countr_one(k.zero | ~m))); };
  auto significant = [&](const KnownBits& k) {
    return w - std::min<unsigned>(w, unsigned(std::countl_one((k.zero & m) << (64 - w))));
  };
  unsigned tz = std::min(w, trailing(a.kb) + trailing(b.kb));
  uint64_t zero = tz ? (m >> (w - tz)) : 0;
  unsigned sig = significant(a.kb) + significant(b.kb);
  if (sig < w) zero |= m & ~((uint64_t(1) << sig) - 1);
  return {zero & m, 0};
}

KnownBits knownBitsOf(Op op, Ty ty, uint64_t /*imm*/, std::span<const ClassData* const> kid) {
  const OpInfo& info = opInfo(op);
  uint64_t m = tyMask(ty);
  auto kb = [&](size_t i) { return kid[i]->kb; };
  auto constOf = [&](size_t i) -> const ClassData* { return kid[i]->isConst ? kid[i] : nullptr; };
  switch (op) {
  case Op::I32And: case Op::I64And: {
    KnownBits a = kb(0), b = kb(1);
    return {(a.zero | b.zero) & m, a.one & b.one & m};
  }
  case Op::I32Add: case Op::I64Add: return addBits(kb(0), kb(1), 0, m);
  case Op::I32Sub: case Op::I64Sub: {
    // a - b = a + ~b + 1
    KnownBits b = kb(1);
    return addBits(kb(0), KnownBits{b.one, b.zero}, 1, m);
  }
  case Op::I32Mul: case Op::I64Mul: return mulBits(*kid[0], *kid[1], ty);
  case Op::I32Or: case Op::I64Or: {
    KnownBits a = kb(0), b = kb(1);
    return {a.zero & b.zero & m, (a.one | b.one) & m};
  }
  case Op::I32Xor: case Op::I64Xor: {
    KnownBits a = kb(0), b = kb(1);
    uint64_t known = (a.zero | a.one) & (b.zero | b.one) & m;
    uint64_t one = (a.one ^ b.one) & known;
    return {known & ~one, one};
  }
  case Op::I32Shl: case Op::I64Shl: {
    const ClassData* s = constOf(1);
    if (!s) break;
    unsigned w = tyBits(ty), k = unsigned(s->constVal & (w - 1));
    KnownBits a = kb(0);
    uint64_t low = k ? ((uint64_t(1) << k) - 1) : 0;
    return {((a.zero << k) | low) & m, (a.one << k) & m};
  }
  case Op::I32ShrU: case Op::I64ShrU: {
    const ClassData* s = constOf(1);
    if (!s) break;
    unsigned w = tyBits(ty), k = unsigned(s->constVal & (w - 1));
    KnownBits a = kb(0);
    uint64_t high = m & ~(m >> k);
    return {((a.zero & m) >> k) | high, (a.one & m) >> k};
  }
  case Op::I32ShrS: case Op::I64ShrS: {
    const ClassData* s = constOf(1);
    if (!s) break;
    unsigned w = tyBits(ty), k = unsigned(s->constVal & (w - 1));
    KnownBits a = sextBits(kb(0), w, Ty::i64);  // sign-extend to 64 bits
    return {uint64_t(int64_t(a.zero) >> k) & m, uint64_t(int64_t(a.one) >> k) & m};
  }
  case Op::I64ExtendI32U: {
    KnownBits a = kb(0);
    return {(a.zero & 0xffffffffull) | 0xffffffff00000000ull, a.one & 0xffffffffull};
  }
  case Op::I64ExtendI32S: return sextBits(kb(0), 32, Ty::i64);
  case Op::I64Extend32S: return sextBits(kb(0), 32, Ty::i64);
  case Op::I32Extend8S: case Op::I64Extend8S: return sextBits(kb(0), 8, ty);
  case Op::I32Extend16S: case Op::I64Extend16S: return sextBits(kb(0), 16, ty);
  case Op::I32WrapI64: {
    KnownBits a = kb(0);
    return {a.zero & 0xffffffffull, a.one & 0xffffffffull};
  }
  case Op::Select: {
    if (kid.size() < 3) break;
    if (const ClassData* c = constOf(2)) return c->constVal ? kb(0) : kb(1);
    KnownBits r = meet(kb(0), kb(1));
    return {r.zero & m, r.one & m};
  }
  case Op::Phi: {
    if (kid.empty()) break;
    KnownBits r = kb(0);
    for (size_t i = 1; i < kid.size(); ++i) r = meet(r, kb(i));
    return {r.zero & m, r.one & m};
  }
  // A compare for equality whose operands are known to differ in a bit, and
  // an eqz of a value with a bit known set, are decided: after a struct's
  // field is narrowed on one path ((x & 255) == -1), LLVM's known bits fold
  // such tests, and a branch on them goes.
  case Op::I32Eq: case Op::I64Eq:
    if (differ(kb(0), kb(1))) return {m, 0};
    break;
  case Op::I32Ne: case Op::I64Ne:
    if (differ(kb(0), kb(1))) return {m & ~uint64_t(1), 1};
    break;
  case Op::I32Eqz: case Op::I64Eqz:
    if (kb(0).one != 0) return {m, 0};
    break;
  case Op::I32Clz: case Op::I32Ctz: case Op::I32Popcnt: return {m & ~uint64_t(63), 0};
  case Op::I64Clz: case Op::I64Ctz: case Op::I64Popcnt: return {m & ~uint64_t(127), 0};
  default:
    break;
  }
  if (info.kind == OpKind::Compare || op == Op::I32Eqz || op == Op::I64Eqz) return {m & ~uint64_t(1), 0};
  if (info.kind == OpKind::Load && !info.signedAccess && info.bytes < tyBits(ty) / 8 && isIntTy(ty)) {
    uint64_t keep = (uint64_t(1) << (8 * info.bytes)) - 1;
    return {m & ~keep, 0};
  }
  return {};
}

} // namespace

ClassData makeNodeData(Op op, Ty ty, uint64_t imm, std::span<const ClassData* const> kid, bool analysis) {
  ClassData d;
  d.ty = ty;
  if (!analysis) return d;
  const OpInfo& info = opInfo(op);
  if (isConst(op)) {
    d.isConst = true;
    d.constVal = maskTo(ty, imm);
    if (isIntTy(ty)) d.kb = exactBits(ty, d.constVal);
    return d;
  }
  if (!isIntTy(ty)) return d;
  switch (info.kind) {
  case OpKind::Unary: case OpKind::Binary: case OpKind::Compare: case OpKind::Convert: {
    bool all = kid.size() == size_t(info.arity);
    uint64_t vals[2] = {0, 0};
    for (size_t i = 0; all && i < kid.size(); ++i) {
      if (!kid[i]->isConst) all = false;
      else vals[i] = kid[i]->constVal;
    }
    if (all) {
      if (auto v = evalOp(op, imm, std::span<const uint64_t>(vals, kid.size()))) {
        d.isConst = true;
        d.constVal = maskTo(ty, *v);
        d.kb = exactBits(ty, d.constVal);
        return d;
      }
    }
    break;
  }
  case OpKind::Select:
    if (kid.size() == 3 && kid[2]->isConst) {
      const ClassData* c = kid[2]->constVal ? kid[0] : kid[1];
      if (c->isConst) {
        d.isConst = true;
        d.constVal = c->constVal;
        d.kb = exactBits(ty, d.constVal);
        return d;
      }
    }
    break;
  default:
    break;
  }
  d.kb = knownBitsOf(op, ty, imm, kid);
  uint64_t m = tyMask(ty);
  d.kb.zero &= m;
  d.kb.one &= m;
  if ((d.kb.zero & d.kb.one) != 0) d.kb = {};  // defensive
  if ((d.kb.zero | d.kb.one) == m) {           // fully known: a constant
    d.isConst = true;
    d.constVal = d.kb.one;
  }
  return d;
}

bool joinData(ClassData& into, const ClassData& from) {
  ClassData r = into;
  if (r.ty == Ty::none) r.ty = from.ty;
  if (!r.isConst && from.isConst) {
    r.isConst = true;
    r.constVal = from.constVal;
  }
  if (isIntTy(r.ty)) {
    uint64_t m = tyMask(r.ty);
    KnownBits k{(r.kb.zero | from.kb.zero) & m, (r.kb.one | from.kb.one) & m};
    if ((k.zero & k.one) != 0) k = r.kb;  // contradictory facts (unsound rule): keep ours
    if (r.isConst) k = exactBits(r.ty, r.constVal);
    r.kb = k;
    if (!r.isConst && (k.zero | k.one) == m) {
      r.isConst = true;
      r.constVal = k.one;
    }
  }
  if (r == into) return false;
  into = r;
  return true;
}

} // namespace eqsat
