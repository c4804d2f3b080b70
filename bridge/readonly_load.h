// Loads from read-only data, under the `readonly-data` assumption (README,
// Assumptions): the bytes of the module's `.rodata` segment are never
// written, so a load whose every possible address lies inside them reads
// constants.
//
//   (i64.load offset=1024 (i32.shl (i32.and (local.get $p) (i32.const 3)) (i32.const 3)))
// becomes, with x = (i32.and (local.get $p) (i32.const 3)) and T0..T3 the table's entries,
//   (select T3 (select T2 (select T1 T0 (i32.eq x 1)) (i32.eq x 2)) (i32.eq x 3))
// a value that is a known function of a small-range index, which the
// rewrites push operators through (phi-select-distribute): a field of the
// loaded value, or a compare of it with a constant, is a select chain of
// constants on x, which the emitter dispatches on like any other.
//
// The address is `C + x * s` (`x << k`, `x * s`, or x alone; C a sum of
// constants, the load's offset included), with x's known bits leaving at most
// 16 values (`x & 15`), less those a guard on the path rules out; a
// constant address reads one constant.
#pragma once

#include "egraph/egraph.h"

#include <cstdint>
#include <span>
#include <vector>

namespace eqsat {

// The read-only bytes of a module: [start, start + bytes.size()) of memory 0,
// inside its initial pages (so no access within them traps).
struct ReadonlyBytes {
  uint64_t start = 0;
  std::vector<uint8_t> bytes;
};

// A condition tested on every path to the load: `cls` is non-zero (or zero).
struct PathFact {
  ClassId cls;
  bool nonZero;
};

// The class of what the load reads, or kNoClass when some address it may
// read is outside `ro` (or the address has no shape this knows). `ty` is the
// load's result type (integers only), `bytes` its access width. Index
// values that `facts` rule out (`x == k` false, `x != k` or `x <u k` true)
// are not read: a guard such as `br_if (x == 3)` before a 3-entry table.
ClassId readonlyLoadValue(EGraph& g, const ReadonlyBytes& ro, ClassId ptr, uint64_t offset, Ty ty,
                          unsigned bytes, bool isSigned, std::span<const PathFact> facts);

} // namespace eqsat
