// Pass mergeReturnTails: tail merging of function exits (passes/merge_return_tails.h).
#include <doctest/doctest.h>

#include "passes/merge_return_tails.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>

using namespace eqsat;

namespace {

using test::checkLines;
using test::Mod;

const char* kImports =
    "(module\n (import \"env\" \"unlock\" (func $unlock (param i32 i32)))\n"
    " (import \"env\" \"work\" (func $work (param i32)))\n (memory 1)\n";

// Merges f's exits under the thumb2 model; on success installs the new body
// (with the new local when used) and checks the module still validates.
std::optional<MergedTails> merge(Mod& mod, TailExits exitKinds = TailExits::Returns) {
  auto cm = makeCostModel("thumb2");
  BinaryenFunctionRef f = mod.fn("f");
  BinaryenType params = BinaryenFunctionGetParams(f), results = BinaryenFunctionGetResults(f);
  std::vector<BinaryenType> vars;
  for (BinaryenIndex i = 0; i < BinaryenFunctionGetNumVars(f); ++i) vars.push_back(BinaryenFunctionGetVar(f, i));
  auto r = mergeReturnTails(mod.m, BinaryenFunctionGetBody(f), results,
                            BinaryenTypeArity(params) + BinaryenIndex(vars.size()), *cm, exitKinds);
  if (!r) return r;
  if (r->newLocal) vars.push_back(results);
  BinaryenRemoveFunction(mod.m, "f");
  BinaryenAddFunction(mod.m, "f", params, results, vars.data(), BinaryenIndex(vars.size()), r->body);
  CHECK(BinaryenModuleValidate(mod.m));
  return r;
}

// f: an exit inside an if (`shared1` then `exit1`) and the body's own (`shared2` then `exit2`), each
// after a call of its own; the body's block holds the if's exit.
std::string nested(const char* shared1, const char* exit1, const char* shared2, const char* exit2) {
  return std::string(kImports) + " (func $f (param $l i32) (param $k i32) (param $c i32) (result i32)\n" +
         "  (if (local.get $c) (then (call $work (local.get $c))\n    " + shared1 + " " + exit1 + "))\n" +
         "  (call $work (local.get $k))\n  " + shared2 + "\n  " + exit2 + "))\n";
}

const char* kUnlock = "(call $unlock (local.get $l) (local.get $k))";

// f of `wat` merged: one unlock call left; f as printed (and the merge, in `r`).
std::string mergedText(const std::string& wat, std::optional<MergedTails>& r,
                       TailExits exitKinds = TailExits::Returns) {
  Mod mod(wat.c_str());
  r = merge(mod, exitKinds);
  REQUIRE(r);
  std::string t = test::printedFunction(mod, "f");
  CHECK(checkLines(t, {"(call $unlock", "not: (call $unlock"}) == "");
  return t;
}

} // namespace

TEST_CASE("mergeReturnTails: exits that unlock and return different constants share one unlock") {
  // The -42 exit's block holds the other exit: the tail stays there.
  std::optional<MergedTails> r;
  std::string t = mergedText(nested(kUnlock, "(return (i32.const 0))", kUnlock, "(return (i32.const -42))"), r);
  CHECK(r->sites == 2);
  CHECK(r->newLocal);
  CHECK(checkLines(t, {"(local.set $3", "next: (i32.const 0)", "(local.set $3", "next: (i32.const -42)",
                       "(call $unlock", "(return", "next: (local.get $3)"}) == "");
}

TEST_CASE("mergeReturnTails: equal return values stay in the tail, with no new local") {
  std::optional<MergedTails> r;
  std::string t = mergedText(nested(kUnlock, "(return (local.get $c))", kUnlock, "(local.get $c)"), r);
  CHECK_FALSE(r->newLocal);
}

TEST_CASE("mergeReturnTails: exits in the two arms of an if share a tail at the end of the function") {
  // Neither exit's block holds the other; the body's own fallthrough must not reach the tail.
  std::string wat = std::string(kImports) +
                    " (func $f (param $l i32) (param $k i32) (param $c i32) (result i32)\n"
                    "  (if (local.get $c)\n"
                    "   (then (call $work (local.get $c)) (call $unlock (local.get $l) (local.get $k)) (return (i32.const 1)))\n"
                    "   (else (call $work (local.get $k)) (call $unlock (local.get $l) (local.get $k)) (return (i32.const 2))))\n"
                    "  (i32.const 3)))\n";
  std::optional<MergedTails> r;
  std::string t = mergedText(wat, r);
  CHECK(r->sites == 2);
  CHECK(checkLines(t, {"(return", "next: (block (result i32)", "(call $unlock"}) == "");  // the old body, kept from the tail
}

