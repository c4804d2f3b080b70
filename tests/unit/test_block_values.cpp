// Pass blockValuesAsSets: a local set from a block whose branches carry
// values sets a new local on each path, one constant of them before the
// block (passes/block_values_as_sets.h).
#include <doctest/doctest.h>

#include "passes/block_values_as_sets.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>
#include <vector>

using namespace eqsat;

namespace {

using test::checkLines;
using test::Mod;
using test::printedFunction;

// f(p, c) sets $r from `value`, then returns $r.
std::string function(const char* value) {
  return std::string(R"wat((module
  (import "env" "use" (func $use (param i32)))
  (memory 1)
  (func $f (param $p i32) (param $c i32) (result i32)
    (local $r i32)
    (local.set $r )wat") + value + R"wat()
    (local.get $r)))
)wat";
}

// Runs the pass on f; f is replaced by a function with the new locals.
unsigned rewrite(Mod& mod, ConstantFirst first) {
  BinaryenFunctionRef f = mod.fn("f");
  BinaryenExpressionRef body = BinaryenFunctionGetBody(f);
  std::vector<BinaryenType> vars{BinaryenTypeInt32()}, added;
  const unsigned n = blockValuesAsSets(mod.m, body, 3, added, first);
  vars.insert(vars.end(), added.begin(), added.end());
  const BinaryenType params = BinaryenFunctionGetParams(f), results = BinaryenFunctionGetResults(f);
  BinaryenRemoveFunction(mod.m, "f");
  BinaryenAddFunction(mod.m, "f", params, results, vars.data(), BinaryenIndex(vars.size()), body);
  CHECK(BinaryenModuleValidate(mod.m));
  return n;
}

// Whether the find-only check says the pass rewrites something in f.
bool applies(Mod& mod) { return blockValuesAsSetsApplies(BinaryenFunctionGetBody(mod.fn("f"))); }

// A dispatch whose arm returns -11 through the block, -42 falling through.
const char* kDispatch = R"wat((block $b (result i32)
        (block $a
          (br_if $a (i32.gt_u (local.get $p) (i32.const 7)))
          (call $use (local.get $c))
          (br $b (i32.const -11)))
        (call $use (local.get $p))
        (i32.const -42)))wat";

} // namespace

TEST_CASE("blockValuesAsSets: one constant set before the block, the others at their branches") {
  SUBCASE("the fallthrough's constant first") {
    Mod mod(function(kDispatch).c_str());
    CHECK(applies(mod));
    CHECK(rewrite(mod, ConstantFirst::Fallthrough) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(local.set $3",
                                                    "next: (i32.const -42)",
                                                    "(block $b",
                                                    "(br_if $a",
                                                    "(call $use",
                                                    "next: (local.get $1)",
                                                    "(local.set $3",
                                                    "next: (i32.const -11)",
                                                    "(br $b)",
                                                    "(call $use",
                                                    "next: (local.get $0)",
                                                    "(local.set $2",
                                                    "next: (local.get $3)",
                                                }) == "");
  }
  SUBCASE("the branch's constant first") {
    Mod mod(function(kDispatch).c_str());
    CHECK(rewrite(mod, ConstantFirst::Branch) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(local.set $3",
                                                    "next: (i32.const -11)",
                                                    "(block $b",
                                                    "(br_if $a",
                                                    "(call $use",
                                                    "next: (local.get $1)",
                                                    "next: )",
                                                    "(br $b)",
                                                    "(call $use",
                                                    "next: (local.get $0)",
                                                    "(local.set $3",
                                                    "next: (i32.const -42)",
                                                    "(local.set $2",
                                                    "next: (local.get $3)",
                                                }) == "");
  }
  SUBCASE("a branch value that is no constant is set at its branch, in its place") {
    Mod mod(function(R"wat((block $b (result i32)
        (if (local.get $p) (then (br $b (i32.load (local.get $c)))))
        (i32.const 1)))wat")
                .c_str());
    CHECK(rewrite(mod, ConstantFirst::Branch) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(local.set $3",
                                                    "next: (i32.const 1)",
                                                    "(local.set $3",
                                                    "next: (i32.load",
                                                    "(br $b)",
                                                }) == "");
  }
}

TEST_CASE("blockValuesAsSets: what stays") {
  SUBCASE("no constant among the values") {
    Mod mod(function(R"wat((block $b (result i32)
        (if (local.get $p) (then (br $b (local.get $c))))
        (local.get $p)))wat")
                .c_str());
    CHECK_FALSE(applies(mod));
    CHECK(rewrite(mod, ConstantFirst::Fallthrough) == 0);
  }
  SUBCASE("a br_if to the block (its value flows on when not taken)") {
    Mod mod(function(R"wat((block $b (result i32)
        (drop (br_if $b (i32.const 3) (local.get $p)))
        (i32.const 1)))wat")
                .c_str());
    CHECK_FALSE(applies(mod));
    CHECK(rewrite(mod, ConstantFirst::Fallthrough) == 0);
  }
  SUBCASE("no branch to the block") {
    Mod mod(function(R"wat((block $b (result i32) (call $use (local.get $p)) (i32.const 1)))wat").c_str());
    CHECK_FALSE(applies(mod));
    CHECK(rewrite(mod, ConstantFirst::Branch) == 0);
  }
}

TEST_CASE("blockValuesAsSetsFind: the sets where the constant chosen first changes the rewrite") {
  SUBCASE("constants at the fallthrough and on a branch: the choice matters") {
    Mod mod(function(kDispatch).c_str());
    const BlockValuesFound found = blockValuesAsSetsFind(BinaryenFunctionGetBody(mod.fn("f")));
    CHECK(found.sets == 1);
    CHECK(found.eitherConstant == 1);
  }
  SUBCASE("a constant at the fallthrough only: both choices rewrite the same") {
    const std::string wat = function(R"wat((block $b (result i32)
        (if (local.get $p) (then (br $b (i32.load (local.get $c)))))
        (i32.const 1)))wat");
    Mod mod(wat.c_str());
    const BlockValuesFound found = blockValuesAsSetsFind(BinaryenFunctionGetBody(mod.fn("f")));
    CHECK(found.sets == 1);
    CHECK(found.eitherConstant == 0);
    Mod other(wat.c_str());
    rewrite(mod, ConstantFirst::Fallthrough);
    rewrite(other, ConstantFirst::Branch);
    CHECK(printedFunction(mod, "f") == printedFunction(other, "f"));
  }
}
