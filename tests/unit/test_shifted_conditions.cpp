// Pass shiftedConditions: a condition that shifts a boolean left tests the
// boolean (passes/shifted_conditions.h).
#include <doctest/doctest.h>

#include "passes/shifted_conditions.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>

using namespace eqsat;

namespace {

using test::checkLines;
using test::Mod;
using test::printedFunction;

// f(p, q) with `inner` in block $l, then a call.
std::string function(const char* inner) {
  return std::string(R"wat((module
  (import "env" "use" (func $use (param i32)))
  (func $f (param $p i32) (param $q i32) (local $t i32)
    (block $l
      )wat") + inner + R"wat(
      (call $use (i32.const 1)))
    (call $use (local.get $t))))
)wat";
}

unsigned rewrite(Mod& mod) {
  unsigned n = shiftedConditions(mod.body("f"));
  CHECK(BinaryenModuleValidate(mod.m));
  return n;
}

} // namespace

TEST_CASE("shiftedConditions: a br_if on a shifted compare branches on the compare") {
  Mod mod(function("(br_if $l (i32.shl (i32.eq (local.get $p) (i32.const 16)) (i32.const 1)))").c_str());
  CHECK(rewrite(mod) == 1);
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(br_if $l",
                                                  "next: (i32.eq",
                                                  "next: (local.get $p)",
                                                  "next: (i32.const 16)",
                                              }) == "");
  CHECK(printedFunction(mod, "f").find("i32.shl") == std::string::npos);
}

TEST_CASE("shiftedConditions: an if, an eqz and a tee of the boolean") {
  SUBCASE("the if's condition, by 31") {
    Mod mod(function("(if (i32.shl (i32.lt_u (local.get $p) (local.get $q)) (i32.const 31)) (br $l))").c_str());
    CHECK(rewrite(mod) == 1);
    CHECK(printedFunction(mod, "f").find("i32.shl") == std::string::npos);
  }
  SUBCASE("under an eqz, of an i64 compare") {
    Mod mod(function("(br_if $l (i32.eqz (i32.shl (i64.ne (i64.extend_i32_u (local.get $p)) (i64.const 3)) "
                     "(i32.const 2))))")
                .c_str());
    CHECK(rewrite(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {"(i32.eqz", "next: (i64.ne"}) == "");
  }
  SUBCASE("a tee of the compare: the tee stays") {
    Mod mod(function("(br_if $l (i32.shl (local.tee $t (i32.eqz (local.get $p))) (i32.const 1)))").c_str());
    CHECK(rewrite(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {"(br_if $l", "next: (local.tee $t", "next: (i32.eqz"}) == "");
  }
}

TEST_CASE("shiftedConditions: a right shift that keeps the bit, and a compare with zero") {
  SUBCASE("left by 24, right by 23: the compare with zero goes too") {
    Mod mod(function("(br_if $l (i32.shr_u (i32.shl (i32.ne (local.get $p) (i32.const 0)) (i32.const 24)) "
                     "(i32.const 23)))")
                .c_str());
    CHECK(rewrite(mod) == 2);  // the two shifts, then the compare
    CHECK(checkLines(printedFunction(mod, "f"), {"(br_if $l", "next: (local.get $p)"}) == "");
  }
  SUBCASE("right by as much as left") {
    Mod mod(function("(if (i32.shr_u (i32.shl (i32.eqz (local.get $p)) (i32.const 5)) (i32.const 5)) (br $l))")
                .c_str());
    CHECK(rewrite(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {"(if", "next: (i32.eqz", "next: (local.get $p)"}) == "");
  }
  SUBCASE("zero on the left, under an eqz") {
    Mod mod(function("(br_if $l (i32.eqz (i32.shl (i32.ne (i32.const 0) (local.get $q)) (i32.const 4))))").c_str());
    CHECK(rewrite(mod) == 2);
    CHECK(checkLines(printedFunction(mod, "f"), {"(i32.eqz", "next: (local.get $q)"}) == "");
  }
}

TEST_CASE("shiftedConditions: what stays") {
  SUBCASE("a right shift past the bit: always zero, not this pass's to fold") {
    Mod mod(function("(br_if $l (i32.shr_u (i32.shl (i32.eqz (local.get $p)) (i32.const 3)) (i32.const 4)))").c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a signed right shift") {
    Mod mod(function("(br_if $l (i32.shr_s (i32.shl (i32.eqz (local.get $p)) (i32.const 3)) (i32.const 2)))").c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a compare with zero under no shift") {
    Mod mod(function("(br_if $l (i32.ne (local.get $p) (i32.const 0)))").c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a shifted compare with a constant other than zero: the compare stays") {
    Mod mod(function("(br_if $l (i32.shl (i32.ne (local.get $p) (i32.const 1)) (i32.const 2)))").c_str());
    CHECK(rewrite(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {"(br_if $l", "next: (i32.ne"}) == "");
  }
  SUBCASE("a shifted value that is not a boolean") {
    Mod mod(function("(br_if $l (i32.shl (i32.and (local.get $p) (i32.const 3)) (i32.const 30)))").c_str());
    CHECK(rewrite(mod) == 0);  // bit 1 of p shifted out: zero though p & 3 is not
  }
  SUBCASE("a shift by a non-constant amount") {
    Mod mod(function("(br_if $l (i32.shl (i32.eqz (local.get $p)) (local.get $q)))").c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a tee of the shifted value: its local keeps the shift") {
    Mod mod(function("(br_if $l (local.tee $t (i32.shl (i32.eqz (local.get $p)) (i32.const 1))))").c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a select's condition") {
    Mod mod(function("(local.set $t (select (local.get $p) (local.get $q) "
                     "(i32.shl (i32.eqz (local.get $p)) (i32.const 1))))")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a shifted boolean as a value") {
    Mod mod(function("(local.set $t (i32.shl (i32.eqz (local.get $p)) (i32.const 1)))").c_str());
    CHECK(rewrite(mod) == 0);
  }
}
