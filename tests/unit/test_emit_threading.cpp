// jumpThreadingApplies (emit/emit.h): it says yes exactly where an emission
// with EmitOptions::threadJumps threads a block, for any selection.
#include <doctest/doctest.h>

#include "bridge/bridge.h"
#include "emit/emit.h"
#include "extract/extract.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>
#include <unordered_set>

using namespace eqsat;

namespace {

using test::Mod;

// A block whose local is 1 on the br_if's edge and d on its fallthrough,
// then an `if` on it whose arm returns: the br_if's edge decides the if.
// Without the br_if, no edge of the block carries a constant.
const char* kModule = R"((module
  (func $decided (param $c i32) (param $d i32) (result i32)
    (local $p i32)
    (block $B
      (local.set $p (i32.const 1))
      (br_if $B (local.get $c))
      (local.set $p (local.get $d)))
    (if (local.get $p) (then (return (i32.const 7))))
    (i32.const 9))
  (func $undecided (param $c i32) (param $d i32) (result i32)
    (local $p i32)
    (block $B
      (local.set $p (local.get $c))
      (br_if $B (local.get $c))
      (local.set $p (local.get $d)))
    (if (local.get $p) (then (return (i32.const 7))))
    (i32.const 9))
))";

struct Threading {
  bool applies = false;
  unsigned threadedBlocks = 0;
};

Threading threadingOf(const Mod& mod, const char* name) {
  static const std::unordered_set<std::string> noImports;
  BridgeOptions o;
  o.importedFunctions = &noImports;
  std::string why;
  auto fg = buildFunctionGraph(mod.m, mod.fn(name), o, why);
  REQUIRE(fg);
  auto cm = makeCostModel("thumb2");
  Extraction ext = extract(*fg->egraph, *cm, "tree", ExtractOptions{rootsOf(*fg)});
  EmitOptions eo;
  eo.threadJumps = true;
  EmittedFunction em = emitFunction(mod.m, *fg, ext, *cm, eo);
  REQUIRE(em.ok);
  return Threading{jumpThreadingApplies(mod.m, *fg, ext, *cm), em.threadedBlocks};
}

} // namespace

TEST_CASE("jumpThreadingApplies: yes where the emission threads a block, no where it threads none") {
  Mod mod(kModule);
  Threading decided = threadingOf(mod, "decided");
  CHECK(decided.threadedBlocks > 0);
  CHECK(decided.applies);
  Threading undecided = threadingOf(mod, "undecided");
  CHECK(undecided.threadedBlocks == 0);
  CHECK_FALSE(undecided.applies);
}
