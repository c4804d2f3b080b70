// synthShapes (cost/synth_limits.h): each shape synth may decline, found in a
// minimal function, and a near miss of each that it must not flag.
#include <doctest/doctest.h>

#include "cost/synth_limits.h"
#include "wat_module.h"

#include <string>

using namespace eqsat;

namespace {

using test::Mod;

// The shapes in $f of `signature`, body `body`, in a module with imports $s
// (i32 -> ()) and $g (i32 -> i32).
SynthShapes shapesOf(const char* signature, const char* body) {
  std::string text = std::string(R"wat((module
  (memory 1)
  (import "env" "s" (func $s (param i32)))
  (import "env" "g" (func $g (param i32) (result i32)))
  (func $f )wat") + signature + "\n    " + body + "))";
  Mod mod(text.c_str());
  REQUIRE(BinaryenModuleValidate(mod.m));
  return synthShapes(mod.body("f"));
}

// Only the one shape, or none.
enum class Shape { None, I64Carried, CallResultAtJoin, DeadEndJoin, OperandBranchesOut, SwitchOnConstant };
Shape only(const SynthShapes& s) {
  const int n = s.i64Carried + s.callResultAtJoin + s.deadEndJoin + s.operandBranchesOut + s.switchOnConstant;
  if (n == 0) return Shape::None;
  if (n > 1) return Shape(-1);
  if (s.i64Carried) return Shape::I64Carried;
  if (s.callResultAtJoin) return Shape::CallResultAtJoin;
  if (s.deadEndJoin) return Shape::DeadEndJoin;
  if (s.operandBranchesOut) return Shape::OperandBranchesOut;
  return Shape::SwitchOnConstant;
}

} // namespace

