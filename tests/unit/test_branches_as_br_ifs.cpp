// Pass branchesAsBrIfs: a one-armed if whose arm is only a branch is a
// br_if (passes/branches_as_br_ifs.h).
#include <doctest/doctest.h>

#include "passes/branches_as_br_ifs.h"
#include "check_lines.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>

using namespace eqsat;

namespace {

using test::checkLines;
using test::Mod;
using test::printedFunction;

// f(p) with `inner` in block $l, then a call.
std::string function(const char* inner) {
  return std::string(R"wat((module
  (import "env" "use" (func $use (param i32)))
  (func $f (param $p i32)
    (block $l
      )wat") + inner + R"wat(
      (call $use (i32.const 1)))
    (call $use (i32.const 2))))
)wat";
}

// branchesAsBrIfs on $f, after checking that branchesAsBrIfsApplies answers
// as the pass then does, and changes nothing.
unsigned rewrite(Mod& mod) {
  const std::string before = printedFunction(mod, "f");
  const bool applies = branchesAsBrIfsApplies(mod.body("f"));
  CHECK(printedFunction(mod, "f") == before);
  unsigned n = branchesAsBrIfs(mod.m, mod.body("f"));
  CHECK(applies == (n > 0));
  CHECK(BinaryenModuleValidate(mod.m));
  return n;
}

} // namespace

TEST_CASE("branchesAsBrIfs: (if C (br $l)) is (br_if $l C)") {
  Mod mod(function("(if (i32.eqz (local.get $p)) (br $l))").c_str());
  CHECK(rewrite(mod) == 1);
  CHECK(checkLines(printedFunction(mod, "f"), {
                                                  "(block $l",
                                                  "next: (br_if $l",
                                                  "next: (i32.eqz",
                                              }) == "");
}

TEST_CASE("branchesAsBrIfs: what stays") {
  SUBCASE("an arm that does more than branch") {
    Mod mod(function("(if (local.get $p) (block (call $use (i32.const 3)) (br $l)))").c_str());
    CHECK(rewrite(mod) == 0);
  }
  SUBCASE("an if with an else arm") {
    Mod mod(function("(if (local.get $p) (br $l) (call $use (i32.const 3)))").c_str());
    CHECK(rewrite(mod) == 0);
  }
}
