// Pass mergeCommonTails: paths into a join that end alike share their
// common suffix, the operands that differ in locals (passes/merge_common_tails.h).
#include <doctest/doctest.h>

#include "passes/merge_common_tails.h"
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

// A module whose function $f (params $q $x $y $c, locals $r $s) has `body`.
std::string module(const char* results, const char* body) {
  return std::string(R"wat((module
  (import "env" "sync" (func $sync (param i32)))
  (import "env" "hook" (func $hook (param i32 i32)))
  (import "env" "pend" (func $pend (param i32 i32) (result i32)))
  (memory 1)
  (func $f (param $q i32) (param $x i32) (param $y i32) (param $c i32) )wat") +
         results + "\n    (local $r i32) (local $s i32)\n" + body + "))";
}

// Runs the pass on $f under the thumb2 model, after checking that
// mergeCommonTailsApplies answers as the pass does and changes nothing;
// installs the new locals and checks the module validates.
unsigned merge(Mod& mod) {
  auto cm = makeCostModel("thumb2");
  BinaryenFunctionRef f = mod.fn("f");
  const BinaryenType params = BinaryenFunctionGetParams(f), results = BinaryenFunctionGetResults(f);
  BinaryenExpressionRef body = BinaryenFunctionGetBody(f);
  const std::string before = printedFunction(mod, "f");
  const bool applies = mergeCommonTailsApplies(body, results, *cm);
  CHECK(printedFunction(mod, "f") == before);
  std::vector<BinaryenType> vars;
  for (BinaryenIndex i = 0; i < BinaryenFunctionGetNumVars(f); ++i) vars.push_back(BinaryenFunctionGetVar(f, i));
  std::vector<BinaryenType> added;
  const unsigned n = mergeCommonTails(mod.m, body, results, BinaryenTypeArity(params) + BinaryenIndex(vars.size()),
                                      added, *cm);
  CHECK(applies == (n > 0));
  vars.insert(vars.end(), added.begin(), added.end());
  BinaryenRemoveFunction(mod.m, "f");
  BinaryenAddFunction(mod.m, "f", params, results, vars.data(), BinaryenIndex(vars.size()), body);
  CHECK(BinaryenModuleValidate(mod.m));
  return n;
}

} // namespace

TEST_CASE("mergeCommonTails: the same call returned on two paths is made once") {
  Mod mod(module("(result i32)", R"wat((block $b
      (br_if $b (local.get $c))
      (i32.store (local.get $q) (local.get $x))
      (return (call $pend (local.get $q) (local.get $y))))
    (call $sync (local.get $q))
    (call $pend (local.get $q) (local.get $y)))wat")
              .c_str());
  CHECK(merge(mod) == 1);
  CHECK(checkLines(printedFunction(mod, "f"), {"(i32.store", "(call $sync", "(call $pend", "not: (call $pend"}) == "");
}

TEST_CASE("mergeCommonTails: a common suffix after different statements, a call with different arguments") {
  Mod mod(module("(result i32)", R"wat((block $join
      (block $b
        (br_if $b (local.get $c))
        (i32.store (local.get $q) (local.get $x))
        (call $sync (local.get $q))
        (call $hook (local.get $q) (i32.sub (local.get $x) (local.get $y)))
        (local.set $r (i32.and (local.get $y) (i32.const 65535)))
        (br $join))
      (call $sync (local.get $q))
      (call $sync (local.get $q))
      (call $hook (local.get $q) (local.get $x))
      (local.set $r (i32.const -42)))
    (local.get $r))wat")
              .c_str());
  CHECK(merge(mod) == 1);
  // (Printed with numbered locals: $q is $0, $x $1, $r $4, the new one $6.)
  // One copy of the sync and of the hook, which reads the argument from a new
  // local set on each path; $4 set on each path, not in the copy.
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(i32.store",
                                                  "(local.set $6",
                                                  "next: (i32.sub",
                                                  "(local.set $4",
                                                  "next: (i32.and",
                                                  "(br $eqsat$suffix",
                                                  "(call $sync",
                                                  "(local.set $6",
                                                  "next: (local.get $1)",
                                                  "(local.set $4",
                                                  "next: (i32.const -42)",
                                                  "(call $sync",
                                                  "next: (local.get $0)",
                                                  "(call $hook",
                                                  "next: (local.get $0)",
                                                  "next: (local.get $6)",
                                                  "not: (call $sync",
                                                  "not: (call $hook",
                                              }) == "");
}

