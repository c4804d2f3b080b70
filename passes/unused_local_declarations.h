// Pass unusedLocalDeclarations: declared locals that no local.get or
// local.set names are dropped from the declarations before Binaryen's
// coalesce-locals, keeping the ones that can decide its result.
//
//   before: (func (param $p i32) (local $a i32) (local $b i32) ... (local $z i32)
//             ... only $p, $a and $z read or written ...)
//   after:  (func (param $p i32) (local $a i32) ... (local $z i32)
//             ... the same code, its locals renumbered in their order ...)
//
// Why: the emitter declares a local per class it keeps in one; the tidy
// passes' simplify-locals removes most of their reads and writes but not
// their declarations, and coalesce-locals allocates matrices of
// (declared locals)^2 bytes and bits, which set the peak memory of a run on
// modules with large functions.
//
// Why coalesce-locals gives the same function afterwards (Binaryen's
// greedy colouring, pickIndicesFromOrder, over two orders):
//  - A local that is never read or written interferes with none and takes
//    part in no copy: it joins the first index of its type already made,
//    changing nothing, or, when it comes first of its type in the order,
//    makes that type's index itself (the next local of the type then joins
//    it, as it would otherwise have made it). The first local of a type in
//    either order is its lowest or highest declared one when all of the
//    type's locals are without copies (ordered by their copies first): both
//    are kept, so every index is made at the same step as before.
//  - The number of copies it counts for an index it makes is read at
//    (new index, local), the new index taken as a local's number; new
//    indices stay below params + used locals + types, and every declaration
//    below that is kept in place, so those numbers name the same locals.
//  - Both orders keep the relative order of the locals kept (their copies
//    first, then declaration order or its reverse).
// So the indices chosen, the order preferred and the locals' types come out
// the same, and the function after coalesce-locals is unchanged.
#pragma once

#include <binaryen-c.h>

#include <vector>

namespace eqsat {

// Rewrites the local indices of `body` in place and shrinks `vars` (the
// locals after the `numParams` parameters) to the declarations kept;
// returns the number dropped. 0, with nothing changed, when there are at
// most kUnusedLocalsMinDeclared declarations or the body holds an
// expression whose children ir/binaryen_ops.h's forEachChild does not know.
unsigned unusedLocalDeclarations(BinaryenExpressionRef body, BinaryenIndex numParams, std::vector<BinaryenType>& vars);

// Every declaration of `type` that no local.get or local.set names dropped
// (the others renumbered, as above), whatever their number: for after the
// last coalesce-locals, where an unused i64 declaration would still count as
// an i64 local (the candidates' ranking and the seam check read the
// declarations). 0, with nothing changed, as above for an unknown expression.
unsigned unusedDeclarationsOfType(BinaryenExpressionRef body, BinaryenIndex numParams, std::vector<BinaryenType>& vars,
                                  BinaryenType type);

// Below this many declared locals coalesce-locals' matrices are small and
// the walk is not worth it.
constexpr BinaryenIndex kUnusedLocalsMinDeclared = 128;

} // namespace eqsat
