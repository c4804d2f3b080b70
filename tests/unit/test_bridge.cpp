// Invariants of the wasm function <-> e-graph bridge and the emitter.
#include <doctest/doctest.h>

#include "bridge/bridge.h"
#include "bridge/phi_rewrite.h"
#include "egraph/runner.h"
#include "emit/emit.h"
#include "extract/extract.h"
#include "module/optimize.h"
#include "module/validate.h"
#include "rules/loader.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <functional>
#include <string>
#include <unordered_set>

using namespace eqsat;

namespace {

using test::Mod;

std::unique_ptr<FunctionGraph> build(const Mod& mod, const char* name, std::string& why) {
  static const std::unordered_set<std::string> noImports;
  BridgeOptions o;
  o.importedFunctions = &noImports;
  return buildFunctionGraph(mod.m, mod.fn(name), o, why);
}

size_t countNodes(const EGraph& g, const std::function<bool(const NodeView&)>& pred) {
  size_t n = 0;
  for (ClassId c : g.classes())
    for (NodeId id : g.classNodes(c))
      if (pred(g.node(id))) ++n;
  return n;
}

size_t countStmts(const std::vector<Stmt>& body, StmtKind k) {
  size_t n = 0;
  for (const Stmt& s : body) {
    n += s.kind == k;
    n += countStmts(s.body, k) + countStmts(s.elseBody, k);
  }
  return n;
}

} // namespace

TEST_CASE("bridge: locals are values; a merge of different values is a phi") {
  Mod mod(R"((module
    (func $f (export "f") (param i32) (result i32) (local i32)
      (if (local.get 0) (then (local.set 1 (i32.const 7))) (else (local.set 1 (i32.const 9))))
      (local.get 1))))");
  std::string why;
  auto fg = build(mod, "f", why);
  REQUIRE(fg);
  const EGraph& g = *fg->egraph;
  CHECK(countNodes(g, [](const NodeView& n) { return n.op == Op::Phi && n.children.size() == 2; }) == 1);
  REQUIRE(fg->body.size() == 2);
  CHECK(fg->body[0].kind == StmtKind::If);
  CHECK(fg->body[1].kind == StmtKind::Value);
}

TEST_CASE("bridge: two loads of one address share a class, not across a store") {
  Mod mod(R"((module (memory 1)
    (func $f (export "f") (param i32) (result i32)
      (i32.add (i32.load (local.get 0)) (i32.load (local.get 0))))
    (func $g (export "g") (param i32) (result i32) (local i32)
      (local.set 1 (i32.load (local.get 0)))
      (i32.store (local.get 0) (i32.const 1))
      (i32.add (local.get 1) (i32.load (local.get 0))))))");
  std::string why;
  auto f = build(mod, "f", why);
  REQUIRE(f);
  CHECK(countStmts(f->body, StmtKind::Define) == 2);  // both loads stay (each may trap)
  ClassId a = f->body[0].cls, b = f->body[1].cls;
  CHECK(f->egraph->find(a) == f->egraph->find(b));
  auto g = build(mod, "g", why);
  REQUIRE(g);
  std::vector<ClassId> loads;
  for (const Stmt& s : g->body)
    if (s.kind == StmtKind::Define) loads.push_back(g->egraph->find(s.cls));
  REQUIRE(loads.size() == 2);
  CHECK(loads[0] != loads[1]);
}

TEST_CASE("bridge: unsupported instructions leave the function alone") {
  Mod mod(R"((module (memory 1)
    (func $f (export "f") (param i32) (result i32)
      (i32.atomic.load (local.get 0)))))");
  BinaryenModuleSetFeatures(mod.m, BinaryenFeatureAll());
  std::string why;
  auto f = build(mod, "f", why);
  CHECK(!f);
  CHECK(why.find("atomic") != std::string::npos);
}

TEST_CASE("bridge: a loop-carried local becomes a loop phi; an unchanged one does not") {
  Mod mod(R"((module
    (func $f (export "f") (param i32) (result i32) (local i32) (local i32)
      (local.set 2 (i32.const 5))
      (loop $l
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (local.set 2 (local.get 2))
        (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
      (i32.add (local.get 1) (local.get 2)))))");
  std::string why;
  auto fg = build(mod, "f", why);
  REQUIRE(fg);
  REQUIRE(fg->merges.size() >= 1);
  const EGraph& g = *fg->egraph;
  // local 2 is unchanged around the loop: its loop phi is its entry value (5).
  size_t constPhis = 0;
  for (const Merge& m : fg->merges)
    for (const auto& c : m.carried)
      if (g.constant(c.phi)) ++constPhis;
  CHECK(constPhis == 1);
}

TEST_CASE("pipeline: the seam through a block result dissolves and the module validates") {
  // decide packs {action: bits 0-7, count: bits 32-63} on two paths; the caller unpacks at once.
  Mod mod(R"((module (memory 1)
    (func $shim (export "shim") (param $p i32) (param $c i32) (result i32) (local $r i64)
      (local.set $r
        (block $d (result i64)
          (br_if $d (i64.or (i64.shl (i64.extend_i32_u (local.get $c)) (i64.const 32)) (i64.const 1))
                    (i32.eqz (local.get $c)))
          (i64.or (i64.shl (i64.extend_i32_u (i32.add (local.get $c) (i32.const 1))) (i64.const 32)) (i64.const 2))))
      (i32.store (local.get $p) (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 32))))
      (i32.wrap_i64 (i64.and (local.get $r) (i64.const 255))))))");
  auto rs = rules::loadRulesetFile(rules::defaultRulesetPath());
  OptimizeOptions opts;
  OptimizeSummary sum;
  optimizeModule(mod.m, rs.rewrites, opts, sum);
  CHECK(sum.handled == 1);
  CHECK(validateModuleCaptured(mod.m).ok);
  char* text = BinaryenModuleAllocateAndWriteText(mod.m);
  std::string t = text;
  free(text);
  CHECK(t.find("i64") == std::string::npos);
}
