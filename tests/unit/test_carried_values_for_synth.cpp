// Pass carriedValuesForSynth: values carried into a block's join in the forms
// synth accepts (passes/carried_values_for_synth.h). Each input below is a
// shape synth declines or fails on (docs/cost-models.md, "What synth
// declines"). After the rewrite, synthShapes finds none of them.
#include <doctest/doctest.h>

#include "cost/synth_limits.h"
#include "passes/carried_values_for_synth.h"
#include "passes/pipeline.h"
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

// A module with function $f of `signature` (params and result) and `locals`,
// body `body`, and imports $s (i32 -> ()) and $g (i32 -> i32).
std::string moduleText(const char* signature, const char* locals, const char* body) {
  return std::string(R"wat((module
  (memory 1)
  (import "env" "s" (func $s (param i32)))
  (import "env" "g" (func $g (param i32) (result i32)))
  (func $f )wat") + signature + "\n    " + locals + "\n    " + body + "))";
}

// Runs the pass on $f and puts the function back with the locals it added;
// returns the number of rewrites.
unsigned rewrite(Mod& mod) {
  BinaryenFunctionRef f = mod.fn("f");
  BinaryenExpressionRef body = BinaryenFunctionGetBody(f);
  std::vector<BinaryenType> vars = functionVarTypes(f), added;
  const BinaryenType params = BinaryenFunctionGetParams(f), results = BinaryenFunctionGetResults(f);
  const bool flagged = synthShapes(body).any();
  const unsigned n =
      carriedValuesForSynth(mod.m, body, results, BinaryenTypeArity(params) + BinaryenIndex(vars.size()), added);
  vars.insert(vars.end(), added.begin(), added.end());
  // What the pass rewrites, synthShapes finds, and finds no more after it.
  if (n > 0) {
    CHECK(flagged);
    CHECK_FALSE(synthShapes(body).any());
  }
  BinaryenRemoveFunction(mod.m, "f");
  BinaryenAddFunction(mod.m, "f", params, results, vars.data(), BinaryenIndex(vars.size()), body);
  CHECK(BinaryenModuleValidate(mod.m));
  return n;
}

} // namespace

TEST_CASE("carriedValuesForSynth: an i64 carried over branches goes through a local") {
  Mod mod(moduleText("(param $p i32) (param $c i32) (result i64)", "(local $r i64)", R"wat(
    (local.set $r (block $b (result i64)
      (if (local.get $c) (br $b (i64.extend_i32_u (local.get $p))))
      (if (local.get $p) (br $b (i64.const 7)))
      (i64.const 9)))
    (local.get $r))wat").c_str());
  REQUIRE(carriesI64OverBranch(mod.body("f")));
  CHECK(rewrite(mod) == 1);
  CHECK_FALSE(carriesI64OverBranch(mod.body("f")));
  // No br_if carries a value: the block sets $r on each edge, as the set of
  // the block did.
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(block $b",
                                                  "(local.set $2",
                                                  "next: (i64.extend_i32_u",
                                                  "(br $b)",
                                                  "(local.set $2",
                                                  "next: (i64.const 7)",
                                                  "next: )",
                                                  "next: (br $b)",
                                                  "(local.set $2",
                                                  "next: (i64.const 9)",
                                                  "not: (local.set $2\n   (block",
                                              }) == "");
}

TEST_CASE("carriedValuesForSynth: an i64 block whose value flows on through a br_if gets a fresh local") {
  Mod mod(moduleText("(param $p i32) (param $c i32) (result i64)", "", R"wat(
    (i64.add (i64.const 1) (block $b (result i64)
      (i64.mul (br_if $b (i64.extend_i32_u (local.get $p)) (local.get $c)) (i64.const 3)))))wat").c_str());
  REQUIRE(carriesI64OverBranch(mod.body("f")));
  CHECK(rewrite(mod) == 1);
  CHECK_FALSE(carriesI64OverBranch(mod.body("f")));
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(local $2 i64)",
                                                  "(local.set $2",
                                                  "next: (i64.extend_i32_u",
                                                  "(br_if $b",
                                                  "next: (local.get $1)",
                                                  "next: )",
                                                  "next: (local.get $2)",
                                                  "(local.get $2)",
                                              }) == "");
}

