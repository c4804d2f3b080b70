// Pass mergeReturnTails: tail merging of function exits ("cross-jumping"):
// paths that run the same straight-line statements and then leave the
// function (a return, a br to a block whose end is the function's, or the
// fallthrough) share one copy of them, placed at the end of the function.
//
//   before:
//   ... (call $unlock (local.get $l) (local.get $k)) (return (i32.const 0))
//   ... (call $unlock (local.get $l) (local.get $k)) (return (i32.const -42))
//   after:
//   (block (block $tail
//       ... (local.set $r (i32.const 0)) (br $tail)
//       ... (local.set $r (i32.const -42)) (br $tail)
//       (return <what used to fall out of the body>))
//     (call $unlock (local.get $l) (local.get $k)) (local.get $r))
//
// Return values that differ go to a new local before the shared statements,
// so each must be free of effects and traps and read no local those
// statements write; equal return values stay in the tail. Binaryen's
// code-folding does the same for equal tails only, and weighs bytes; here
// the cost model decides.
#pragma once

#include "cost/cost.h"

#include <binaryen-c.h>

#include <optional>

namespace eqsat {

// Which exits are merged: returns, the value a `return` is given by a
// block, and the body's own end (Returns); and also branches to a block
// whose end is the function's and the end of such a block that is the
// body's last child, in turn (ReturnsAndEndBranches: the finish, where
// threading has left the dispatch's arms in that form).
enum class TailExits { Returns, ReturnsAndEndBranches };

struct MergedTails {
  BinaryenExpressionRef body = nullptr;        // the new function body
  bool newLocal = false;                       // whether local `local` is used (the caller adds it)
  unsigned sites = 0;                          // exits that now share the tail
};

// Merges the most profitable group of exits of a function whose body is
// `body` and whose result type is `results`; `local` is the index a new
// local of type `results` would get. nullopt when no merge is cheaper under
// `cm`. The old body's expressions are reused (body is changed in place).
std::optional<MergedTails> mergeReturnTails(BinaryenModuleRef module, BinaryenExpressionRef body,
                                            BinaryenType results, BinaryenIndex local, const CostModel& cm,
                                            TailExits exitKinds = TailExits::Returns);

// Whether mergeReturnTails would merge a group of exits (nothing changed).
bool mergeReturnTailsApplies(BinaryenModuleRef module, BinaryenExpressionRef body, BinaryenType results,
                             const CostModel& cm, TailExits exitKinds);

} // namespace eqsat
