// Pass branchValuesAsSets: branch values carried by tees of one local go
// through that local (passes/branch_values_as_sets.h).
#include <doctest/doctest.h>

#include "passes/branch_values_as_sets.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>

using namespace eqsat;

namespace {

using test::checkLines;
using test::Mod;
using test::printedFunction;

// f: a block whose exits carry tees of $x (`second` is its second exit,
// `last` its fallthrough value), `after` the statements after it, the
// whole inside a loop when `wrap` says so.
enum class Wrap { None, Loop };

std::string function(const char* second, const char* last, const char* after, Wrap wrap) {
  std::string block = std::string(R"wat(
      (local.set $r (block $b (result i32)
        (drop (br_if $b (local.tee $x (i32.load (local.get $p))) (i32.eqz (local.get $c))))
        )wat") + second + "\n        " + last + "))\n      " + after;
  if (wrap == Wrap::Loop)
    block = "(loop $l " + block + " (br_if $l (local.tee $c (i32.sub (local.get $c) (i32.const 1)))))";
  return std::string(R"wat((module
  (memory 1)
  (import "env" "use" (func $use (param i32)))
  (func $f (param $p i32) (param $c i32) (result i32)
    (local $x i32) (local $r i32) (local $y i32)
    )wat") + block + "\n    (local.get $r)))";
}

const char* kSecond = "(drop (br_if $b (local.tee $x (i32.add (local.get $x) (local.get $p))) (local.get $c)))";
const char* kLast = "(i32.shl (local.get $x) (i32.const 1))";

// branchValuesAsSets on $f, after checking that branchValuesAsSetsApplies
// answers as the pass then does, and changes nothing.
unsigned rewrite(Mod& mod) {
  const std::string before = printedFunction(mod, "f");
  const bool applies = branchValuesAsSetsApplies(mod.fn("f"));
  CHECK(printedFunction(mod, "f") == before);
  unsigned n = branchValuesAsSets(mod.m, mod.fn("f"));
  CHECK(applies == (n > 0));
  CHECK(BinaryenModuleValidate(mod.m));
  return n;
}

} // namespace

TEST_CASE("branchValuesAsSets: exits carrying tees of one local set it and branch alone") {
  Mod mod(function(kSecond, kLast, "", Wrap::None).c_str());
  CHECK(rewrite(mod) == 1);
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(block $b",
                                                  "next: (block",
                                                  "next: (local.set $x",
                                                  "next: (i32.load",
                                                  "(br_if $b",
                                                  "next: (i32.eqz",
                                                  "(local.set $x",
                                                  "next: (i32.add",
                                                  "(br_if $b",
                                                  "next: (local.get $c)",
                                                  "(local.set $x",
                                                  "next: (i32.shl",
                                                  "not: (local.tee $x",
                                                  "(local.get $x)",
                                              }) == "");
}

TEST_CASE("branchValuesAsSets: the fallthrough value newly stored only where nothing else can read it") {
  SUBCASE("$x read after the block: left alone") {
    Mod mod(function(kSecond, kLast, "(call $use (local.get $x))", Wrap::None).c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("inside a loop: left alone") {
    Mod mod(function(kSecond, kLast, "", Wrap::Loop).c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("the block's value set to $x itself: $x read after is fine") {
    std::string wat = function(kSecond, kLast, "(call $use (local.get $x))", Wrap::Loop);
    const std::string from = "(local.set $r (block $b";
    wat.replace(wat.find(from), from.size(), "(local.set $x (block $b");
    Mod mod(wat.c_str());
    CHECK(rewrite(mod) == 1);
  }
  SUBCASE("the fallthrough value a tee of $x: $x read after is fine") {
    Mod mod(function(kSecond, "(local.tee $x (i32.const 5))", "(call $use (local.get $x))", Wrap::Loop).c_str());
    CHECK(rewrite(mod) == 1);
  }
}

TEST_CASE("branchValuesAsSets: every branch must carry a tee of the same local") {
  SUBCASE("another local") {
    Mod mod(function("(drop (br_if $b (local.tee $y (local.get $p)) (local.get $c)))", kLast, "", Wrap::None).c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a plain value") {
    Mod mod(function("(drop (br_if $b (local.get $p) (local.get $c)))", kLast, "", Wrap::None).c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a br_table to the block") {
    Mod mod(function("(br_table $b $b (local.tee $x (local.get $p)) (local.get $c))", kLast, "", Wrap::None).c_str());
    CHECK(rewrite(mod) == 0);
  }
}
