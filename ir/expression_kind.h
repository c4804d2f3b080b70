// The kind of a Binaryen expression as a dense enum of our own, so that a
// walk dispatches with one switch. Binaryen's C API gives each expression id
// only through a call into the shared library (BinaryenBlockId(), ...), and a
// chain of comparisons against those calls cost about a hundred instructions
// per leaf expression in every walk; the ids are read once, at start-up, into
// a table from Binaryen's id to the kind (filled by a static initialiser:
// not for use from another one).
#pragma once

#include <binaryen-c.h>

#include <array>
#include <cstdint>

namespace eqsat {

enum class ExprKind : uint8_t {
  Other,  // any expression kind not listed here (references, exceptions, tables, ...)
  Block, If, Loop, Break, Switch, Call, CallIndirect, LocalGet, LocalSet, GlobalGet, GlobalSet,
  Load, Store, Const, Unary, Binary, Select, Drop, Return, MemorySize, MemoryGrow, Nop, Unreachable,
  MemoryInit, MemoryCopy, MemoryFill, SIMDExtract, SIMDReplace, SIMDShuffle, SIMDTernary, SIMDShift, SIMDLoad,
  SIMDLoadStoreLane, AtomicRMW, AtomicCmpxchg, AtomicWait, AtomicNotify,
};

namespace detail {
// Binaryen's expression ids are small integers (an enum inside libbinaryen).
constexpr size_t kExprKindTableSize = 256;
extern const std::array<ExprKind, kExprKindTableSize> kExprKindById;
} // namespace detail

// The kind of expressions with Binaryen id `id`.
inline ExprKind exprKindOfId(BinaryenExpressionId id) {
  return id < detail::kExprKindTableSize ? detail::kExprKindById[id] : ExprKind::Other;
}

inline ExprKind exprKind(BinaryenExpressionRef e) { return exprKindOfId(BinaryenExpressionGetId(e)); }

} // namespace eqsat
