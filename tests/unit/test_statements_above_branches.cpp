// Pass statementsAboveBranches: a statement every path from a branch meets
// first is made once, above the branch (passes/statements_above_branches.h).
#include <doctest/doctest.h>

#include "passes/statements_above_branches.h"
#include "ir/binaryen_ops.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>

using namespace eqsat;

namespace {

using test::checkLines;
using test::Mod;
using test::printedFunction;

// f(q, p) -> i32 with `body`; $x a local the body may use and $t (index 3)
// the spare local the pass may add.
std::string function(const char* body) {
  return std::string(R"wat((module
  (import "env" "sync" (func $sync (param i32)))
  (import "env" "work" (func $work (param i32)))
  (import "env" "get" (func $get (result i32)))
  (memory 1)
  (func $f (param $q i32) (param $p i32) (result i32) (local $x i32) (local $t i32)
    )wat") + body + R"wat()
)
)wat";
}

unsigned rewrite(Mod& mod) {
  std::vector<BinaryenType> added;
  unsigned n = statementsAboveBranches(mod.m, mod.body("f"), 3, added);
  CHECK(added.size() <= 1);  // the spare $t
  CHECK(BinaryenModuleValidate(mod.m));
  return n;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The seam's shape (gen_80082): a br_if on a load; both paths start with
// sync(q), the taken one inside $b, the other after $done.
const char* kLoadBranch = R"wat(
    (block $done
      (block $b
        (br_if $b (i32.load offset=8 (local.get $q)))
        (br $done))
      (call $sync (local.get $q))
      (call $work (local.get $p))
      (return (i32.const 1)))
    (call $sync (local.get $q))
    (i32.const -42))wat";

} // namespace

TEST_CASE("statementsAboveBranches: the condition's load into a local, then the call, once") {
  Mod mod(function(kLoadBranch).c_str());
  CHECK(rewrite(mod) == 1);
  const std::string text = printedFunction(mod, "f");
  CHECK(checkLines(text, {
                             "(local.set $t",
                             "next: (i32.load offset=8",
                             "next: (local.get $q)",
                             "next: )",
                             "next: )",
                             "next: (call $sync",
                             "next: (local.get $q)",
                             "(br_if $b",
                             "next: (local.get $t)",
                         }) == "");
  CHECK(count(text, "(call $sync") == 1);
}

TEST_CASE("statementsAboveBranches: if arms that start alike, a condition S may pass") {
  Mod mod(function(R"wat(
    (if (i32.lt_s (local.get $p) (i32.const 0))
      (then (call $sync (local.get $q)) (call $work (local.get $p)) (return (i32.const -16)))
      (else (call $sync (local.get $q))))
    (i32.const 0))wat")
              .c_str());
  CHECK(rewrite(mod) == 1);
  const std::string text = printedFunction(mod, "f");
  CHECK(checkLines(text, {"(call $sync", "next: (local.get $q)", "next: )", "next: (if"}) == "");
  CHECK(count(text, "(call $sync") == 1);
  CHECK(text.find("local.set $t") == std::string::npos);  // no local needed
}

TEST_CASE("statementsAboveBranches: the copy after the join every path reaches (gen_80026)") {
  Mod mod(function(R"wat(
    (local.set $x
      (block $join (result i32)
        (block $b
          (br_if $b (i32.le_u (local.get $p) (i32.load offset=12 (local.get $q))))
          (br $join (i32.const -11)))
        (call $sync (local.get $q))
        (i32.const -16)))
    (call $sync (local.get $q))
    (local.get $x))wat")
              .c_str());
  CHECK(rewrite(mod) == 1);
  const std::string text = printedFunction(mod, "f");
  // The join's copy goes above the branch; the taken path's copy stays.
  CHECK(checkLines(text, {"(local.set $t", "next: (i32.le_u", "(call $sync", "(block $join", "(call $sync",
                          "not: (call $sync"}) == "");
  CHECK(count(text, "(call $sync") == 2);
}

