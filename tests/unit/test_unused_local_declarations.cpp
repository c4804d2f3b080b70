// Pass unusedLocalDeclarations (passes/unused_local_declarations.h): unused
// declarations dropped before coalesce-locals, which then gives the same
// function as with them.
#include <doctest/doctest.h>

#include "passes/unused_local_declarations.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <random>
#include <string>
#include <vector>

using namespace eqsat;

namespace {

using test::Mod;

const char* const kTypeNames[] = {"i32", "i64", "f32", "f64"};

// A function $f with `declared` locals of random types, a random share of
// them read and written: sets from constants and, for a type with copies,
// sums of two locals, copies between locals and a loop whose back edge
// copies; a result summed from the i32 locals used. Types a run leaves
// without a used local keep only unused declarations; the last type's
// locals may all sit in the last third of the declarations.
std::string randomFunction(std::mt19937& rng, int declared, double usedShare, int types) {
  std::vector<int> type(declared);
  std::vector<bool> used(declared);
  const bool lastTypeAtTheEnd = rng() % 2 == 0;
  for (int i = 0; i < declared; ++i) {
    type[i] = int(rng() % unsigned(types));
    if (lastTypeAtTheEnd && types > 1 && type[i] == types - 1 && i < 2 * declared / 3) type[i] = 0;
    used[i] = std::uniform_real_distribution<double>(0, 1)(rng) < usedShare;
  }
  bool withCopies[4];
  for (bool& c : withCopies) c = rng() % 3 != 0;
  std::vector<std::vector<int>> usedOf(4);
  for (int i = 0; i < declared; ++i)
    if (used[i]) usedOf[type[i]].push_back(i);
  auto local = [](int i) { return "$l" + std::to_string(i); };
  auto pick = [&](int t) { return usedOf[t][rng() % usedOf[t].size()]; };
  std::string body;
  for (int t = 0; t < 4; ++t) {
    if (usedOf[t].empty()) continue;
    const std::string ty = kTypeNames[t];
    for (int i : usedOf[t]) body += "  (local.set " + local(i) + " (" + ty + ".const " + std::to_string(i) + "))\n";
    if (!withCopies[t]) continue;
    for (size_t k = 0; k < 3 * usedOf[t].size(); ++k) {
      const int a = pick(t), b = pick(t), c = pick(t);
      if (rng() % 3 == 0)
        body += "  (local.set " + local(a) + " (local.get " + local(b) + "))\n";
      else
        body += "  (local.set " + local(a) + " (" + ty + ".add (local.get " + local(b) + ") (local.get " + local(c) +
                ")))\n";
    }
    const int a = pick(t), b = pick(t);
    body += "  (loop $back" + ty + " (local.set " + local(a) + " (local.get " + local(b) + ")) (br_if $back" + ty +
            " (local.get $p)))\n";
  }
  std::string sum = "(i32.const 0)";
  for (int i : usedOf[0]) sum = "(i32.add " + sum + " (local.get " + local(i) + "))";
  for (int t = 1; t < 4; ++t)
    for (int i : usedOf[t]) body += "  (drop (local.get " + local(i) + "))\n";
  std::string locals;
  for (int i = 0; i < declared; ++i) locals += " (local " + local(i) + " " + kTypeNames[type[i]] + ")";
  return "(module (func $f (param $p i32) (param $q f64) (result i32)" + locals + "\n" + body + "  " + sum + "))";
}

std::vector<BinaryenType> varsOf(BinaryenFunctionRef f) {
  std::vector<BinaryenType> v;
  for (BinaryenIndex i = 0; i < BinaryenFunctionGetNumVars(f); ++i) v.push_back(BinaryenFunctionGetVar(f, i));
  return v;
}

void coalesce(Mod& mod) {
  const char* pass = "coalesce-locals";
  BinaryenFunctionRunPasses(mod.fn("f"), mod.m, &pass, 1);
}

// $f after coalesce-locals, with and without the pass before it; the
// number of declarations the pass dropped.
struct Both {
  std::string with, without;
  unsigned dropped;
};

Both coalescedBothWays(const std::string& wat) {
  Mod plain(wat.c_str()), dropped(wat.c_str());
  REQUIRE(plain.m);
  coalesce(plain);
  BinaryenFunctionRef f = dropped.fn("f");
  std::vector<BinaryenType> vars = varsOf(f);
  BinaryenExpressionRef body = BinaryenFunctionGetBody(f);
  const BinaryenType params = BinaryenFunctionGetParams(f), results = BinaryenFunctionGetResults(f);
  const unsigned n = unusedLocalDeclarations(body, BinaryenTypeArity(params), vars);
  CHECK(BinaryenFunctionGetNumVars(f) == vars.size() + n);
  BinaryenRemoveFunction(dropped.m, "f");
  BinaryenAddFunction(dropped.m, "f", params, results, vars.data(), BinaryenIndex(vars.size()), body);
  CHECK(BinaryenModuleValidate(dropped.m));
  coalesce(dropped);
  return {test::printedFunction(dropped, "f"), test::printedFunction(plain, "f"), n};
}

} // namespace

