// Mapping between Binaryen's C API (types, operator ids, load/store shapes) and
// the e-graph's operator table. Shared by the wasm bridge, the emitter and the
// IR cost estimator.
#pragma once

#include "egraph/ops.h"

#include <binaryen-c.h>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace eqsat {

// i32/i64/f32/f64 -> Ty; none -> Ty::none; anything else (v128, references, tuples, unreachable) -> nullopt.
std::optional<Ty> tyFromBinaryen(BinaryenType t);
BinaryenType binaryenType(Ty t);

// Integer unary/binary/compare/convert operators the e-graph understands; nullopt otherwise.
std::optional<Op> opFromBinaryenUnary(BinaryenOp op);
std::optional<Op> opFromBinaryenBinary(BinaryenOp op);
// Back: only for ops of kind Unary/Binary/Compare/Convert.
BinaryenOp binaryenOpFor(Op op);
// Is this Binaryen unary operator one that may trap (float -> int truncation, non-saturating)?
bool binaryenUnaryMayTraps(BinaryenOp op);

// Load/store shapes.
std::optional<Op> loadOpFor(Ty ty, unsigned bytes, bool isSigned);
std::optional<Op> storeOpFor(Ty valueTy, unsigned bytes);
// For a load/store op: its value type and width.
Ty memValueType(Op op);
unsigned memBytes(Op op);

// Calls f on each child of e (in evaluation order); false for an expression
// kind the bridge does not model (its children are not visited).
bool forEachChild(BinaryenExpressionRef e, const std::function<void(BinaryenExpressionRef)>& f);

// Labels defined inside e (blocks, loops) and labels its branches name; sets
// *returns when e holds a return. False for an expression kind forEachChild
// does not know (the sets are then incomplete).
bool labelsIn(BinaryenExpressionRef e, std::unordered_set<std::string>& defined,
              std::unordered_set<std::string>& named, bool* returns = nullptr);

// Fresh label names for one pass over a function body: a prefix and a
// number, skipping every name the body already uses (passes run again over
// their own output, and Binaryen requires distinct names on nested blocks).
class FreshLabels {
public:
  explicit FreshLabels(BinaryenExpressionRef body) : body_(body) {}
  std::string fresh(const char* prefix) { return fresh({prefix})[0]; }
  // Names sharing one number (thread$T3, thread$E3, thread$J3).
  std::vector<std::string> fresh(std::initializer_list<const char*> prefixes);
private:
  BinaryenExpressionRef body_;
  bool scanned_ = false;
  unsigned next_ = 0;
  std::unordered_set<std::string> used_;
};

// No effect and no trap: constants, local reads, non-trapping integer unary
// and binary operators; with `teesAndSelects` also local.tee and select (a
// dropped value's parts). The locals read go to `reads` when given.
bool effectFree(BinaryenExpressionRef e, bool teesAndSelects, std::vector<BinaryenIndex>* reads = nullptr);

// Does e read local x anywhere? (True for an expression kind forEachChild does not know.)
bool reads(BinaryenExpressionRef e, BinaryenIndex x);

// Does e write local x anywhere? (True for an expression kind forEachChild does not know.)
bool writes(BinaryenExpressionRef e, BinaryenIndex x);

// Structural equality of straight-line code (no blocks, loops or branches):
// the same operations, immediates and operands.
bool sameStraightLine(BinaryenExpressionRef a, BinaryenExpressionRef b);

// A hash of e's structure that two expressions sameStraightLine holds for
// share: a cheap first test before sameStraightLine when comparing many.
size_t straightLineHash(BinaryenExpressionRef e);

} // namespace eqsat