TEST_CASE("carriedValuesForSynth: a call's result carried to the function's end is returned") {
  Mod ok(moduleText("(param $p i32) (param $c i32) (result i32)", "", R"wat(
    (block $l (result i32)
      (block $m
        (br_if $m (local.get $p))
        (call $s (local.get $p))
        (call $s (local.get $c))
        (br $l (i32.const 1)))
      (call $s (local.get $p))
      (if (local.get $c) (br $l (call $g (local.get $c))))
      (call $g (local.get $p))))wat").c_str());
  CHECK(rewrite(ok) == 1);
  CHECK(checkLines(printedFunction(ok, "f"), {
                                                 "(return",
                                                 "next: (i32.const 1)",
                                                 "(return",
                                                 "next: (call $g",
                                                 "next: (local.get $1)",
                                                 "(return",
                                                 "next: (call $g",
                                                 "next: (local.get $0)",
                                                 "not: (br $l",
                                             }) == "");
}

TEST_CASE("carriedValuesForSynth: a join a call's result is carried to gives its value through a local") {
  Mod mod(moduleText("(param $p i32) (param $c i32) (result i32)", "", R"wat(
    (i32.add (i32.const 1) (block $l (result i32)
      (block $m
        (br_if $m (local.get $p))
        (br $l (i32.const 1)))
      (drop (br_if $l (call $g (local.get $c)) (local.get $c)))
      (call $g (local.get $p)))))wat").c_str());
  CHECK(rewrite(mod) == 1);
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(local $2 i32)",
                                                  "(block $l",
                                                  "(local.set $2",
                                                  "next: (i32.const 1)",
                                                  "next: )",
                                                  "next: (br $l)",
                                                  "(local.set $2",
                                                  "next: (call $g",
                                                  "next: (local.get $1)",
                                                  "(br_if $l",
                                                  "next: (local.get $1)",
                                                  "next: )",
                                                  "next: (local.get $2)",
                                                  "(local.set $2",
                                                  "next: (call $g",
                                                  "next: (local.get $0)",
                                                  "(local.get $2)",
                                                  "not: (block $l (result i32)",
                                              }) == "");
}

TEST_CASE("carriedValuesForSynth: a join nothing falls through to is set on each edge") {
  Mod mod(moduleText("(param $p i32) (param $c i32) (result i32)", "", R"wat(
    (block $o
      (local.set $p (block $b (result i32)
        (if (local.get $c) (block (call $s (local.get $p)) (br $b (i32.const -11))))
        (call $s (local.get $p))
        (local.set $p (i32.const -16))
        (br $o))))
    (local.get $p))wat").c_str());
  CHECK(rewrite(mod) == 1);
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(block $b",
                                                  "(local.set $0",
                                                  "next: (i32.const -11)",
                                                  "next: )",
                                                  "next: (br $b)",
                                                  "not: (block $b (result i32)",
                                              }) == "");
}

TEST_CASE("carriedValuesForSynth: an operand branching out past the operands before it is set first") {
  Mod mod(moduleText("(param $p i32) (param $c i32)", "", R"wat(
    (block $out
      (i32.store16 (local.get $p) (block $b (result i32)
        (if (local.get $c) (br $b (i32.const -1)))
        (br_if $out (i32.lt_s (local.get $c) (i32.const 0)))
        (local.get $c)))))wat").c_str());
  CHECK(rewrite(mod) == 1);
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(local $2 i32)",
                                                  "(local.set $2",
                                                  "next: (block $b (result i32)",
                                                  "(i32.store16",
                                                  "next: (local.get $0)",
                                                  "next: (local.get $2)",
                                              }) == "");
}

TEST_CASE("carriedValuesForSynth: what stays") {
  SUBCASE("an i32 join of constants with a fall-through") {
    Mod mod(moduleText("(param $p i32) (param $c i32) (result i32)", "", R"wat(
      (i32.add (i32.const 1) (block $b (result i32)
        (if (local.get $c) (br $b (i32.const 3)))
        (call $s (local.get $p))
        (local.get $p))))wat").c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("an operand branching out before the operands after it") {
    Mod mod(moduleText("(param $p i32) (param $c i32)", "", R"wat(
      (block $out
        (i32.store16 (block $b (result i32)
          (br_if $out (local.get $c))
          (local.get $c)) (local.get $p))))wat").c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("an operand branching out after an operand it may change") {
    Mod mod(moduleText("(param $p i32) (param $c i32)", "", R"wat(
      (block $out
        (i32.store16 (local.get $p) (block $b (result i32)
          (local.set $p (i32.const 4))
          (br_if $out (local.get $c))
          (local.get $c)))))wat").c_str());
    CHECK(rewrite(mod) == 0);
  }
}
