// Pass exitBranchesAsReturns: a br with a value to a block whose end is the
// function's end is a return (passes/exit_branches_as_returns.h).
#include <doctest/doctest.h>

#include "passes/exit_branches_as_returns.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>

using namespace eqsat;

namespace {

using test::checkLines;
using test::Mod;
using test::printedFunction;

// f(p, c): `body`, the whole of f's body.
std::string function(const char* body) {
  return std::string(R"wat((module
  (import "env" "use" (func $use (param i32)))
  (func $f (param $p i32) (param $c i32) (result i32)
    )wat") + body + R"wat())
)wat";
}

// exitBranchesAsReturns on $f, after checking that
// exitBranchesAsReturnsApplies answers as the pass then does, and changes
// nothing.
unsigned rewrite(Mod& mod) {
  const std::string before = printedFunction(mod, "f");
  const bool applies = exitBranchesAsReturnsApplies(mod.body("f"));
  CHECK(printedFunction(mod, "f") == before);
  unsigned n = exitBranchesAsReturns(mod.m, mod.body("f"));
  CHECK(applies == (n > 0));
  CHECK(BinaryenModuleValidate(mod.m));
  return n;
}

} // namespace

TEST_CASE("exitBranchesAsReturns: a br to the block that ends the function is a return") {
  Mod mod(function(R"wat((block $e (result i32)
      (if (local.get $c) (then (br $e (i32.const 1))))
      (call $use (local.get $p))
      (if (local.get $p) (then (br $e (i32.const 2))))
      (i32.const 3)))wat").c_str());
  CHECK(rewrite(mod) == 2);
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(return",
                                                  "next: (i32.const 1)",
                                                  "(return",
                                                  "next: (i32.const 2)",
                                              }) == "");
}

TEST_CASE("exitBranchesAsReturns: what stays") {
  SUBCASE("a br_if (it falls through when not taken)") {
    Mod mod(function(R"wat((block $e (result i32)
      (drop (br_if $e (i32.const 1) (local.get $c)))
      (i32.const 3)))wat").c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a block whose value the function goes on to use") {
    Mod mod(function(R"wat((i32.add (block $e (result i32)
      (if (local.get $c) (then (br $e (i32.const 1))))
      (i32.const 3)) (local.get $p)))wat").c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("a br without a value to a block without one") {
    Mod mod(function(R"wat((block $e
      (if (local.get $c) (then (br $e)))
      (call $use (local.get $p)))
    (i32.const 3))wat").c_str());
    CHECK(rewrite(mod) == 0);
  }
}
