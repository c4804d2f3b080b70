// The post-emission passes on Binaryen IR (passes/pipeline.h): jump
// threading of constant dispatches, boolean sets, known branch values,
// dropped values, covered drops, equal arms and branches on values.
#include <doctest/doctest.h>

#include "passes/boolean_sets.h"
#include "passes/branch_on_values.h"
#include "passes/covered_drops.h"
#include "passes/dropped_values.h"
#include "passes/known_branch_values.h"
#include "passes/merge_equal_arms.h"
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

// A flag decided on both sides of a branch, each side then jumping to $out.
std::string flagModule(const char* cond, const char* k1, const char* k2, const char* tail2 = "(br $out)") {
  return std::string("(module\n (func $f (param $c i32) (param $d i32) (result i32)\n  (local $x i32)\n") +
         "  (block $out\n   (if " + cond + "\n    (then (local.set $x (i32.const " + k1 + ")) (br $out)))\n" +
         "   (local.set $x (i32.const " + k2 + "))\n   " + tail2 + ")\n  (local.get $x)))\n";
}

} // namespace

namespace {

// booleanSets on flagModule(cond, k1, k2): one if removed, the module valid,
// no if left; f as printed.
std::string rewritten(const char* cond, const char* k1, const char* k2) {
  Mod mod(flagModule(cond, k1, k2).c_str());
  CHECK(booleanSets(mod.m, mod.body("f")) == 1);
  CHECK(BinaryenModuleValidate(mod.m));
  std::string t = printedFunction(mod, "f");
  CHECK(checkLines(t, {"not: (if"}) == "");
  return t;
}

} // namespace

TEST_CASE("booleanSets: a 0/1 flag set on the two sides of a branch becomes the branch's condition") {
  SUBCASE("1 when the condition holds, a compare: the compare itself") {
    std::string t = rewritten("(i32.lt_u (local.get $c) (local.get $d))", "1", "0");
    CHECK(checkLines(t, {"(local.set $x", "next: (i32.lt_u", "next: (local.get $c)", "next: (local.get $d)"}) == "");
  }
  SUBCASE("1 when the condition holds, any value: value != 0") {
    std::string t = rewritten("(local.get $c)", "1", "0");
    CHECK(checkLines(t, {"(local.set $x", "next: (i32.ne", "next: (local.get $c)", "next: (i32.const 0)"}) == "");
  }
  SUBCASE("0 when the condition holds: its eqz") {
    std::string t = rewritten("(local.get $c)", "0", "1");
    CHECK(checkLines(t, {"(local.set $x", "next: (i32.eqz", "next: (local.get $c)"}) == "");
  }
}

TEST_CASE("booleanSets: other shapes are left alone") {
  SUBCASE("the same constant on both sides") {
    Mod mod(flagModule("(local.get $c)", "1", "1").c_str());
    CHECK(booleanSets(mod.m, mod.body("f")) == 0);
  }
  SUBCASE("a constant that is not 0 or 1") {
    Mod mod(flagModule("(local.get $c)", "2", "0").c_str());
    CHECK(booleanSets(mod.m, mod.body("f")) == 0);
  }
  SUBCASE("the two sides continue differently") {
    Mod mod(flagModule("(local.get $c)", "1", "0", "(drop (local.get $d)) (br $out)").c_str());
    CHECK(booleanSets(mod.m, mod.body("f")) == 0);
  }
  SUBCASE("the sides jump to different places") {
    Mod mod(R"wat((module
  (func $f (param $c i32) (result i32)
    (local $x i32)
    (block $out
      (block $other
        (if (local.get $c)
          (then (local.set $x (i32.const 1)) (br $out)))
        (local.set $x (i32.const 0))
        (br $other))
      (local.set $x (i32.const 7)))
    (local.get $x)))
)wat");
    CHECK(booleanSets(mod.m, mod.body("f")) == 0);
    CHECK(BinaryenModuleValidate(mod.m));
  }
}