TEST_CASE("mergeReturnTails: what must not move is left alone") {
  SUBCASE("a return value that reads a local the shared statements write") {
    const char* tee = "(call $unlock (local.get $l) (local.tee $k (i32.const 7)))";
    Mod mod(nested(tee, "(return (local.get $k))", tee, "(return (local.get $c))").c_str());
    CHECK_FALSE(merge(mod));
  }
  SUBCASE("return values that load: a call in the tail may change memory") {
    Mod mod(nested(kUnlock, "(return (i32.load (local.get $l)))", kUnlock,
                   "(return (i32.load offset=4 (local.get $l)))").c_str());
    CHECK_FALSE(merge(mod));
  }
  SUBCASE("a shared statement too cheap to pay for the branches") {
    const char* copy = "(local.set $k (local.get $l))";
    Mod mod(nested(copy, "(return (i32.const 0))", copy, "(return (i32.const 1))").c_str());
    CHECK_FALSE(merge(mod));
  }
  SUBCASE("a body whose end is a branch target with a value") {
    std::string wat = std::string(kImports) +
                      " (func $f (param $l i32) (param $k i32) (param $c i32) (result i32)\n"
                      "  (block $b (result i32)\n"
                      "   (if (local.get $c) (then (call $work (local.get $c))\n"
                      "     (call $unlock (local.get $l) (local.get $k)) (return (i32.const 2))))\n"
                      "   (drop (br_if $b (i32.const 5) (local.get $k)))\n"
                      "   (call $work (local.get $k))\n"
                      "   (call $unlock (local.get $l) (local.get $k))\n"
                      "   (i32.const 1))))\n";
    Mod mod(wat.c_str());
    CHECK_FALSE(merge(mod));
  }
}

TEST_CASE("mergeReturnTails: a block that gives a return its value is an exit too (code-folding's form)") {
  SUBCASE("beside the other exit: the tail goes to the end, the block takes its return's place") {
    std::string wat = std::string(kImports) +
                      " (func $f (param $l i32) (param $k i32) (param $c i32) (result i32)\n"
                      "  (if (local.get $c) (then (call $work (local.get $c))\n"
                      "    (call $unlock (local.get $l) (local.get $k)) (return (i32.const 0))))\n"
                      "  (return (block (result i32) (call $work (local.get $k))\n"
                      "    (call $unlock (local.get $l) (local.get $k)) (i32.const 7)))))\n";
    std::optional<MergedTails> r;
    std::string t = mergedText(wat, r);
    CHECK(r->sites == 2);
    CHECK(checkLines(t, {"(local.set $3", "next: (i32.const 7)"}) == "");
  }
  SUBCASE("holding the other exit: the tail stays in it") {
    std::string wat = std::string(kImports) +
                      " (func $f (param $l i32) (param $k i32) (param $c i32) (result i32)\n"
                      "  (call $work (local.get $l))\n"
                      "  (return (block (result i32)\n"
                      "    (if (local.get $c) (then (call $work (local.get $c))\n"
                      "      (call $unlock (local.get $l) (local.get $k)) (return (i32.const 0))))\n"
                      "    (call $work (local.get $k))\n"
                      "    (call $unlock (local.get $l) (local.get $k)) (i32.const 7)))))\n";
    std::optional<MergedTails> r;
    std::string t = mergedText(wat, r);
    CHECK(checkLines(t, {"(call $unlock", "next: (local.get $0)", "next: (local.get $1)", "next: )",
                         "next: (local.get $3)"}) == "");
  }
}

TEST_CASE("mergeReturnTails: a function without a result: the body's end is an exit with no value") {
  std::string wat = std::string(kImports) +
                    " (func $f (param $l i32) (param $k i32) (param $c i32)\n"
                    "  (if (local.get $c) (then (call $work (local.get $c)) " + kUnlock + " (return)))\n"
                    "  (call $work (local.get $k))\n  " + kUnlock + "))\n";
  std::optional<MergedTails> r;
  std::string t = mergedText(wat, r);
  CHECK_FALSE(r->newLocal);
  CHECK(checkLines(t, {"(call $work", "next: (local.get $1)"}) == "");  // the body's own statement stays
}

TEST_CASE("mergeReturnTails: with end branches, a br to a block whose end is the function's is an exit, and that "
          "block's end too") {
  // The seam's shape after threading (gen seed 80447): the dispatch's arms
  // end in (br $d V) to the body's last block, the last arm falls out of it.
  std::string wat = std::string(kImports) +
                    " (func $f (param $l i32) (param $k i32) (param $c i32) (result i32)\n"
                    "  (call $work (local.get $l))\n"
                    "  (block $d (result i32)\n"
                    "   (if (local.get $c) (then (call $work (local.get $c))\n"
                    "     (call $unlock (local.get $l) (local.get $k)) (br $d (i32.const -11))))\n"
                    "   (call $work (local.get $k))\n"
                    "   (call $unlock (local.get $l) (local.get $k))\n"
                    "   (i32.const -16))))\n";
  {
    Mod mod(wat.c_str());
    CHECK_FALSE(merge(mod, TailExits::Returns));
  }
  std::optional<MergedTails> r;
  std::string t = mergedText(wat, r, TailExits::ReturnsAndEndBranches);
  CHECK(r->sites == 2);
  CHECK(r->newLocal);
  CHECK(checkLines(t, {"(i32.const -11)", "(i32.const -16)", "(call $unlock", "next: (local.get $0)",
                       "next: (local.get $1)", "next: )", "next: (local.get $3)"}) == "");
}