TEST_CASE("synthShapes: an i64 carried over a branch") {
  CHECK(only(shapesOf("(param $p i32) (param $c i32) (result i64)", R"wat(
    (block $b (result i64)
      (drop (br_if $b (i64.extend_i32_u (local.get $p)) (local.get $c)))
      (i64.const 9)))wat")) == Shape::I64Carried);
  CHECK(carriesI64OverBranch(nullptr) == false);
  SUBCASE("near miss: an i64 falling through, an i32 carried") {
    CHECK(only(shapesOf("(param $p i32) (param $c i32) (result i64)", R"wat(
      (i64.extend_i32_u (block $b (result i32)
        (drop (br_if $b (local.get $p) (local.get $c)))
        (local.get $c))))wat")) == Shape::None);
  }
}

TEST_CASE("synthShapes: a call's result carried into a join") {
  SUBCASE("by a branch") {
    CHECK(only(shapesOf("(param $p i32) (param $c i32) (result i32)", R"wat(
      (block $l (result i32)
        (if (local.get $c) (br $l (call $g (local.get $p))))
        (local.get $p)))wat")) == Shape::CallResultAtJoin);
  }
  SUBCASE("through a tee") {
    CHECK(only(shapesOf("(param $p i32) (param $c i32) (result i32)", R"wat(
      (block $l (result i32)
        (if (local.get $c) (br $l (local.tee $p (call $g (local.get $p)))))
        (local.get $p)))wat")) == Shape::CallResultAtJoin);
  }
  SUBCASE("near miss: falling through to the end of a block a branch carries a value to") {
    // Declined in some functions, compiled in others (lifo_get_sret): not flagged.
    CHECK(only(shapesOf("(param $p i32) (param $c i32) (result i32)", R"wat(
      (block $l (result i32)
        (if (local.get $c) (br $l (i32.const 1)))
        (call $g (local.get $p))))wat")) == Shape::None);
  }
  SUBCASE("near miss: a call at the end of a block no branch carries a value to") {
    CHECK(only(shapesOf("(param $p i32) (param $c i32) (result i32)", R"wat(
      (block $l (result i32)
        (if (local.get $c) (return (i32.const 1)))
        (call $g (local.get $p))))wat")) == Shape::None);
  }
  SUBCASE("near miss: a call's result set to a local before the branch") {
    CHECK(only(shapesOf("(param $p i32) (param $c i32) (result i32)", R"wat(
      (block $l (result i32)
        (local.set $p (call $g (local.get $p)))
        (if (local.get $c) (br $l (local.get $p)))
        (i32.const 2)))wat")) == Shape::None);
  }
}

TEST_CASE("synthShapes: a join nothing falls through to") {
  CHECK(only(shapesOf("(param $p i32) (param $c i32) (result i32)", R"wat(
    (block $o
      (local.set $p (block $b (result i32)
        (if (local.get $c) (br $b (i32.const -11)))
        (br $o))))
    (local.get $p))wat")) == Shape::DeadEndJoin);
  SUBCASE("near miss: the same block with a fall-through") {
    CHECK(only(shapesOf("(param $p i32) (param $c i32) (result i32)", R"wat(
      (block $o
        (local.set $p (block $b (result i32)
          (if (local.get $c) (br $b (i32.const -11)))
          (br_if $o (local.get $p))
          (i32.const 4))))
      (local.get $p))wat")) == Shape::None);
  }
}

TEST_CASE("synthShapes: an operand branching out after an operand before it") {
  CHECK(only(shapesOf("(param $p i32) (param $c i32)", R"wat(
    (block $out
      (i32.store16 (local.get $p) (block (result i32)
        (br_if $out (local.get $c))
        (local.get $c)))))wat")) == Shape::OperandBranchesOut);
  SUBCASE("near miss: the first operand branching out") {
    CHECK(only(shapesOf("(param $p i32) (param $c i32)", R"wat(
      (block $out
        (i32.store16 (block (result i32)
          (br_if $out (local.get $c))
          (local.get $c)) (local.get $p))))wat")) == Shape::None);
  }
  SUBCASE("near miss: only a constant before it") {
    CHECK(only(shapesOf("(param $p i32) (param $c i32) (result i32)", R"wat(
      (block $out (result i32)
        (drop (br_if $out (i32.const 0) (block (result i32)
          (drop (br_if $out (i32.const 1) (local.get $c)))
          (local.get $c))))
        (i32.const 2)))wat")) == Shape::None);
  }
  SUBCASE("near miss: a br out of it") {
    CHECK(only(shapesOf("(param $p i32) (param $c i32)", R"wat(
      (block $out
        (i32.store16 (local.get $p) (block $in (result i32)
          (if (local.get $c) (br $out))
          (local.get $c)))))wat")) == Shape::None);
  }
  SUBCASE("near miss: a br_table out of it") {
    CHECK(only(shapesOf("(param $p i32) (param $c i32)", R"wat(
      (block $out
        (i32.store16 (local.get $p) (block $in (result i32)
          (block $k (br_table $out $k (local.get $c)))
          (local.get $c)))))wat")) == Shape::None);
  }
  SUBCASE("near miss: a later operand branching within itself") {
    CHECK(only(shapesOf("(param $p i32) (param $c i32)", R"wat(
      (i32.store16 (local.get $p) (block $in (result i32)
        (drop (br_if $in (local.get $p) (local.get $c)))
        (local.get $c))))wat")) == Shape::None);
  }
}

TEST_CASE("synthShapes: a br_table on a constant expression") {
  CHECK(only(shapesOf("(param $p i32) (param $c i32)", R"wat(
    (block $a (block $b (br_table $a $b (i32.sub (i32.wrap_i64 (i64.const 0)) (i32.const 1))))))wat")) ==
        Shape::SwitchOnConstant);
  SUBCASE("near miss: a br_table on a local") {
    CHECK(only(shapesOf("(param $p i32) (param $c i32)", R"wat(
      (block $a (block $b (br_table $a $b (i32.sub (local.get $p) (i32.const 1))))))wat")) == Shape::None);
  }
}

TEST_CASE("valueJoins: blocks and ifs that leave a value, and those that are operands") {
  auto joinsOf = [](const char* signature, const char* body) {
    std::string text = std::string(R"wat((module
  (import "env" "s" (func $s (param i32)))
  (import "env" "h" (func $h (param i32 i32)))
  (func $f )wat") + signature + "\n    " + body + "))";
    Mod mod(text.c_str());
    REQUIRE(BinaryenModuleValidate(mod.m));
    return valueJoins(mod.body("f"));
  };
  SUBCASE("none: control flow without values, and the body itself") {
    const ValueJoins j = joinsOf("(param $c i32) (result i32)", R"wat(
      (block (result i32)
        (if (local.get $c) (call $s (local.get $c)))
        (local.get $c)))wat");
    CHECK(j.total == 0);
    CHECK(j.inOperands == 0);
  }
  SUBCASE("a value block set to a local and an if returned: statements' places") {
    const ValueJoins j = joinsOf("(param $c i32) (result i32) (local $x i32)", R"wat(
      (local.set $x (block $b (result i32)
        (drop (br_if $b (i32.const 1) (local.get $c)))
        (i32.const 2)))
      (return (if (result i32) (local.get $x) (i32.const 3) (i32.const 4))))wat");
    CHECK(j.total == 2);
    CHECK(j.inOperands == 0);
  }
  SUBCASE("an if as a call's argument and a block as an operator's input and a condition") {
    const ValueJoins j = joinsOf("(param $c i32) (result i32)", R"wat(
      (call $h (local.get $c) (if (result i32) (local.get $c) (i32.const 1) (i32.const 2)))
      (if (block (result i32) (local.get $c)) (call $s (local.get $c)))
      (i32.add (local.get $c) (block (result i32) (local.get $c))))wat");
    CHECK(j.total == 3);
    CHECK(j.inOperands == 3);
  }
}
