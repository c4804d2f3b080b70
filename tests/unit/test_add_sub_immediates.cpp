// Pass addSubImmediates (passes/add_sub_immediates.h) and the finish stage
// that runs it on the chosen candidate (passes/pipeline.h).
#include <doctest/doctest.h>

#include "cost/cost.h"
#include "passes/add_sub_immediates.h"
#include "passes/pipeline.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <memory>
#include <string>

using namespace eqsat;

namespace {

using test::checkLines;
using test::Mod;
using test::printedFunction;

// f(p, q) returning `value`.
std::string function(const char* type, const char* value) {
  return std::string(R"wat((module
  (func $f (param $p )wat") + type + " ) (param $q " + type + ") (result " + type + ")\n    " + value + "))\n";
}

} // namespace

TEST_CASE("addSubImmediates: a negative constant addend in -4095..-1 is the other operation on its magnitude") {
  SUBCASE("i32.sub of -64 is i32.add of 64") {
    Mod mod(function("i32", "(i32.sub (local.get $p) (i32.const -64))").c_str());
    const auto found = negativeAddSubImmediates(mod.body("f"));
    REQUIRE(found.size() == 1);
    flipAddSub(found);
    CHECK(BinaryenModuleValidate(mod.m));
    CHECK(checkLines(printedFunction(mod, "f"), {"(i32.add", "next: (local.get $p)", "next: (i32.const 64)"}) == "");
    flipAddSub(found);
    CHECK(checkLines(printedFunction(mod, "f"), {"(i32.sub", "next: (local.get $p)", "next: (i32.const -64)"}) == "");
  }
  SUBCASE("i64.add of -4095 is i64.sub of 4095") {
    Mod mod(function("i64", "(i64.add (local.get $p) (i64.const -4095))").c_str());
    const auto found = negativeAddSubImmediates(mod.body("f"));
    REQUIRE(found.size() == 1);
    flipAddSub(found);
    CHECK(BinaryenModuleValidate(mod.m));
    CHECK(checkLines(printedFunction(mod, "f"), {"(i64.sub", "next: (local.get $p)", "next: (i64.const 4095)"}) == "");
  }
  SUBCASE("what stays: -4096, a positive constant, a constant on the left, other operators") {
    for (const char* value : {"(i32.add (local.get $p) (i32.const -4096))", "(i32.sub (local.get $p) (i32.const 64))",
                              "(i32.sub (i32.const -64) (local.get $p))", "(i32.mul (local.get $p) (i32.const -1))"}) {
      Mod mod(function("i32", value).c_str());
      CHECK(negativeAddSubImmediates(mod.body("f")).empty());
    }
  }
}

TEST_CASE("finish stage: immediates where the model prices them lower, Binaryen's form where it does not") {
  const char* wat = "(i32.add (i32.sub (local.get $p) (i32.const -64)) (i32.add (local.get $q) (i32.const -1)))";
  SUBCASE("thumb2: synth's ADDW/SUBW take 0..4095") {
    Mod mod(function("i32", wat).c_str());
    const std::unique_ptr<CostModel> cm = makeCostModel("thumb2");
    REQUIRE(finishStageApplies(mod.body("f")));
    runFinishStage(mod.m, mod.fn("f"), *cm);
    CHECK(checkLines(printedFunction(mod, "f"), {"(i32.add", "next: (i32.add", "next: (local.get $p)",
                                                 "next: (i32.const 64)", "(i32.sub", "next: (local.get $q)",
                                                 "next: (i32.const 1)"}) == "");
  }
  SUBCASE("wasm-bytes: -64 is shorter in LEB128 than 64") {
    Mod mod(function("i32", wat).c_str());
    const std::unique_ptr<CostModel> cm = makeCostModel("wasm-bytes");
    runFinishStage(mod.m, mod.fn("f"), *cm);
    CHECK(checkLines(printedFunction(mod, "f"), {"(i32.sub", "next: (local.get $p)", "next: (i32.const -64)"}) == "");
  }
}

TEST_CASE("finish stage: a br to the end of its own block and a set no one reads are cleaned up") {
  Mod mod(R"wat((module
  (memory 1)
  (func $f (param $p i32) (result i32)
    (local $dead i32)
    (local $r i32)
    (local.set $dead (i32.load offset=8 (local.get $p)))
    (local.set $r (block $l (result i32) (br $l (i32.const 1))))
    (local.get $r)))
)wat");
  const std::unique_ptr<CostModel> cm = makeCostModel("thumb2");
  REQUIRE(finishStageApplies(mod.body("f")));
  runFinishStage(mod.m, mod.fn("f"), *cm);
  CHECK(BinaryenModuleValidate(mod.m));
  const std::string text = printedFunction(mod, "f");
  CHECK(text.find("(br ") == std::string::npos);
  CHECK(checkLines(text, {"(drop", "next: (i32.load offset=8"}) == "");
}

TEST_CASE("finish stage: a set read only by values set to the same local goes, with its value") {
  // The seam's shape (gen seed 80111): after the branch finish removed the
  // arm that read it, a field's value is set to a parameter that the value
  // itself reads; its load stays for the trap.
  Mod mod(R"wat((module
  (memory 1)
  (func $f (param $p i32) (param $x i32) (result i32)
    (local $a i32)
    (local.set $a (i32.load offset=8 (local.get $p)))
    (local.set $x
      (block $l (result i32)
        (drop (br_if $l (i32.shr_u (local.get $a) (i32.const 1)) (i32.and (local.get $p) (i32.const 1))))
        (i32.add (local.get $x) (local.get $a))))
    (i32.const 7)))
)wat");
  const std::unique_ptr<CostModel> cm = makeCostModel("thumb2");
  REQUIRE(finishStageApplies(mod.body("f")));
  runFinishStage(mod.m, mod.fn("f"), *cm);
  CHECK(BinaryenModuleValidate(mod.m));
  CHECK(checkLines(printedFunction(mod, "f"), {"(drop", "next: (i32.load offset=8", "not: (br_if", "not: (i32.add"}) ==
        "");
}

TEST_CASE("finish stage: not run where every set is read outside its own value") {
  Mod mod(R"wat((module
  (func $f (param $p i32) (param $x i32) (result i32)
    (local.set $x (i32.add (local.get $x) (local.get $p)))
    (local.get $x)))
)wat");
  CHECK_FALSE(finishStageApplies(mod.body("f")));
}
