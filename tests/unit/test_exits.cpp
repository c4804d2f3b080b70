// A decide's constant exits threaded past statements into a switch's table:
// statementsIntoExits, threadConstantDispatch on a br_table indexed by a
// block's value less a constant (and teed to a local the arms read), and
// knownConditionValues on such a table.
#include <doctest/doctest.h>

#include "passes/known_condition_values.h"
#include "passes/statements_into_exits.h"
#include "passes/thread_constant_dispatch.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>

using namespace eqsat;

namespace {

using test::checkLines;
using test::Mod;
using test::printedFunction;

// $x set from a block of constant exits (`exit` its second), then
// `between`, then a dispatch on $x.
std::string setThenDispatch(const char* exit, const char* between) {
  return std::string(R"wat((module
  (import "env" "sync" (func $sync (param i32)))
  (import "env" "use" (func $use (param i32)))
  (func $f (param $c i32) (param $d i32) (result i32)
    (local $x i32)
    (local.set $x (block $d (result i32)
      (drop (br_if $d (i32.const 1) (local.get $c)))
      )wat") + exit + R"wat(
      (i32.eqz (local.get $d))))
    )wat" + between + R"wat(
    (block $a
      (br_if $a (local.get $x))
      (return (i32.const 7)))
    (i32.const 9)))
)wat";
}

// statementsIntoExits on $f, after checking that statementsIntoExitsApplies
// answers as the pass then does, and changes nothing.
unsigned intoExits(Mod& mod) {
  const std::string before = printedFunction(mod, "f");
  const bool applies = statementsIntoExitsApplies(mod.m, mod.body("f"));
  CHECK(printedFunction(mod, "f") == before);
  unsigned n = statementsIntoExits(mod.m, mod.body("f"));
  CHECK(applies == (n > 0));
  CHECK(BinaryenModuleValidate(mod.m));
  return n;
}

} // namespace

TEST_CASE("statementsIntoExits: statements between the set and the dispatch run at each exit") {
  Mod mod(setThenDispatch("(br $d (i32.const 0))", "(call $sync (local.get $c))").c_str());
  CHECK(intoExits(mod) == 1);
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(if",
                                                  "next: (local.get $c)",
                                                  "(call $sync",
                                                  "(br $d",
                                                  "next: (i32.const 1)",
                                                  "(call $sync",
                                                  "(br $d",
                                                  "next: (i32.const 0)",
                                                  "(local.set $x",
                                                  "next: (i32.eqz",
                                                  "(call $sync",
                                                  "(local.get $x)",
                                                  "(block $a",
                                              }) == "");
}

TEST_CASE("statementsIntoExits: what stays") {
  SUBCASE("a statement that reads $x") {
    Mod mod(setThenDispatch("(br $d (i32.const 0))", "(call $use (local.get $x))").c_str());
    CHECK(intoExits(mod) == 0);
  }
  SUBCASE("a statement that branches") {
    Mod mod(setThenDispatch("(br $d (i32.const 0))", "(block $s (br_if $s (local.get $c)) (call $sync (local.get $d)))")
                .c_str());
    CHECK(intoExits(mod) == 0);
  }
  SUBCASE("an exit that carries no constant") {
    Mod mod(setThenDispatch("(br $d (local.get $d))", "(call $sync (local.get $c))").c_str());
    CHECK(intoExits(mod) == 0);
  }
}

namespace {

// A br_table on `index` around a block $d whose exits carry 1 and 2, its
// fallthrough `last`; the targets' arms read $x.
std::string tableOnBlock(const char* index, const char* last) {
  std::string blockText = std::string(R"wat((block $d (result i32)
            (drop (br_if $d (i32.const 1) (local.get $c)))
            (drop (br_if $d (i32.const 2) (local.get $d)))
            )wat") + last + ")";
  std::string idx(index);
  idx.replace(idx.find("B"), 1, blockText);
  return std::string(R"wat((module
  (import "env" "use" (func $use (param i32)))
  (func $f (param $c i32) (param $d i32) (result i32)
    (local $x i32)
    (block $t2
      (block $t1
        (block $t0
          (br_table $t0 $t1 $t2 )wat") + idx + R"wat())
        (return (i32.const 10)))
      (call $use (local.get $x))
      (return (i32.const 11)))
    (call $use (local.get $x))
    (i32.const 12)))
)wat";
}

} // namespace

TEST_CASE("threadConstantDispatch: a br_table on a block's value less a constant, teed to a local") {
  Mod mod(tableOnBlock("(i32.sub (local.tee $x B) (i32.const 1))", "(i32.const 3)").c_str());
  CHECK(threadConstantDispatch(mod.m, mod.body("f"), DispatchesThreaded::BlockResults) == 2);
  CHECK(BinaryenModuleValidate(mod.m));
  // 1 - 1 goes to $t0 and 2 - 1 to $t1, each setting $x first.
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(if",
                                                  "next: (local.get $c)",
                                                  "(local.set $x",
                                                  "next: (i32.const 1)",
                                                  "(br $t0)",
                                                  "(if",
                                                  "next: (local.get $d)",
                                                  "(local.set $x",
                                                  "next: (i32.const 2)",
                                                  "(br $t1)",
                                              }) == "");
}

TEST_CASE("knownConditionValues: a br_table on X - c with X = 0 reaching one target alone branches on X") {
  // After threading, only the fallthrough (0 or 2) reaches the table: 0 - 1
  // goes to the default, 2 - 1 to $t1.
  Mod mod(tableOnBlock("(i32.sub B (i32.const 1))", "(i32.shl (i32.eq (local.get $c) (local.get $d)) (i32.const 1))")
              .c_str());
  CHECK(threadConstantDispatch(mod.m, mod.body("f"), DispatchesThreaded::BlockResults) == 2);
  const char* unusedNames[] = {"remove-unused-names"};  // as the tidy passes after threading
  BinaryenFunctionRunPasses(mod.fn("f"), mod.m, unusedNames, 1);
  CHECK(knownConditionValues(mod.m, mod.fn("f")) == 1);
  CHECK(BinaryenModuleValidate(mod.m));
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(br_if $t1",
                                                  "next: (block (result i32)",
                                                  "(br $t2)",
                                                  "not: (br_table",
                                              }) == "");
}
