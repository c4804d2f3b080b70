// Pass placeSingleEntryCode (block layout, passes/place_single_entry_code.h):
// code with a single entry moves to its branch.
#include <doctest/doctest.h>

#include "passes/place_single_entry_code.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>

using namespace eqsat;
using test::checkLines;
using test::Mod;

namespace {

// Runs the layout pass on $f; the module must stay valid. $f as printed.
std::string laidOut(Mod& mod, unsigned expectMoves) {
  CHECK(placeSingleEntryCode(mod.m, mod.body("f")) == expectMoves);
  CHECK(BinaryenModuleValidate(mod.m));
  return test::printedFunction(mod, "f");
}

} // namespace

TEST_CASE("placeSingleEntryCode: a tail that only one branch reaches moves to the branch") {
  Mod mod(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (import "env" "b" (func $b (param i32)))
  (func $f (param $c i32) (result i32)
    (block $L
      (if (local.get $c) (then (call $a (i32.const 1)) (br $L)))
      (call $b (i32.const 2))
      (return (i32.const 3)))
    (call $a (i32.const 4))
    (return (i32.const 5))))
)wat");
  std::string t = laidOut(mod, 1);
  // call a(1), then the tail a(4); return 5, inside the if; no branch left.
  CHECK(checkLines(t, {"(call $a", "next: (i32.const 1)", "next: )", "next: (block", "next: (call $a",
                       "next: (i32.const 4)", "next: )", "next: (return", "next: (i32.const 5)"}) == "");
  CHECK(checkLines(t, {"not: (br"}) == "");
}

TEST_CASE("placeSingleEntryCode: a one-armed if ending in the only branch becomes a br_if, its statements start the target") {
  Mod mod(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (import "env" "b" (func $b (param i32)))
  (func $f (param $c i32)
    (block $L
      (if (local.get $c) (then (call $a (i32.const 1)) (br $L)))
      (call $b (i32.const 2))
      (return))
    (call $a (i32.const 4))))
)wat");
  std::string t = laidOut(mod, 1);
  CHECK(checkLines(t, {"(br_if $L", "next: (local.get $c)", "(call $a", "next: (i32.const 1)", "next: )",
                       "next: (call $a", "next: (i32.const 4)"}) == "");
  CHECK(checkLines(t, {"not: (if"}) == "");
}

TEST_CASE("placeSingleEntryCode: code with more than one way in stays where it is") {
  SUBCASE("two branches to the target") {
    Mod mod(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (func $f (param $c i32) (param $d i32) (result i32)
    (block $L
      (br_if $L (local.get $d))
      (if (local.get $c) (then (call $a (i32.const 1)) (br $L)))
      (return (i32.const 3)))
    (call $a (i32.const 4))
    (return (i32.const 5))))
)wat");
    laidOut(mod, 0);
  }
  SUBCASE("the block falls through into its target") {
    Mod mod(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (func $f (param $c i32) (result i32)
    (block $L
      (if (local.get $c) (then (call $a (i32.const 1)) (br $L)))
      (call $a (i32.const 2)))
    (call $a (i32.const 4))
    (return (i32.const 5))))
)wat");
    laidOut(mod, 0);
  }
  SUBCASE("a br_table names the target") {
    Mod mod(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (func $f (param $c i32) (result i32)
    (block $M
      (block $L
        (br_table $L $M (local.get $c))))
    (call $a (i32.const 4))
    (return (i32.const 5))))
)wat");
    laidOut(mod, 0);
  }
}

TEST_CASE("placeSingleEntryCode: statements that name a label between the branch and its target keep the if") {
  // S branches to $inner, which encloses the if but not $L's target code: S
  // cannot move there, and the target falls through, so the tail cannot move
  // either.
  Mod mod(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (func $f (param $c i32)
    (block $L
      (block $inner
        (if (local.get $c) (then (br_if $inner (local.get $c)) (br $L)))
        (call $a (i32.const 1)))
      (return))
    (call $a (i32.const 4))))
)wat");
  std::string t = laidOut(mod, 0);
  CHECK(checkLines(t, {"(if", "not: (if"}) == "");
}

TEST_CASE("placeSingleEntryCode: a jump to the end of its own block is dropped") {
  Mod mod(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (func $f (param $c i32)
    (block $X
      (call $a (i32.const 1))
      (block (call $a (i32.const 2)) (br $X)))
    (call $a (i32.const 3))))
)wat");
  std::string t = laidOut(mod, 1);
  CHECK(checkLines(t, {"not: (br"}) == "");
}
