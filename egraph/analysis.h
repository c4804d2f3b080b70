// E-class analyses: value type, constant value, known bits.
//
// Contract (egg's make/merge/modify):
//   make(node)   -> ClassData from the node and its children's data
//   join(a, b)   -> the data of a class holding both; knowledge only grows
//                   (constants: either side's; known bits: union of knowledge)
//   modify(c)    -> done by the e-graph: a constant class gets its const node,
//                   select with a constant condition / phi of one class merge.
#pragma once

#include "egraph/egraph.h"

#include <cstdint>
#include <span>

namespace eqsat {

struct ClassData {
  uint64_t constVal = 0;  // valid if isConst; masked to the type's width
  KnownBits kb;           // for i32 the upper 32 bits of both masks are zero
  Ty ty = Ty::none;
  bool isConst = false;
  bool operator==(const ClassData&) const = default;
};

inline uint64_t tyMask(Ty t) { return tyBits(t) == 32 ? 0xffffffffull : ~0ull; }
inline bool isIntTy(Ty t) { return t == Ty::i32 || t == Ty::i64; }
inline KnownBits exactBits(Ty t, uint64_t v) {
  uint64_t m = tyMask(t);
  return KnownBits{~v & m, v & m};
}

// make: data of a node. `kid[i]` is the data of child i's class. When
// `analysis` is false only the type is computed.
ClassData makeNodeData(Op op, Ty ty, uint64_t imm, std::span<const ClassData* const> kid, bool analysis);

// join `from` into `into`; returns true if `into` changed.
bool joinData(ClassData& into, const ClassData& from);

} // namespace eqsat