namespace {

// $x is set from a block whose early exit carries 0, then dispatched on at
// once; `after` runs after the if, `wrap` wraps the pair (e.g. in a loop).
std::string localDispatch(const char* test, const char* after = "", const char* open = "", const char* close = "") {
  return std::string(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (func $f (param $c i32) (param $d i32)
    (local $x i32)
    )wat") + open + R"wat(
    (local.set $x
      (block $d (result i32)
        (if (local.get $c) (then (call $a (local.get $x)) (br $d (i32.const 0))))
        (local.get $d)))
    (if )wat" + test + R"wat( (then (call $a (local.get $x))))
    )wat" + after + close + "))\n";
}

unsigned threaded(const std::string& wat, std::string* text = nullptr) {
  Mod mod(wat.c_str());
  unsigned n = threadConstantDispatch(mod.m, mod.body("f"), DispatchesThreaded::BlockResultsAndLocals);
  CHECK(BinaryenModuleValidate(mod.m));
  if (text) *text = printedFunction(mod, "f");
  return n;
}

} // namespace

TEST_CASE("threadConstantDispatch: a constant that skips a dispatch on a local jumps past it") {
  SUBCASE("(if (local.get $x) A): 0 skips A (the block's own read of $x, before the set, does not matter)") {
    std::string t;
    CHECK(threaded(localDispatch("(local.get $x)"), &t) == 1);
    CHECK(checkLines(t, {"(br $thread$S0)"}) == "");
    CHECK(checkLines(t, {"not: (br $d"}) == "");
  }
  SUBCASE("(if (i32.eqz (local.get $x)) A): 0 enters A and stays") {
    CHECK(threaded(localDispatch("(i32.eqz (local.get $x))")) == 0);
  }
}

TEST_CASE("threadConstantDispatch: a dispatch on a local is not threaded when the skipped set is observable") {
  SUBCASE("$x is read after the if") {
    CHECK(threaded(localDispatch("(local.get $x)", "(call $a (local.get $x))")) == 0);
  }
  SUBCASE("inside a loop, the block reads the previous iteration's $x") {
    CHECK(threaded(localDispatch("(local.get $x)", "(br_if $l (local.get $d))", "(loop $l", ")")) == 0);
  }
}

namespace {

// (block $B ... (local.set $x K) (br $B) ...) (if (local.get $x) A): `before`
// runs between the set and the branch.
std::string knownLocal(const char* k, const char* before = "") {
  return std::string(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (func $f (param $c i32) (param $d i32)
    (local $x i32)
    (block $B
      (local.set $x (local.get $d))
      (if (local.get $c) (then (local.set $x (i32.const )wat") + k + ")) " + before + R"wat( (br $B)))
      (call $a (i32.const 1)))
    (if (local.get $x) (then (call $a (local.get $x))))
    (call $a (local.get $x))))
)wat";
}

} // namespace

TEST_CASE("threadConstantDispatch: a branch after which a local is a known constant skips the dispatch on it") {
  SUBCASE("$x = 0 before the branch: it jumps past the if, and $x is still set") {
    std::string t;
    CHECK(threaded(knownLocal("0"), &t) == 1);
    CHECK(checkLines(t, {"(local.set $x", "next: (i32.const 0)", "next: )", "next: (br $thread$K0)"}) == "");
  }
  SUBCASE("$x = 1 enters A: left alone") {
    CHECK(threaded(knownLocal("1")) == 0);
  }
  SUBCASE("a statement between that may write $x: unknown") {
    CHECK(threaded(knownLocal("0", "(if (local.get $c) (then (local.set $x (local.get $d))))")) == 0);
  }
  SUBCASE("a statement between that does not write $x: still known") {
    CHECK(threaded(knownLocal("0", "(call $a (local.get $x))")) == 1);
  }
}

