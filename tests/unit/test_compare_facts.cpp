// Compares decided by the compares of the path (emit/compare_facts.cpp):
// relations between two values and ranges against constants, signed and
// unsigned; and the compares the path leaves open.
#include <doctest/doctest.h>

#include "check_lines.h"
#include "module/optimize.h"
#include "rules/loader.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>

using namespace eqsat;

namespace {

using test::checkLines;
using test::Mod;
using test::printedFunction;

// $f's body stores what it computes at $p, so each compare stays visible.
std::string optimized(const char* func) {
  const std::string text = std::string("(module (memory 1) ") + func + ")";
  Mod mod(text.c_str());
  static const auto rs = rules::loadRulesetFile(rules::defaultRulesetPath());
  OptimizeOptions opts;
  opts.jobs = 1;
  OptimizeSummary summary;
  optimizeModule(mod.m, rs.rewrites, opts, summary);
  CHECK(BinaryenModuleValidate(mod.m));
  return printedFunction(mod, "f");
}

} // namespace

TEST_CASE("compare facts: a >=u b false decides a != b and a == b, also with the operands swapped") {
  std::string out = optimized(R"wat(
  (func $f (export "f") (param $a i32) (param $b i32) (param $p i32)
    (if (i32.ge_u (local.get $a) (local.get $b)) (then (return)))
    (i32.store (local.get $p) (i32.ne (local.get $a) (local.get $b)))
    (i32.store offset=4 (local.get $p) (i32.eq (local.get $b) (local.get $a)))
    (i32.store offset=8 (local.get $p) (i32.gt_u (local.get $b) (local.get $a)))
    (i32.store offset=12 (local.get $p) (i32.lt_s (local.get $a) (local.get $b)))))wat");
  CHECK(checkLines(out, {
      "(i32.store", "next: (local.get $p)", "next: (i32.const 1)",
      "(i32.store offset=4", "next: (local.get $p)", "next: (i32.const 0)",
      "(i32.store offset=8", "next: (local.get $p)", "next: (i32.const 1)",
      "(i32.store offset=12", "next: (local.get $p)", "next: (i32.lt_s",
  }) == "");
}

TEST_CASE("compare facts: ranges against constants, unsigned and signed, i32 and i64") {
  std::string out = optimized(R"wat(
  (func $f (export "f") (param $n i32) (param $s i32) (param $w i64) (param $p i32)
    (if (i32.ge_u (local.get $n) (i32.const 4)) (then (return)))
    (if (i32.gt_s (local.get $s) (i32.const -3)) (then (return)))
    (if (i64.eqz (local.get $w)) (then (return)))
    (i32.store (local.get $p) (i32.lt_u (local.get $n) (i32.const 9)))
    (i32.store offset=4 (local.get $p) (i32.eq (local.get $n) (i32.const 4)))
    (i32.store offset=8 (local.get $p) (i32.lt_u (local.get $n) (i32.const 3)))
    (i32.store offset=12 (local.get $p) (i32.lt_s (local.get $s) (i32.const 0)))
    (i32.store offset=16 (local.get $p) (i32.eq (local.get $s) (i32.const -2)))
    (i32.store offset=20 (local.get $p) (i64.ne (local.get $w) (i64.const 0)))
    (i32.store offset=24 (local.get $p) (i64.gt_u (local.get $w) (i64.const 0)))))wat");
  CHECK(checkLines(out, {
      "(i32.store", "next: (local.get $p)", "next: (i32.const 1)",
      "(i32.store offset=4", "next: (local.get $p)", "next: (i32.const 0)",
      "(i32.store offset=8", "next: (local.get $p)", "next: (i32.lt_u",
      "(i32.store offset=12", "next: (local.get $p)", "next: (i32.const 1)",
      "(i32.store offset=16", "next: (local.get $p)", "next: (i32.const 0)",
      "(i32.store offset=20", "next: (local.get $p)", "next: (i32.const 1)",
      "(i32.store offset=24", "next: (local.get $p)", "next: (i32.const 1)",
  }) == "");
}

TEST_CASE("compare facts: a compare of other operands, or one the facts leave open, stays") {
  std::string out = optimized(R"wat(
  (func $f (export "f") (param $a i32) (param $b i32) (param $c i32) (param $p i32)
    (if (i32.le_u (local.get $a) (local.get $b)) (then (return)))
    (i32.store (local.get $p) (i32.ne (local.get $a) (local.get $c)))
    (i32.store offset=4 (local.get $p) (i32.gt_s (local.get $a) (local.get $b)))
    (i32.store offset=8 (local.get $p) (i32.lt_u (local.get $a) (i32.const 7)))))wat");
  CHECK(checkLines(out, {
      "(i32.store", "next: (local.get $p)", "next: (i32.ne",
      "(i32.store offset=4", "next: (local.get $p)", "next: (i32.gt_s",
      "(i32.store offset=8", "next: (local.get $p)", "next: (i32.lt_u",
  }) == "");
}