TEST_CASE("unusedLocalDeclarations: coalesce-locals gives the same function without the declarations dropped") {
  std::mt19937 rng(25);
  unsigned droppedInAll = 0;
  for (int run = 0; run < 100; ++run) {
    const int declared = 140 + int(rng() % 200);
    const double usedShare = 0.02 + 0.3 * double(rng() % 100) / 100.0;
    const int types = 1 + int(rng() % 4);
    const std::string wat = randomFunction(rng, declared, usedShare, types);
    CAPTURE(run);
    const Both b = coalescedBothWays(wat);
    CHECK(b.with == b.without);
    droppedInAll += b.dropped;
  }
  CHECK(droppedInAll > 0);
}

TEST_CASE("unusedLocalDeclarations: the lowest and highest declaration of each type and those below the bound stay") {
  // 200 i32 locals and one f32; $l0 (lowest i32), $l150 and the f32 used:
  // every local below params 2 + used 3 + types 2 = 7 stays ($l0..$l4), as
  // do $l150, $l199 (highest i32) and $l200 (the f32).
  std::string locals;
  for (int i = 0; i < 200; ++i) locals += " (local $l" + std::to_string(i) + " i32)";
  const std::string wat = "(module (func $f (param $p i32) (param $q f64) (result i32)" + locals +
                          " (local $l200 f32)\n (local.set $l150 (local.get $p))\n (local.set $l0 (local.get "
                          "$l150))\n (drop (local.get $l200))\n (local.get $l0)))";
  Mod mod(wat.c_str());
  BinaryenFunctionRef f = mod.fn("f");
  std::vector<BinaryenType> vars = varsOf(f);
  BinaryenExpressionRef body = BinaryenFunctionGetBody(f);
  CHECK(unusedLocalDeclarations(body, 2, vars) == 201 - 8);
  REQUIRE(vars.size() == 8);
  CHECK(vars[7] == BinaryenTypeFloat32());
  BinaryenRemoveFunction(mod.m, "f");
  BinaryenType params[] = {BinaryenTypeInt32(), BinaryenTypeFloat64()};
  BinaryenAddFunction(mod.m, "f", BinaryenTypeCreate(params, 2), BinaryenTypeInt32(), vars.data(),
                      BinaryenIndex(vars.size()), body);
  CHECK(BinaryenModuleValidate(mod.m));
  CHECK(test::checkLines(test::printedFunction(mod, "f"), {
            "(local.set $7",
            "next: (local.get $0)",
            "(local.set $2",
            "next: (local.get $7)",
            "(drop",
            "next: (local.get $9)",
            "(local.get $2)",
        }) == "");
}

TEST_CASE("unusedLocalDeclarations: few declarations, or an expression it cannot walk, leave the function alone") {
  Mod small("(module (func $f (local i32) (local i32) (drop (local.get 1))))");
  std::vector<BinaryenType> vars = varsOf(small.fn("f"));
  CHECK(unusedLocalDeclarations(small.body("f"), 0, vars) == 0);
  CHECK(vars.size() == 2);

  std::string locals;
  for (int i = 0; i < 200; ++i) locals += " (local i32)";
  const std::string wat = "(module (memory 1) (func $f" + locals +
                          " (memory.fill (local.get 3) (i32.const 0) (i32.const 1))))";
  Mod walled(wat.c_str());
  vars = varsOf(walled.fn("f"));
  CHECK(unusedLocalDeclarations(walled.body("f"), 0, vars) == 0);
  CHECK(vars.size() == 200);
}

TEST_CASE("unusedDeclarationsOfType: every unused declaration of the type goes, the others stay renumbered") {
  // i64 $a unused, i32 $b used, i64 $c used, i64 $d unused, i32 $e unused:
  // $a and $d go; $b, $c and the unused i32 $e stay, renumbered 1, 2, 3.
  Mod mod("(module (func $f (param $p i32) (result i64) (local $a i64) (local $b i32) (local $c i64) (local $d i64)"
          " (local $e i32)\n (local.set $b (local.get $p))\n (local.set $c (i64.extend_i32_u (local.get $b)))\n"
          " (local.get $c)))");
  BinaryenFunctionRef f = mod.fn("f");
  std::vector<BinaryenType> vars = varsOf(f);
  BinaryenExpressionRef body = BinaryenFunctionGetBody(f);
  CHECK(unusedDeclarationsOfType(body, 1, vars, BinaryenTypeInt64()) == 2);
  REQUIRE(vars.size() == 3);
  CHECK(vars[0] == BinaryenTypeInt32());
  CHECK(vars[1] == BinaryenTypeInt64());
  CHECK(vars[2] == BinaryenTypeInt32());
  BinaryenRemoveFunction(mod.m, "f");
  BinaryenAddFunction(mod.m, "f", BinaryenTypeInt32(), BinaryenTypeInt64(), vars.data(), BinaryenIndex(vars.size()),
                      body);
  CHECK(BinaryenModuleValidate(mod.m));
  CHECK(test::checkLines(test::printedFunction(mod, "f"), {
            "(local.set $1",
            "next: (local.get $0)",
            "(local.set $2",
            "(local.get $1)",
            "(local.get $2)",
        }) == "");
  // Without an unused one of the type, nothing changes.
  std::vector<BinaryenType> again = vars;
  CHECK(unusedDeclarationsOfType(body, 1, again, BinaryenTypeInt64()) == 0);
  CHECK(again == vars);
}