TEST_CASE("knownBranchValues: a branch value that a constant set just before is that constant") {
  auto run = [](const char* between, unsigned expect) {
    std::string wat = std::string(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (func $f (param $c i32) (result i32)
    (local $x i32)
    (block $out (result i32)
      (if (local.get $c)
        (then (local.set $x (i32.const 7)) )wat") + between + R"wat( (br $out (local.get $x))))
      (local.set $x (local.get $c))
      (call $a (local.get $x))
      (return (local.get $x)))))
)wat";
    Mod mod(wat.c_str());
    CHECK(knownBranchValues(mod.m, mod.body("f")) == expect);
    CHECK(BinaryenModuleValidate(mod.m));
    return printedFunction(mod, "f");
  };
  SUBCASE("directly, or past a statement that does not write $x") {
    CHECK(checkLines(run("", 1), {"(br $out", "next: (i32.const 7)"}) == "");
    CHECK(checkLines(run("(call $a (local.get $x))", 1), {"(br $out", "next: (i32.const 7)"}) == "");
  }
  SUBCASE("not past a statement that may write $x; a return after a non-constant set stays") {
    std::string t = run("(if (local.get $c) (then (local.set $x (local.get $c))))", 0);
    CHECK(checkLines(t, {"(br $out", "next: (local.get $x)", "(return", "next: (local.get $x)"}) == "");
  }
}

