// Pass ifValuesAsSets: a local set from an if/else with a constant arm sets
// the constant first and skips the other arm with a br_if
// (passes/if_values_as_sets.h).
#include <doctest/doctest.h>

#include "passes/if_values_as_sets.h"
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
  (func $f (param $p i32) (param $c i32) (result i32)
    (local $r i32)
    (local.set $r )wat") + value + R"wat()
    (local.get $r)))
)wat";
}

// Runs the pass on f; f is replaced by a function with the new locals.
// First checks that ifValuesAsSetsApplies answers as the pass then does, and
// changes nothing.
unsigned rewrite(Mod& mod) {
  BinaryenFunctionRef f = mod.fn("f");
  BinaryenExpressionRef body = BinaryenFunctionGetBody(f);
  const std::string before = printedFunction(mod, "f");
  const bool applies = ifValuesAsSetsApplies(body);
  CHECK(printedFunction(mod, "f") == before);
  std::vector<BinaryenType> vars{BinaryenTypeInt32()}, added;
  const unsigned n = ifValuesAsSets(mod.m, body, 3, added);
  CHECK(applies == (n > 0));
  vars.insert(vars.end(), added.begin(), added.end());
  const BinaryenType params = BinaryenFunctionGetParams(f), results = BinaryenFunctionGetResults(f);
  BinaryenRemoveFunction(mod.m, "f");
  BinaryenAddFunction(mod.m, "f", params, results, vars.data(), BinaryenIndex(vars.size()), body);
  CHECK(BinaryenModuleValidate(mod.m));
  return n;
}

} // namespace

TEST_CASE("ifValuesAsSets: the constant arm set first, the other behind a br_if") {
  SUBCASE("the constant in the then arm") {
    Mod mod(function(R"wat((if (result i32) (i32.gt_u (local.get $p) (i32.const 7))
        (i32.const -11)
        (block (result i32) (call $use (local.get $c)) (i32.const 1))))wat")
                .c_str());
    CHECK(rewrite(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(local.set $2",
                                                    "next: (i32.const -11)",
                                                    "(br_if $ifset$",
                                                    "next: (i32.gt_u",
                                                    "(call $use",
                                                    "(local.set $2",
                                                    "next: (i32.const 1)",
                                                }) == "");
  }
  SUBCASE("the constant in the else arm, under an eqz") {
    Mod mod(function(R"wat((if (result i32) (i32.eqz (local.get $p))
        (block (result i32) (call $use (local.get $c)) (i32.const 1))
        (i32.const -11)))wat")
                .c_str());
    CHECK(rewrite(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(local.set $2",
                                                    "next: (i32.const -11)",
                                                    "(br_if $ifset$",
                                                    "next: (local.get $0)",
                                                    "(call $use",
                                                    "(local.set $2",
                                                    "next: (i32.const 1)",
                                                }) == "");
  }
  SUBCASE("the set local read in the other arm: a new local, copied after") {
    Mod mod(function(R"wat((if (result i32) (local.get $p)
        (i32.const -11)
        (block (result i32) (call $use (local.get $r)) (i32.const 1))))wat")
                .c_str());
    CHECK(rewrite(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(local.set $3",
                                                    "next: (i32.const -11)",
                                                    "(br_if $ifset$",
                                                    "(call $use",
                                                    "next: (local.get $2)",
                                                    "(local.set $3",
                                                    "next: (i32.const 1)",
                                                    "(local.set $2",
                                                    "next: (local.get $3)",
                                                }) == "");
  }
}

TEST_CASE("ifValuesAsSets: what stays") {
  SUBCASE("no constant arm") {
    Mod mod(function("(if (result i32) (local.get $p) (local.get $c) (i32.const 1))").c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("the constant in the else arm, the condition no eqz") {
    Mod mod(function("(if (result i32) (local.get $p) (local.get $c) (i32.const 1))").c_str());
    CHECK(rewrite(mod) == 0);
  }
}
