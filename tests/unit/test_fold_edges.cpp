// Constant folding (evalOp) and the known-bits analysis (makeNodeData) on edge
// values: INT_MIN, -1, shift counts at and past the width, values with bits
// beyond 32 in an i32 slot. Checks the wasm results, and in the sanitizer
// build (scripts/test-sanitize.sh) that no signed overflow or out-of-range
// shift happens on the way (UBSan halts on the first one).
#include "egraph/analysis.h"
#include "egraph/ops.h"

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <vector>

using namespace eqsat;

namespace {

const uint64_t kEdges[] = {0,
                           1,
                           2,
                           7,
                           8,
                           31,
                           32,
                           33,
                           63,
                           64,
                           65,
                           0x7f,
                           0x80,
                           0xff,
                           0x7fff,
                           0x8000,
                           0x7fffffff,
                           0x80000000,
                           0xffffffff,
                           0x100000000,
                           0x7fffffffffffffff,
                           0x8000000000000000,
                           0xfffffffffffffffe,
                           0xffffffffffffffff,
                           0x123456789abcdef0};

bool folds(OpKind k) {
  return k == OpKind::Unary || k == OpKind::Binary || k == OpKind::Compare || k == OpKind::Convert;
}

ClassData constData(Ty t, uint64_t v) {
  return makeNodeData(constOpFor(t), t, v, {}, true);
}

// A class of type t of which only the bits in `mask` are known (to be v's).
ClassData partData(Ty t, uint64_t v, uint64_t mask) {
  ClassData d;
  d.ty = t;
  KnownBits k = exactBits(t, v);
  d.kb = {k.zero & mask, k.one & mask};
  return d;
}

std::optional<uint64_t> eval(Op op, std::vector<uint64_t> args) {
  return evalOp(op, 0, std::span<const uint64_t>(args.data(), args.size()));
}

} // namespace

TEST_CASE("fold: every integer operator on edge values, folded and through the known-bits analysis") {
  const uint64_t masks[] = {0, 0xff, 0xffffffff00000000ull, 0x8000000000000001ull, ~uint64_t(0)};
  size_t folded = 0;
  for (unsigned i = 0; i < kNumOps; ++i) {
    Op op = static_cast<Op>(i);
    const OpInfo& info = opInfo(op);
    if (!folds(info.kind)) continue;
    CAPTURE(info.name);
    const unsigned n = unsigned(info.arity);
    for (uint64_t a : kEdges) {
      for (uint64_t b : kEdges) {
        if (n < 2 && b != 0) continue;
        const uint64_t va = maskTo(info.operand[0], a), vb = n == 2 ? maskTo(info.operand[1], b) : 0;
        std::vector<uint64_t> args{va};
        if (n == 2) args.push_back(vb);
        std::optional<uint64_t> v = eval(op, args);
        if (v) {
          ++folded;
          CHECK(*v == maskTo(info.result, *v));  // an i32 result has no bits past 32
        }
        // The analysis folds constant children to the same value.
        ClassData ca = constData(info.operand[0], va), cb = constData(n == 2 ? info.operand[1] : Ty::i32, vb);
        std::array<const ClassData*, 2> kids{&ca, &cb};
        ClassData d = makeNodeData(op, info.result, 0, std::span<const ClassData* const>(kids.data(), n), true);
        if (v) {
          CHECK(d.isConst);
          CHECK(d.constVal == *v);
        }
        // Partly known children: the known bits must never contradict the value.
        for (uint64_t m : masks) {
          ClassData pa = partData(info.operand[0], va, m);
          ClassData pb = n == 2 ? partData(info.operand[1], vb, m) : ClassData{};
          if (n == 2 && (info.kind == OpKind::Binary) && (op == Op::I32Shl || op == Op::I32ShrU || op == Op::I32ShrS ||
                                                           op == Op::I64Shl || op == Op::I64ShrU || op == Op::I64ShrS))
            pb = cb;  // the shift rules need a constant count
          std::array<const ClassData*, 2> pk{&pa, &pb};
          ClassData p = makeNodeData(op, info.result, 0, std::span<const ClassData* const>(pk.data(), n), true);
          if (v) {
            CHECK((p.kb.zero & *v) == 0);
            CHECK((p.kb.one & ~*v) == 0);
            if (p.isConst) CHECK(p.constVal == *v);
          }
        }
      }
    }
  }
  CHECK(folded > 10000);
}

TEST_CASE("fold: the wasm results at the edges") {
  const uint64_t i32min = 0x80000000, m1_32 = 0xffffffff, i64min = 0x8000000000000000ull, m1_64 = ~uint64_t(0);
  // Traps are not folded; INT_MIN rem -1 is 0 in wasm.
  CHECK(!eval(Op::I32DivS, {i32min, m1_32}));
  CHECK(!eval(Op::I64DivS, {i64min, m1_64}));
  CHECK(!eval(Op::I32DivU, {1, 0}));
  CHECK(eval(Op::I32RemS, {i32min, m1_32}) == 0u);
  CHECK(eval(Op::I64RemS, {i64min, m1_64}) == 0u);
  CHECK(eval(Op::I32RemS, {uint64_t(-7) & m1_32, 2}) == (uint64_t(-1) & m1_32));
  // Wrapping arithmetic.
  CHECK(eval(Op::I32Add, {0x7fffffff, 1}) == i32min);
  CHECK(eval(Op::I32Mul, {i32min, m1_32}) == i32min);
  CHECK(eval(Op::I32Sub, {i32min, 1}) == 0x7fffffffu);
  CHECK(eval(Op::I64Add, {0x7fffffffffffffffull, 1}) == i64min);
  CHECK(eval(Op::I64Mul, {i64min, m1_64}) == i64min);
  // Shift and rotate counts are taken modulo the width.
  CHECK(eval(Op::I32Shl, {1, 32}) == 1u);
  CHECK(eval(Op::I32Shl, {1, 33}) == 2u);
  CHECK(eval(Op::I32Shl, {0xffffffff, 31}) == i32min);
  CHECK(eval(Op::I32ShrS, {i32min, 31}) == m1_32);
  CHECK(eval(Op::I32ShrS, {i32min, 32}) == i32min);
  CHECK(eval(Op::I32ShrU, {i32min, 63}) == 1u);
  CHECK(eval(Op::I64Shl, {1, 64}) == 1u);
  CHECK(eval(Op::I64Shl, {m1_64, 63}) == i64min);
  CHECK(eval(Op::I64ShrS, {i64min, 63}) == m1_64);
  CHECK(eval(Op::I64ShrU, {i64min, 127}) == 1u);
  CHECK(eval(Op::I32Rotl, {i32min, 33}) == 1u);
  CHECK(eval(Op::I64Rotr, {1, 65}) == i64min);
  // Sign extension.
  CHECK(eval(Op::I32Extend8S, {0x80}) == 0xffffff80u);
  CHECK(eval(Op::I64Extend16S, {0x8000}) == 0xffffffffffff8000ull);
  CHECK(eval(Op::I64ExtendI32S, {i32min}) == 0xffffffff80000000ull);
  CHECK(eval(Op::I64Extend32S, {0x1ffffffffull}) == m1_64);
  CHECK(eval(Op::I32Clz, {0}) == 32u);
  CHECK(eval(Op::I64Ctz, {0}) == 64u);
}