namespace {

// (local.set $r (if (result i32) (local.get $c) THEN ELSE)) then a dispatch
// on $x, the arms setting $x to `kThen` / `kElse` (empty: not set); `wrapNext`
// puts the dispatch at the start of a block labelled $n.
std::string armsModule(const char* kThen, const char* kElse, bool wrapNext = false) {
  auto setX = [](const char* k) {
    return std::string(*k ? std::string("(local.set $x (i32.const ") + k + ")) " : "");
  };
  std::string dispatch = "(if (local.get $x) (then (call $a (local.get $r))))";
  if (wrapNext) dispatch = "(block $n " + dispatch + " (br_if $n (local.get $d)) (call $a (i32.const 7)))";
  return std::string(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (func $f (param $c i32) (param $d i32) (result i32)
    (local $x i32) (local $r i32)
    (local.set $r (if (result i32) (local.get $c)
      (then )wat") + setX(kThen) + "(i32.add (local.get $d) (i32.const 1)))\n      (else " + setX(kElse) +
         "(local.get $d))))\n    " + dispatch + "\n    (local.get $x)))\n";
}

} // namespace

TEST_CASE("threadConstantDispatch: a dispatch on a flag the arms of an if/else set moves into its arm") {
  SUBCASE("then sets 1, else 0: the call moves to the end of the then arm, after $r's set") {
    std::string t;
    CHECK(threaded(armsModule("1", "0"), &t) == 1);
    CHECK(checkLines(t, {"(local.set $r", "next: (i32.add", "next: (local.get $d)", "next: (i32.const 1)", "next: )",
                         "next: )", "next: (block", "next: (call $a", "next: (local.get $r)"}) == "");
    CHECK(checkLines(t, {"(if", "next: (local.get $c)", "not: (if"}) == "");  // the dispatch on $x is gone
  }
  SUBCASE("then 0, else 1: into the else arm") {
    std::string t;
    CHECK(threaded(armsModule("0", "1"), &t) == 1);
    CHECK(checkLines(t, {"(local.set $r", "next: (local.get $d)", "next: )", "next: (block", "next: (call $a",
                         "next: (local.get $r)"}) == "");
  }
  SUBCASE("the dispatch opens the next block: the if/else moves into it first") {
    std::string t;
    CHECK(threaded(armsModule("1", "0", true), &t) == 1);
    CHECK(checkLines(t, {"(block $n", "next: (if", "next: (local.get $c)", "not: (if"}) == "");
  }
  SUBCASE("both arms run it (it would be copied): left alone") {
    CHECK(threaded(armsModule("1", "2")) == 0);
  }
  SUBCASE("an arm that leaves $x unknown: left alone") {
    CHECK(threaded(armsModule("1", "")) == 0);
  }
}

TEST_CASE("threadConstantDispatch: an if/else whose arm never falls through is lifted out of its set") {
  const char* wat = R"wat((module
  (import "env" "a" (func $a (param i32)))
  (func $f (param $c i32) (param $d i32) (result i32)
    (local $r i32)
    (block $out
      (local.set $r (if (result i32) (local.get $c)
        (then (call $a (i32.const 1)) (br $out))
        (else (call $a (local.get $d)) (i32.add (local.get $d) (i32.const 1)))))
      (call $a (local.get $r)))
    (local.get $r)))
)wat";
  std::string t;
  CHECK(threaded(wat, &t) == 1);
  // The else arm's statements follow the one-armed if, its value goes to $r.
  CHECK(checkLines(t, {"(br $out)", "next: )", "next: )", "next: (call $a", "next: (local.get $d)", "next: )",
                       "next: (local.set $r", "next: (i32.add", "next: (local.get $d)", "next: (i32.const 1)"}) == "");
}

TEST_CASE("threadConstantDispatch: a dispatch moves before local copies it cannot see") {
  auto module = [](const char* body) {
    return std::string(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (func $f (param $c i32) (param $d i32) (result i32)
    (local $x i32) (local $y i32)
    (local.set $x (block $b (result i32)
      (drop (br_if $b (i32.const 0) (local.get $c)))
      (local.get $d)))
    (local.set $y (local.get $d))
    (if (local.get $x) (then )wat") + body + R"wat())
    (local.get $y)))
)wat";
  };
  SUBCASE("the if reads neither $y nor writes $d: it moves up and the 0 branch skips it") {
    std::string t;
    CHECK(threaded(module("(call $a (local.get $x))"), &t) == 1);
    CHECK(checkLines(t, {"(if", "next: (local.get $x)", "(local.set $y", "next: (local.get $d)"}) == "");
  }
  SUBCASE("the if reads $y: it stays after the copy, and nothing is threaded") {
    CHECK(threaded(module("(call $a (local.get $y))")) == 0);
  }
  SUBCASE("the if may branch out (past the copy): it stays") {
    CHECK(threaded(module("(return (local.get $x))")) == 0);
  }
}

TEST_CASE("booleanSets: a block whose two exits run the same statements and carry 0/1 is the truth of the test") {
  auto module = [](const char* thenTail, const char* k1) {
    return std::string(R"wat((module
  (memory 1)
  (func $f (param $c i32) (param $p i32) (param $v i32) (result i32)
    (block $b (result i32)
      (if (local.get $c)
        (then (i32.store (local.get $p) (local.get $v)) )wat") + thenTail + " (br $b (i32.const " + k1 +
           R"wat())))
      (i32.store (local.get $p) (local.get $v))
      (i32.const 0))))
)wat";
  };
  SUBCASE("1 when the test holds: the store once, then c != 0") {
    Mod mod(module("", "1").c_str());
    CHECK(booleanSets(mod.m, mod.body("f")) == 1);
    CHECK(BinaryenModuleValidate(mod.m));
    std::string t = printedFunction(mod, "f");
    CHECK(checkLines(t, {"not: (if"}) == "");
    CHECK(checkLines(t, {"(i32.ne", "next: (local.get $c)", "next: (i32.const 0)"}) == "");
  }
  SUBCASE("statements that differ: left alone") {
    Mod mod(module("(i32.store offset=4 (local.get $p) (local.get $v))", "1").c_str());
    CHECK(booleanSets(mod.m, mod.body("f")) == 0);
  }
  SUBCASE("the same constant on both exits: left alone") {
    Mod mod(module("", "0").c_str());
    CHECK(booleanSets(mod.m, mod.body("f")) == 0);
  }
}

TEST_CASE("droppedValues: a dropped pure value keeps only its local.tee's, in order") {
  auto run = [](const char* dropped, unsigned expect, std::string* text = nullptr) {
    Mod mod((std::string(R"wat((module
  (memory 1)
  (func $f (param $a i32) (param $b i32) (result i32)
    (local $x i32) (local $y i64)
    (drop )wat") + dropped + R"wat()
    (i32.add (local.get $x) (i32.wrap_i64 (local.get $y)))))
)wat").c_str());
    CHECK(droppedValues(mod.m, mod.body("f")) == expect);
    CHECK(BinaryenModuleValidate(mod.m));
    if (text) *text = printedFunction(mod, "f");
  };
  SUBCASE("two tees, the inner first: two sets in that order, the i64 arithmetic gone") {
    std::string t;
    run("(i64.or (i64.extend_i32_u (local.tee $x (i32.add (local.get $a) (i32.const 1)))) "
        "(local.tee $y (i64.shl (i64.extend_i32_u (local.get $x)) (i64.const 32))))", 1, &t);
    CHECK(checkLines(t, {"(local.set $x", "next: (i32.add", "next: (local.get $a)", "next: (i32.const 1)", "next: )",
                         "next: )", "next: (local.set $y", "next: (i64.shl", "next: (i64.extend_i32_u",
                         "next: (local.get $x)", "next: )", "next: (i64.const 32)"}) == "");
    CHECK(checkLines(t, {"not: i64.or"}) == "");
  }
  SUBCASE("no tee: the drop goes") {
    std::string t;
    run("(i32.add (local.get $a) (local.get $b))", 1, &t);
    CHECK(checkLines(t, {"not: drop"}) == "");
  }
  SUBCASE("a load (it may trap) or a division: kept") {
    run("(i32.load (local.tee $x (local.get $a)))", 0);
    run("(i32.div_u (local.tee $x (local.get $a)) (local.get $b))", 0);
  }
}

TEST_CASE("droppedValues: a dropped block with a value, its branches its own statements, has no value") {
  auto run = [](const char* block, unsigned expect, std::string* text = nullptr) {
    Mod mod((std::string(R"wat((module
  (memory 1)
  (func $f (param $a i32) (param $b i32) (result i32)
    (local $x i32)
    (drop )wat") + block + R"wat()
    (local.get $x)))
)wat").c_str());
    CHECK(droppedValues(mod.m, mod.body("f")) == expect);
    CHECK(BinaryenModuleValidate(mod.m));
    if (text) *text = printedFunction(mod, "f");
  };
  SUBCASE("the seam's shape (gen seed 80111, after -O3): the load and its tee stay, the rest goes") {
    std::string t;
    run("(block $l (result i32)"
        " (drop (br_if $l (i32.shr_u (local.tee $x (i32.load offset=8 (local.get $a))) (i32.const 1))"
        "   (i32.and (local.get $b) (i32.const 1))))"
        " (drop (br_if $l (i32.const 29649) (i32.eq (local.get $x) (i32.const 16))))"
        " (i32.const 0))",
        1, &t);
    CHECK(checkLines(t, {"(block $l", "next: (drop", "next: (i32.shr_u", "next: (local.tee $x", "next: (i32.load offset=8",
                         "not: br_if", "not: 29649", "not: i32.eq"}) == "");
  }
  SUBCASE("a branch with an effect after it stays, without its value") {
    std::string t;
    run("(block $l (result i32)"
        " (drop (br_if $l (i32.const 5) (local.get $b)))"
        " (i32.store (local.get $a) (local.get $b))"
        " (i32.const 6))",
        1, &t);
    CHECK(checkLines(t, {"(block $l", "next: (drop", "next: (i32.const 5)", "next: )", "next: (br_if $l",
                         "next: (local.get $b)", "next: )", "next: (i32.store"}) == "");
  }
  SUBCASE("a branch to the block from deeper in it, or whose value is used: kept") {
    run("(block $l (result i32) (if (local.get $b) (br $l (i32.const 5))) (i32.const 6))", 0);
    run("(block $l (result i32) (local.set $x (br_if $l (i32.const 5) (local.get $b))) (i32.const 6))", 0);
  }
}

TEST_CASE("coveredDrops: a load kept for its trap goes when the next access through its pointer reaches as far") {
  auto run = [](const char* after, unsigned expect) {
    Mod mod((std::string(R"wat((module
  (import "env" "a" (func $a (param i32)))
  (memory 1)
  (func $f (param $p i32) (param $q i32) (result i32)
    (drop (i32.load offset=8 (local.get $p)))
    )wat") + after + R"wat(
    (i32.const 0)))
)wat").c_str());
    CHECK(coveredDrops(mod.m, mod.body("f")) == expect);
    CHECK(BinaryenModuleValidate(mod.m));
  };
  SUBCASE("a later load reaching further, only pure code before it: the drop goes") {
    run("(drop (i32.add (local.get $q) (i32.load offset=16 (local.get $p))))", 1);
  }
  SUBCASE("a store reaching as far: the drop goes") {
    run("(i32.store offset=8 (local.get $p) (local.get $q))", 1);
  }
  SUBCASE("the next access ends before the load's end: kept") {
    run("(drop (i32.load8_u offset=9 (local.get $p)))", 0);
  }
  SUBCASE("a call first: kept") {
    run("(call $a (i32.load offset=16 (local.get $p)))", 0);
  }
  SUBCASE("another pointer, or the pointer reassigned first: kept") {
    run("(drop (i32.load offset=16 (local.get $q)))", 0);
    run("(local.set $p (local.get $q)) (drop (i32.load offset=16 (local.get $p)))", 0);
  }
  SUBCASE("only inside an if's arm: kept") {
    run("(if (local.get $q) (then (drop (i32.load offset=16 (local.get $p)))))", 0);
  }
}

TEST_CASE("booleanSets: a value block is not folded when its test may trap (it would move after the statements)") {
  Mod mod(R"wat((module
  (memory 1)
  (func $f (param $c f32) (param $p i32) (param $v i32) (result i32)
    (block $b (result i32)
      (if (i32.trunc_f32_s (local.get $c))
        (then (i32.store (local.get $p) (local.get $v)) (br $b (i32.const 1))))
      (i32.store (local.get $p) (local.get $v))
      (i32.const 0))))
)wat");
  CHECK(booleanSets(mod.m, mod.body("f")) == 0);
}

namespace {

// Two argument checks in a row, each with arm `arm` (the second tested by `cond2`).
std::string checksModule(const char* cond2, const char* arm1, const char* arm2) {
  return std::string("(module (memory 1)\n (func $f (param $a i32) (param $b i32) (result i32)\n  (local $r i32)\n") +
         "  (block $out\n   (if (i32.lt_s (local.get $a) (i32.const -1)) (then " + arm1 + "))\n" +
         "   (if " + cond2 + " (then " + arm2 + "))\n   (local.set $r (local.get $b)))\n  (local.get $r)))\n";
}

} // namespace

TEST_CASE("mergeEqualArms: two ifs with the same arm that jumps out become one if on the or") {
  const char* arm = "(local.set $r (i32.const -22)) (br $out)";
  Mod mod(checksModule("(i32.shr_u (local.get $b) (i32.const 2))", arm, arm).c_str());
  CHECK(mergeEqualArms(mod.m, mod.body("f"), *makeCostModel("thumb2")) == 1);
  CHECK(BinaryenModuleValidate(mod.m));
  CHECK(checkLines(printedFunction(mod, "f"),
                   {"(if", "next: (i32.or", "next: (i32.lt_s", "next: (local.get $a)", "next: (i32.const -1)",
                    "next: )", "next: (i32.shr_u", "next: (local.get $b)", "next: (i32.const 2)", "not: (if"}) == "");
}

TEST_CASE("mergeEqualArms: what must stay two ifs") {
  const char* arm = "(local.set $r (i32.const -22)) (br $out)";
  SUBCASE("the second test may trap: it must not run when the first one holds") {
    Mod mod(checksModule("(i32.load (local.get $b))", arm, arm).c_str());
    CHECK(mergeEqualArms(mod.m, mod.body("f"), *makeCostModel("thumb2")) == 0);
  }
  SUBCASE("different arms") {
    Mod mod(checksModule("(local.get $b)", arm, "(local.set $r (i32.const -12)) (br $out)").c_str());
    CHECK(mergeEqualArms(mod.m, mod.body("f"), *makeCostModel("thumb2")) == 0);
  }
  SUBCASE("arms that fall through: the second if would run after the first arm") {
    const char* fall = "(local.set $r (i32.const -22))";
    Mod mod(checksModule("(local.get $b)", fall, fall).c_str());
    CHECK(mergeEqualArms(mod.m, mod.body("f"), *makeCostModel("thumb2")) == 0);
  }
}

namespace {

// An if/else whose value is dispatched on by a br_table right after one constant set.
std::string ifValueModule(const char* k1, const char* k2) {
  return std::string("(module\n (func $f (param $c i32) (result i32)\n  (local $x i32) (local $y i32)\n") +
         "  (block $out\n   (block $a\n" +
         "    (local.set $x (if (result i32) (local.get $c) (then (i32.const " + k1 + ")) (else (i32.const " + k2 +
         "))))\n    (local.set $y (i32.const 5))\n" +
         "    (block $d (br_table $a $out $d (local.get $x)))\n    (return (i32.const 7)))\n" +
         "   (return (local.get $y)))\n  (i32.const 9)))\n";
}

} // namespace

TEST_CASE("threadConstantDispatch: an if/else value dispatched on right after goes from each arm") {
  SUBCASE("both arms reach labels around the if: each jumps there, after its copy of the set") {
    Mod mod(ifValueModule("0", "1").c_str());
    CHECK(threadConstantDispatch(mod.m, mod.body("f"), DispatchesThreaded::BlockResultsAndLocals) >= 1);
    CHECK(BinaryenModuleValidate(mod.m));
    std::string t = printedFunction(mod, "f");
    CHECK(checkLines(t, {"(local.set $x", "next: (i32.const 0)", "next: )", "next: (local.set $y", "next: (i32.const 5)",
                         "next: )", "next: (br $a)"}) == "");
    CHECK(checkLines(t, {"(local.set $x", "next: (i32.const 1)", "next: )", "next: (local.set $y", "next: (i32.const 5)",
                         "next: )", "next: (br $out)"}) == "");
  }
  SUBCASE("one arm reaches the block opening at the dispatch: it falls through, the dispatch is a br") {
    Mod mod(ifValueModule("2", "1").c_str());
    CHECK(threadConstantDispatch(mod.m, mod.body("f"), DispatchesThreaded::BlockResultsAndLocals) >= 1);
    CHECK(BinaryenModuleValidate(mod.m));
    std::string t = printedFunction(mod, "f");
    CHECK(checkLines(t, {"(local.set $x", "next: (i32.const 1)", "next: )", "next: (local.set $y", "next: (i32.const 5)",
                         "next: )", "next: (br $out)"}) == "");
    CHECK(checkLines(t, {"not: br_table"}) == "");
    CHECK(checkLines(t, {"(block $d", "next: (br $d)"}) == "");
  }
  SUBCASE("a statement between that is not a constant set: left alone") {
    std::string w = ifValueModule("0", "1");
    w.replace(w.find("(local.set $y (i32.const 5))"), 28, "(local.set $y (local.get $c))");
    Mod mod(w.c_str());
    threadConstantDispatch(mod.m, mod.body("f"), DispatchesThreaded::BlockResultsAndLocals);
    CHECK(checkLines(printedFunction(mod, "f"), {"br_table"}) == "");
  }
}

TEST_CASE("branchOnValues: a new label never reuses a name the function already has") {
  // An earlier pass left a block named polarity$0; the if inside it gets another name.
  Mod mod("(module (func $f (param $x i32) (param $y i32)\n"
          " (block $polarity$0 (br_if $polarity$0 (local.get $y))\n"
          "  (if (i32.eqz (local.get $x)) (then (drop (i32.add (local.get $x) (i32.const 1))))))))\n");
  BinaryenExpressionRef body = mod.body("f");
  REQUIRE(branchOnValues(mod.m, body, BranchOnValuesOptions{.oneArmedIfs = true, .ifElses = true}) == 1);
  BinaryenFunctionSetBody(mod.fn("f"), body);
  std::string t = printedFunction(mod, "f");
  CHECK(checkLines(t, {"(block $polarity$0", "not: (block $polarity$0"}) == "");
  CHECK(checkLines(t, {"(block $polarity$1", "not: (block $polarity$1"}) == "");
  CHECK(BinaryenModuleValidate(mod.m));
}