TEST_CASE("statementsAboveBranches: what stays") {
  SUBCASE("a condition that calls") {
    Mod mod(function(R"wat(
    (block $done
      (block $b (br_if $b (call $get)) (br $done))
      (call $sync (local.get $q)) (call $work (local.get $p)) (return (i32.const 1)))
    (call $sync (local.get $q))
    (i32.const 0))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("statements that differ in an operand") {
    Mod mod(function(R"wat(
    (if (local.get $p)
      (then (call $sync (local.get $q)) (return (i32.const 1)))
      (else (call $sync (local.get $p))))
    (i32.const 0))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a join also reached by a path that met the statement already") {
    Mod mod(function(R"wat(
    (block $join
      (if (local.get $x) (then (call $sync (local.get $q)) (br $join)))
      (if (local.get $p) (then (call $sync (local.get $q)) (call $work (local.get $p)) (return (i32.const 1)))))
    (call $sync (local.get $q))
    (i32.const 0))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a load on one path before the statement") {
    Mod mod(function(R"wat(
    (if (local.get $p)
      (then (call $sync (local.get $q)) (return (i32.const 1)))
      (else (local.set $x (i32.load (local.get $q))) (call $sync (local.get $q))))
    (local.get $x))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a local the statement reads, written on one path before it") {
    Mod mod(function(R"wat(
    (if (local.get $p)
      (then (call $sync (local.get $x)) (return (i32.const 1)))
      (else (local.set $x (i32.const 4)) (call $sync (local.get $x))))
    (i32.const 0))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a path that returns without the statement") {
    Mod mod(function(R"wat(
    (if (local.get $p)
      (then (call $sync (local.get $q)) (return (i32.const 1)))
      (else (return (i32.const 2))))
    (call $sync (local.get $q))
    (i32.const 0))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a path that traps without the statement") {
    Mod mod(function(R"wat(
    (if (local.get $p)
      (then (call $sync (local.get $q)))
      (else (unreachable)))
    (call $sync (local.get $q))
    (i32.const 0))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a loop before the statement") {
    Mod mod(function(R"wat(
    (if (local.get $p)
      (then (call $sync (local.get $q)) (return (i32.const 1)))
      (else (loop $l (br_if $l (local.tee $x (i32.sub (local.get $x) (i32.const 1))))) (call $sync (local.get $q))))
    (i32.const 0))wat")
                .c_str());
    CHECK(rewrite(mod) == 0);
  }
}

TEST_CASE("straightLineHash: statements the same share a hash, others differ") {
  Mod mod(function(R"wat(
    (call $sync (local.get $q))
    (call $sync (local.get $q))
    (call $sync (local.get $p))
    (call $work (local.get $q))
    (i32.store (local.get $q) (i32.const 1))
    (i32.store offset=4 (local.get $q) (i32.const 1))
    (i32.store (local.get $q) (i32.const 2))
    (i32.const 0))wat")
              .c_str());
  BinaryenExpressionRef body = mod.body("f");
  auto at = [&](BinaryenIndex i) { return BinaryenBlockGetChildAt(body, i); };
  CHECK(sameStraightLine(at(0), at(1)));
  CHECK(straightLineHash(at(0)) == straightLineHash(at(1)));
  for (BinaryenIndex i = 2; i < 7; ++i) {
    CHECK_FALSE(sameStraightLine(at(0), at(i)));
    CHECK(straightLineHash(at(0)) != straightLineHash(at(i)));
  }
  CHECK(straightLineHash(at(4)) != straightLineHash(at(5)));
  CHECK(straightLineHash(at(4)) != straightLineHash(at(6)));
}

TEST_CASE("statementsAboveBranchesApplies: two movable statements the same, operands included") {
  Mod same(function(kLoadBranch).c_str());
  CHECK(statementsAboveBranchesApplies(same.body("f")));
  Mod differ(function(R"wat(
    (if (local.get $p)
      (then (call $sync (local.get $q)) (return (i32.const 1)))
      (else (call $sync (local.get $p))))
    (i32.const 0))wat")
                 .c_str());
  CHECK_FALSE(statementsAboveBranchesApplies(differ.body("f")));
  Mod third(function(R"wat(
    (if (local.get $p)
      (then (call $sync (local.get $q)) (call $work (local.get $p)) (return (i32.const 1)))
      (else (call $sync (local.get $p)) (call $work (local.get $p))))
    (i32.const 0))wat")
                .c_str());
  CHECK(statementsAboveBranchesApplies(third.body("f")));
}
