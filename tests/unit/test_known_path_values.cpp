// knownPathValues: conditions decided by the path reaching them (tests
// dominating them, the values a join's paths set), folded to constants; and
// what it must leave alone.
#include <doctest/doctest.h>

#include "passes/known_path_values.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>

using namespace eqsat;

namespace {

using test::checkLines;
using test::Mod;
using test::printedFunction;

// A module around one function $f taking $p and $q, with $a and $r locals;
// $g takes a value, $h gives one.
std::string withBody(const char* body) {
  return std::string(R"wat((module
  (import "env" "g" (func $g (param i32)))
  (import "env" "h" (func $h (result i32)))
  (func $f (param $p i32) (param $q i32) (result i32)
    (local $a i32)
    (local $r i32)
    )wat") + body + R"wat(
    (i32.const 0)))
)wat";
}

unsigned fold(Mod& mod, KnownPathValuesUse use = KnownPathValuesUse::Conditions) {
  unsigned n = knownPathValues(mod.m, mod.fn("f"), use);
  CHECK(BinaryenModuleValidate(mod.m));
  return n;
}

} // namespace

TEST_CASE("knownPathValues: a local set to 0 on every path into a join") {
  // Threading's shape (gen seed 70043): both paths into $j leave $a = 0; on
  // the second, $a = ($q != 0) and the br_if on $q was not taken.
  Mod mod(withBody(R"wat(
    (block $j
      (block $out
        (if (i32.and (local.get $p) (i32.const 1))
          (block (local.set $a (i32.const 0)) (br $j)))
        (local.set $a (i32.ne (local.get $q) (i32.const 0)))
        (br_if $out (local.get $q))
        (br $j))
      (return (i32.const 5)))
    (if (local.get $a) (call $g (i32.const 1)))
  )wat").c_str());
  CHECK(fold(mod) == 1);
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(br_if $out",
                                                  "(if",
                                                  "next: (i32.const 0)",
                                                  "next: (call $g",
                                              }) == "");
}

TEST_CASE("knownPathValues: an arm tests again what its branch tested") {
  SUBCASE("x == K taken, then x == K and x == J") {
    Mod mod(withBody(R"wat(
      (local.set $r (call $h))
      (block $two
        (br_if $two (i32.eq (local.get $r) (i32.const 2)))
        (return (i32.const 9)))
      (if (i32.eq (local.get $r) (i32.const 2)) (call $g (i32.const 1)))
      (if (i32.eq (local.get $r) (i32.const 3)) (call $g (i32.const 2)))
    )wat").c_str());
    CHECK(fold(mod) == 2);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(if",
                                                    "next: (i32.const 1)",
                                                    "(if",
                                                    "next: (i32.const 0)",
                                                }) == "");
  }
  SUBCASE("x != K not taken, in an if's else arm") {
    Mod mod(withBody(R"wat(
      (if (i32.ne (local.get $p) (i32.const 4))
        (call $g (i32.const 1))
        (if (i32.eq (local.get $p) (i32.const 4)) (call $g (i32.const 2))))
    )wat").c_str());
    CHECK(fold(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(i32.ne",
                                                    "(if",
                                                    "next: (i32.const 1)",
                                                    "not: (i32.eq",
                                                }) == "");
  }
  SUBCASE("a br_table target reached by one index") {
    Mod mod(withBody(R"wat(
      (local.set $r (i32.and (local.get $p) (i32.const 3)))
      (block $other
        (block $one
          (br_table $other $one $other (i32.sub (local.get $r) (i32.const 1))))
        (if (i32.eq (local.get $r) (i32.const 2)) (call $g (i32.const 1)))
        (return (i32.const 7)))
    )wat").c_str());
    CHECK(fold(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(block $one",
                                                    "(if",
                                                    "next: (i32.const 1)",
                                                }) == "");
  }
}

TEST_CASE("knownPathValues: a test of a local with few values keeps those that pass") {
  Mod mod(withBody(R"wat(
    (local.set $r (select (i32.const 4) (i32.const 6) (local.get $p)))
    (if (i32.gt_u (local.get $r) (i32.const 5))
      (if (i32.eq (local.get $r) (i32.const 6)) (call $g (i32.const 1))))
  )wat").c_str());
  CHECK(fold(mod) == 1);
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(i32.gt_u",
                                                  "(if",
                                                  "next: (i32.const 1)",
                                              }) == "");
}

