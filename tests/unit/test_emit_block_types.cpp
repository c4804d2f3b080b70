// The named blocks the emitter makes (Emitter::makeNamedBlock) get the type
// Binaryen's own Block::finalize(none) gives them, without its walk of the
// body: unreachable when a child is unreachable and nothing branches to the
// block, else none. Checked on every named block of the emitted bodies,
// against a block Binaryen finalizes from the same children.
#include <doctest/doctest.h>

#include "bridge/bridge.h"
#include "emit/emit.h"
#include "extract/extract.h"
#include "passes/ir_walk.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>
#include <unordered_set>
#include <vector>

using namespace eqsat;

namespace {

using test::Mod;

// $dispatch: a br_table into nested blocks whose arms return (each block
// branched to, with an unreachable child). $leaves: a block that every path
// leaves through a return or a br past it (nothing branches to it). $decided:
// a block whose edges jump threading sends past the dispatch after it.
const char* kModule = R"((module
  (func $dispatch (param $x i32) (result i32)
    (block $C
      (block $B
        (block $A
          (br_table $A $B $C (local.get $x)))
        (return (i32.const 1)))
      (return (i32.const 2)))
    (i32.const 3))
  (func $leaves (param $x i32) (param $y i32) (result i32)
    (block $outer
      (block $inner
        (br_if $outer (local.get $x))
        (if (local.get $y) (then (br $outer)))
        (return (i32.const 5))))
    (i32.const 6))
  (func $decided (param $c i32) (param $d i32) (result i32)
    (local $p i32)
    (block $B
      (local.set $p (i32.const 1))
      (br_if $B (local.get $c))
      (local.set $p (local.get $d)))
    (if (local.get $p) (then (return (i32.const 7))))
    (i32.const 9))
))";

struct BlockTypes {
  unsigned named = 0;            // named blocks seen
  unsigned unreachableChild = 0; // of them, with an unreachable child
  unsigned unreachable = 0;      // of them, typed unreachable
  unsigned mismatches = 0;       // typed otherwise than Binaryen finalizes them
};

void checkBlocks(BinaryenModuleRef m, BinaryenExpressionRef e, BlockTypes& out) {
  if (BinaryenExpressionGetId(e) == BinaryenBlockId() && BinaryenBlockGetName(e)) {
    std::vector<BinaryenExpressionRef> kids;
    bool unreachableChild = false;
    for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(e); i < n; ++i) {
      kids.push_back(BinaryenBlockGetChildAt(e, i));
      unreachableChild = unreachableChild || BinaryenExpressionGetType(kids.back()) == BinaryenTypeUnreachable();
    }
    BinaryenExpressionRef ref =
        BinaryenBlock(m, BinaryenBlockGetName(e), kids.data(), BinaryenIndex(kids.size()), BinaryenTypeNone());
    ++out.named;
    out.unreachableChild += unreachableChild;
    out.unreachable += BinaryenExpressionGetType(e) == BinaryenTypeUnreachable();
    out.mismatches += BinaryenExpressionGetType(e) != BinaryenExpressionGetType(ref);
  }
  eachChild(e, [&](BinaryenExpressionRef child, auto&&) {
    if (child) checkBlocks(m, child, out);
  });
}

BlockTypes emittedBlockTypes(const Mod& mod, const char* name, bool threadJumps) {
  static const std::unordered_set<std::string> noImports;
  BridgeOptions o;
  o.importedFunctions = &noImports;
  std::string why;
  auto fg = buildFunctionGraph(mod.m, mod.fn(name), o, why);
  REQUIRE(fg);
  auto cm = makeCostModel("thumb2");
  Extraction ext = extract(*fg->egraph, *cm, "tree", ExtractOptions{rootsOf(*fg)});
  EmitOptions eo;
  eo.threadJumps = threadJumps;
  EmittedFunction em = emitFunction(mod.m, *fg, ext, *cm, eo);
  REQUIRE(em.ok);
  BlockTypes types;
  checkBlocks(mod.m, em.body, types);
  return types;
}

} // namespace

TEST_CASE("emitted named blocks: typed as Binaryen finalizes them, branched to or not") {
  Mod mod(kModule);
  BlockTypes all;
  for (const char* fn : {"dispatch", "leaves", "decided"})
    for (bool thread : {false, true}) {
      CAPTURE(fn);
      CAPTURE(thread);
      BlockTypes t = emittedBlockTypes(mod, fn, thread);
      CHECK(t.mismatches == 0);
      all.named += t.named;
      all.unreachableChild += t.unreachableChild;
      all.unreachable += t.unreachable;
    }
  // Both kinds occur: blocks with an unreachable child that are branched to
  // (none) and ones that are not (unreachable).
  CHECK(all.unreachable > 0);
  CHECK(all.unreachableChild > all.unreachable);
}
