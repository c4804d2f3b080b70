// Pass twoWayValuesAsSelects: a local (or a block's value) given one of two
// cheap values on the two sides of a branch is given a select of the two
// (passes/two_way_values_as_selects.h).
#include <doctest/doctest.h>

#include "passes/two_way_values_as_selects.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>

using namespace eqsat;

namespace {

using test::checkLines;
using test::Mod;
using test::printedFunction;

// f(p, c) runs `body`, then returns $r.
std::string function(const char* body) {
  return std::string(R"wat((module
  (import "env" "use" (func $use (param i32)))
  (global $g (mut i32) (i32.const 0))
  (memory 1)
  (func $f (param $p i32) (param $c i32) (result i32)
    (local $r i32)
    )wat") + body + R"wat(
    (local.get $r)))
)wat";
}

// Runs the pass on f, after checking that twoWayValuesAsSelectsApplies
// answers as the pass then does and changes nothing.
unsigned rewrite(Mod& mod) {
  BinaryenExpressionRef body = BinaryenFunctionGetBody(mod.fn("f"));
  const std::string before = printedFunction(mod, "f");
  const bool applies = twoWayValuesAsSelectsApplies(body);
  CHECK(printedFunction(mod, "f") == before);
  const unsigned n = twoWayValuesAsSelects(mod.m, body);
  CHECK(applies == (n > 0));
  CHECK(BinaryenModuleValidate(mod.m));
  return n;
}

} // namespace

TEST_CASE("twoWayValuesAsSelects: two sets of a local around a branch") {
  SUBCASE("two literals") {
    Mod mod(function(R"wat((block $l
      (call $use (local.get $c))
      (if (i32.le_u (local.get $p) (local.get $c))
        (block (local.set $r (i32.const 340)) (br $l)))
      (local.set $r (i32.const -1))))wat")
                .c_str());
    CHECK(rewrite(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(call $use",
                                                    "(local.set $r",
                                                    "next: (select",
                                                    "next: (i32.const 340)",
                                                    "next: (i32.const -1)",
                                                    "next: (i32.le_u",
                                                }) == "");
  }
  SUBCASE("the block's value: a local and a difference") {
    Mod mod(function(R"wat((local.set $r (block $l (result i32)
      (call $use (local.get $c))
      (if (i32.eq (local.get $p) (i32.const 7))
        (br $l (i32.sub (i32.const 0) (local.get $c))))
      (local.get $p))))wat")
                .c_str());
    CHECK(rewrite(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(call $use",
                                                    "(select",
                                                    "next: (i32.sub",
                                                    "(local.get $p)",
                                                    "(i32.eq",
                                                }) == "");
  }
}

TEST_CASE("twoWayValuesAsSelects: the two ways out of nested blocks") {
  SUBCASE("a br_if out of the innermost block, a br past the first set") {
    Mod mod(function(R"wat((block $l
      (call $use (local.get $c))
      (block $m
        (block $n
          (br_if $n (local.tee $c (i32.ne (local.get $p) (i32.const 7))))
          (br $m))
        (local.set $r (i32.const -11))
        (br $l))
      (local.set $r (i32.const 1))))wat")
                .c_str());
    CHECK(rewrite(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(call $use",
                                                    "(local.set $r",
                                                    "next: (select",
                                                    "next: (i32.const -11)",
                                                    "next: (i32.const 1)",
                                                    "next: (local.tee $c",
                                                }) == "");
  }
  SUBCASE("stays: a statement before the br_if") {
    Mod mod(function(R"wat((block $l
      (block $m
        (block $n
          (call $use (local.get $c))
          (br_if $n (local.get $p))
          (br $m))
        (local.set $r (i32.const -11))
        (br $l))
      (local.set $r (i32.const 1))))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("stays: the br goes past both sets") {
    Mod mod(function(R"wat((block $l
      (block $m
        (block $n
          (br_if $n (local.get $p))
          (br $l))
        (local.set $r (i32.const -11))
        (br $l))
      (local.set $r (i32.const 1))))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("stays: an arm that may trap") {
    Mod mod(function(R"wat((block $l
      (block $m
        (block $n
          (br_if $n (local.get $p))
          (br $m))
        (local.set $r (i32.load (local.get $c)))
        (br $l))
      (local.set $r (i32.const 1))))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
}

TEST_CASE("twoWayValuesAsSelects: what stays a branch") {
  SUBCASE("an arm that may trap") {
    Mod mod(function(R"wat((block $l
      (if (local.get $p) (block (local.set $r (i32.load (local.get $c))) (br $l)))
      (local.set $r (i32.const -1))))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a condition that writes a local an arm reads") {
    Mod mod(function(R"wat((block $l
      (if (local.tee $c (local.get $p)) (block (local.set $r (local.get $c)) (br $l)))
      (local.set $r (i32.const -1))))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("two different locals set") {
    Mod mod(function(R"wat((block $l
      (if (local.get $p) (block (local.set $c (i32.const 1)) (br $l)))
      (local.set $r (i32.const -1))))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a branch to another block") {
    Mod mod(function(R"wat((block $o (block $l
      (if (local.get $p) (block (local.set $r (i32.const 1)) (br $o)))
      (local.set $r (i32.const -1)))))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("an arm with a statement before the set") {
    Mod mod(function(R"wat((block $l
      (if (local.get $p) (block (call $use (local.get $c)) (local.set $r (i32.const 1)) (br $l)))
      (local.set $r (i32.const -1))))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
}