TEST_CASE("knownPathValues: locals known constant become constants when asked") {
  Mod mod(withBody(R"wat(
    (if (i32.eq (local.get $p) (i32.const 9)) (call $g (local.get $p)))
  )wat").c_str());
  CHECK(fold(mod) == 0);
  CHECK(fold(mod, KnownPathValuesUse::ConditionsAndLocals) == 1);
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(call $g",
                                                  "next: (i32.const 9)",
                                              }) == "");
}

TEST_CASE("knownPathValues: compares a branch tested, in the same or another form") {
  // gen seed 60180: past `br_if (a | (p >u q))` not taken, the decide's
  // `select(0, p <=u q, a)` in a br_if with a value is 1.
  SUBCASE("an or not taken, then its operands again") {
    Mod mod(withBody(R"wat(
      (drop (block $v (result i32)
        (block $t
          (br_if $t (i32.or (local.tee $a (call $h)) (i32.gt_u (local.get $p) (local.get $q))))
          (drop (br_if $v (i32.const 5) (select (i32.const 0) (i32.le_u (local.get $p) (local.get $q)) (local.get $a))))
          (call $g (i32.const 1))
          (br $v (i32.const 6)))
        (i32.const 3)))
    )wat").c_str());
    CHECK(fold(mod) == 2);  // the select ($a is 0: its second operand), then the compare
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(br_if $v",
                                                    "next: (i32.const 5)",
                                                    "next: (i32.const 1)",
                                                }) == "");
  }
  SUBCASE("an and taken; the compare swapped") {
    Mod mod(withBody(R"wat(
      (local.set $a (call $h))
      (if (i32.and (local.get $a) (i32.lt_s (local.get $p) (local.get $q)))
        (if (i32.gt_s (local.get $q) (local.get $p)) (call $g (i32.const 1))))
    )wat").c_str());
    CHECK(fold(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(i32.lt_s",
                                                    "(if",
                                                    "next: (i32.const 1)",
                                                }) == "");
  }
  SUBCASE("forgotten once an operand is set") {
    Mod mod(withBody(R"wat(
      (if (i32.lt_u (local.get $p) (local.get $q))
        (block
          (local.set $p (call $h))
          (if (i32.ge_u (local.get $p) (local.get $q)) (call $g (i32.const 1)))))
    )wat").c_str());
    CHECK(fold(mod) == 0);
  }
}

TEST_CASE("knownPathValues: what stays") {
  SUBCASE("a local a loop sets is not known at the loop's head") {
    Mod mod(withBody(R"wat(
      (local.set $a (i32.const 1))
      (loop $l
        (if (local.get $a) (call $g (i32.const 1)))
        (local.set $a (i32.const 0))
        (br_if $l (local.get $p)))
    )wat").c_str());
    CHECK(fold(mod) == 0);
  }
  SUBCASE("a join where the paths disagree") {
    Mod mod(withBody(R"wat(
      (block $j
        (if (local.get $p) (block (local.set $a (i32.const 1)) (br $j)))
        (local.set $a (i32.const 0)))
      (if (local.get $a) (call $g (i32.const 1)))
    )wat").c_str());
    CHECK(fold(mod) == 0);
  }
  SUBCASE("a definition whose operand is set again") {
    Mod mod(withBody(R"wat(
      (local.set $a (i32.eqz (local.get $q)))
      (local.set $q (local.get $p))
      (if (local.get $q) (if (local.get $a) (call $g (i32.const 1))))
    )wat").c_str());
    CHECK(fold(mod) == 0);
  }
  SUBCASE("a test of two unknown locals") {
    Mod mod(withBody(R"wat(
      (if (i32.eq (local.get $p) (local.get $q))
        (if (i32.eq (local.get $p) (i32.const 3)) (call $g (i32.const 1))))
    )wat").c_str());
    CHECK(fold(mod) == 0);
  }
}

TEST_CASE("knownPathValues: a select whose condition the path decides") {
  SUBCASE("the flag a taken branch tested is non-zero after it: the select is its first operand") {
    // The seam's shape (gen seed 80351): the decide's two returns threaded,
    // the field's select left on the path where the flag is known.
    Mod mod(withBody(R"wat(
      (local.set $r (call $h))
      (block $eq
        (br_if $eq (local.tee $a (i32.eq (local.get $p) (local.get $q))))
        (return (i32.const 0)))
      (return (select (i32.const 97) (i32.shr_u (local.get $r) (i32.const 1)) (local.get $a)))
    )wat").c_str());
    CHECK(fold(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(br_if $eq",
                                                    "(return",
                                                    "next: (i32.const 97)",
                                                    "not: select",
                                                }) == "");
  }
  SUBCASE("known zero: the second operand") {
    Mod mod(withBody(R"wat(
      (if (i32.eqz (local.get $p))
        (call $g (select (local.get $q) (i32.const 7) (local.get $p))))
    )wat").c_str());
    CHECK(fold(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(call $g",
                                                    "next: (i32.const 7)",
                                                }) == "");
  }
  SUBCASE("an operand not picked that may trap stays, and so does the select") {
    Mod mod(withBody(R"wat(
      (if (local.get $p)
        (call $g (select (local.get $q) (i32.div_u (local.get $q) (local.get $r)) (local.get $p))))
    )wat").c_str());
    CHECK(fold(mod) == 0);
  }
  SUBCASE("an operand not picked that calls stays") {
    Mod mod(withBody(R"wat(
      (if (local.get $p)
        (call $g (select (local.get $q) (call $h) (local.get $p))))
    )wat").c_str());
    CHECK(fold(mod) == 0);
  }
  SUBCASE("a condition the path does not decide") {
    Mod mod(withBody(R"wat(
      (if (local.get $p)
        (call $g (select (local.get $q) (i32.const 7) (local.get $q))))
    )wat").c_str());
    CHECK(fold(mod) == 0);
  }
}

TEST_CASE("knownPathValues: a fact reaches through a local's definition") {
  SUBCASE("a br_table on a shift of a tee'd mask decides the mask") {
    // gen_80038's threaded dispatch: the index is 2 only where $a is
    // 0x80000000 and 0 only where it is 0.
    Mod mod(withBody(R"wat(
      (block $zero
        (block $two
          (block $one
            (br_table $zero $one $two
              (i32.shr_u (local.tee $a (i32.and (local.get $q) (i32.const 0x80000000))) (i32.const 30))))
          (return (i32.const 1)))
        (if (local.get $a) (call $g (i32.const 1)))
        (return (i32.const 2)))
      (if (i32.eq (local.get $a) (i32.const 0x80000000)) (call $g (i32.const 3)))
    )wat").c_str());
    CHECK(fold(mod) == 2);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(br_table",
                                                    "(if",
                                                    "next: (i32.const 1)",
                                                    "(if",
                                                    "next: (i32.const 0)",
                                                }) == "");
  }
  SUBCASE("a branch on a local defined from another narrows that one") {
    // $r = (tee $a (q & 0x80000000)) >> 30: $r non-zero makes $a 0x80000000.
    Mod mod(withBody(R"wat(
      (local.set $r (i32.shr_u (local.tee $a (i32.and (local.get $q) (i32.const 0x80000000))) (i32.const 30)))
      (call $g (i32.const 0))
      (if (local.get $r)
        (if (i32.eq (local.get $a) (i32.const 0x80000000)) (call $g (i32.const 1)))
        (if (local.get $a) (call $g (i32.const 2))))
    )wat").c_str());
    CHECK(fold(mod) == 2);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(if",
                                                    "next: (local.get $r)",
                                                    "(if",
                                                    "next: (i32.const 1)",
                                                    "(if",
                                                    "next: (i32.const 0)",
                                                }) == "");
  }
  SUBCASE("x == K through a local set from the compare; x of any value") {
    Mod mod(withBody(R"wat(
      (local.set $a (i32.eq (local.get $p) (i32.const 7)))
      (if (local.get $a)
        (if (i32.eq (local.get $p) (i32.const 7)) (call $g (i32.const 1)))
        (if (i32.ne (local.get $p) (i32.const 7)) (call $g (i32.const 2))))
    )wat").c_str());
    CHECK(fold(mod) == 2);
  }
  SUBCASE("a shift of x not zero: x not zero") {
    Mod mod(withBody(R"wat(
      (local.set $a (i32.shl (local.get $p) (i32.const 4)))
      (if (local.get $a) (if (local.get $p) (call $g (i32.const 1))))
    )wat").c_str());
    CHECK(fold(mod) == 1);
  }
  SUBCASE("a tee in the condition, tested again on both paths") {
    // gen_80088: (br_if (local.tee $a (i32.ne ..))), then (if (local.get $a)).
    Mod mod(withBody(R"wat(
      (block $taken
        (br_if $taken (local.tee $a (i32.ne (call $h) (i32.const 0))))
        (if (local.get $a) (call $g (i32.const 1)))
        (return (i32.const 1)))
      (if (local.get $a) (call $g (i32.const 2)))
    )wat").c_str());
    CHECK(fold(mod) == 2);
  }
  SUBCASE("not where the local is written between its definition and the test") {
    Mod mod(withBody(R"wat(
      (local.set $r (i32.shr_u (local.tee $a (i32.and (local.get $q) (i32.const 0x80000000))) (i32.const 30)))
      (local.set $a (call $h))
      (if (local.get $r) (if (local.get $a) (call $g (i32.const 1))))
    )wat").c_str());
    CHECK(fold(mod) == 0);
  }
  SUBCASE("not where the definition reads a local it also tees") {
    // The get reads $a before the tee writes it: no function of one value.
    Mod mod(withBody(R"wat(
      (local.set $a (local.get $p))
      (local.set $r (i32.add (local.get $a) (local.tee $a (i32.and (local.get $q) (i32.const 1)))))
      (if (i32.eqz (local.get $r)) (if (local.get $a) (call $g (i32.const 1))))
    )wat").c_str());
    CHECK(fold(mod) == 0);
  }
}

TEST_CASE("knownPathValues: a test zero exactly where a local is, on that local") {
  SUBCASE("a br_table on a select of the local reaching two targets") {
    Mod mod(withBody(R"wat(
      (local.set $a (i32.eq (local.get $p) (local.get $q)))
      (block $d
        (block $c
          (block $b
            (block $z
              (br_table $z $b $c $d (select (i32.const 3) (i32.const 1) (local.get $a))))
            (return (i32.const 1)))
          (return (i32.const 2)))
        (return (i32.const 3)))
    )wat").c_str());
    CHECK(fold(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {
                                                    "(br_if $d",
                                                    "next: (local.get $a)",
                                                    "(br $b)",
                                                    "not: br_table",
                                                }) == "");
  }
  SUBCASE("a br_if on a select minus a constant") {
    Mod mod(withBody(R"wat(
      (local.set $a (i32.eq (local.get $p) (local.get $q)))
      (block $d
        (br_if $d (i32.sub (select (i32.const 3) (i32.const 1) (local.get $a)) (i32.const 1)))
        (call $g (i32.const 1)))
    )wat").c_str());
    CHECK(fold(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {"(br_if $d", "next: (local.get $a)"}) == "");
  }
  SUBCASE("not where the local may be any value") {
    Mod mod(withBody(R"wat(
      (block $d
        (br_if $d (i32.sub (select (i32.const 3) (i32.const 1) (local.get $p)) (i32.const 1)))
        (call $g (i32.const 1)))
    )wat").c_str());
    CHECK(fold(mod) == 0);
  }
}