TEST_CASE("mergeCommonTails: a block's value after the same calls") {
  Mod mod(module("(result i32)", R"wat((local.set $r (block $v (result i32)
      (if (local.get $c) (then (call $sync (local.get $q)) (call $sync (local.get $q)) (br $v (i32.const -16))))
      (i32.store (local.get $q) (local.get $x))
      (call $sync (local.get $q))
      (call $sync (local.get $q))
      (i32.const 0)))
    (call $hook (local.get $q) (local.get $r))
    (local.get $r))wat")
              .c_str());
  CHECK(merge(mod) == 1);
  // Each path sets its value to a new local ($6) before the shared calls,
  // and the block gives that local.
  CHECK(checkLines(printedFunction(mod, "f"), {"(local.set $6", "next: (i32.const -16)", "(i32.store",
                                               "(local.set $6", "next: (i32.const 0)", "(call $sync", "(call $sync",
                                               "next: (local.get $0)", "next: )", "next: (local.get $6)",
                                               "not: (call $sync"}) == "");
}

TEST_CASE("mergeCommonTails: the function's end, the same call before different returned values") {
  Mod mod(module("(result i32)", R"wat((if (local.get $c) (then
      (i32.store (local.get $q) (local.get $x))
      (call $hook (local.get $q) (local.get $y))
      (return (i32.add (local.get $x) (i32.const 1)))))
    (call $sync (local.get $q))
    (call $hook (local.get $q) (local.get $x))
    (local.get $y))wat")
              .c_str());
  CHECK(merge(mod) == 1);
  CHECK(checkLines(printedFunction(mod, "f"), {"(i32.store", "(local.set $6", "next: (local.get $2)", "(local.set $7",
                                               "next: (i32.add", "(call $sync", "(local.set $6",
                                               "next: (local.get $1)", "(local.set $7", "next: (local.get $2)",
                                               "(call $hook", "next: (local.get $0)", "next: (local.get $6)", "next: )",
                                               "next: (local.get $7)", "not: (call $hook"}) == "");
}

TEST_CASE("mergeCommonTails: what stays apart") {
  SUBCASE("an argument with an effect") {
    Mod mod(module("", R"wat((block $join
        (block $b
          (br_if $b (local.get $c))
          (call $hook (local.get $q) (i32.load (local.get $x)))
          (br $join))
        (call $hook (local.get $q) (local.get $y))))wat")
                .c_str());
    CHECK(merge(mod) == 0);
  }
  SUBCASE("an argument reading a local the shared statements write first") {
    Mod mod(module("", R"wat((block $join
        (block $b
          (br_if $b (local.get $c))
          (local.set $s (i32.const 1))
          (call $hook (local.get $q) (local.get $s))
          (call $sync (local.get $q))
          (br $join))
        (local.set $s (i32.const 1))
        (call $hook (local.get $q) (local.get $x))
        (call $sync (local.get $q))))wat")
                .c_str());
    // The hook and the sync are shared, but the set of $s stays on each
    // path, ahead of the new local that takes $s for the hook.
    CHECK(merge(mod) == 1);
    CHECK(checkLines(printedFunction(mod, "f"), {"(local.set $5", "next: (i32.const 1)", "(local.set $6",
                                                 "next: (local.get $5)", "(call $hook", "not: (call $hook"}) == "");
  }
  SUBCASE("different calls") {
    Mod mod(module("", R"wat((block $join
        (block $b
          (br_if $b (local.get $c))
          (call $hook (local.get $q) (local.get $x))
          (br $join))
        (call $hook (local.get $x) (local.get $q))
        (call $sync (local.get $q))))wat")
                .c_str());
    CHECK(merge(mod) == 0);
  }
}
