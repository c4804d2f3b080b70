// The shadow-stack ABI assumption (README, Assumptions): with it a frame slot
// that never escapes becomes values; without it (--assume none) its stores
// stay and a slot load is forwarded only from a store that no unknown store
// or call follows. And how the command line names it.
#include <doctest/doctest.h>

#include "module/errors.h"
#include "cli/options.h"
#include "bridge/bridge.h"
#include "module/optimize.h"
#include "module/validate.h"
#include "rules/loader.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <string>
#include <unordered_set>

using namespace eqsat;

namespace {

using test::Mod;

// slot = x; *p = 5; return slot (p may be the slot itself under wasm semantics),
// the slot read before and after *p = 5, and the slot read after a call.
const char* const kFrames = R"((module
  (import "env" "log" (func $log (param i32)))
  (global $__stack_pointer (mut i32) (i32.const 65536))
  (memory 2)
  (func $alias (export "alias") (param $p i32) (param $x i32) (result i32) (local $sp i32) (local $r i32)
    (global.set $__stack_pointer (local.tee $sp (i32.sub (global.get $__stack_pointer) (i32.const 16))))
    (i32.store offset=8 (local.get $sp) (local.get $x))
    (i32.store (local.get $p) (i32.const 5))
    (local.set $r (i32.load offset=8 (local.get $sp)))
    (global.set $__stack_pointer (i32.add (local.get $sp) (i32.const 16)))
    (local.get $r))
  (func $forward (export "forward") (param $p i32) (param $x i32) (result i32) (local $sp i32) (local $r i32)
    (global.set $__stack_pointer (local.tee $sp (i32.sub (global.get $__stack_pointer) (i32.const 16))))
    (i32.store offset=8 (local.get $sp) (local.get $x))
    (local.set $r (i32.load offset=8 (local.get $sp)))
    (i32.store (local.get $p) (i32.const 5))
    (local.set $r (i32.add (local.get $r) (i32.load offset=8 (local.get $sp))))
    (global.set $__stack_pointer (i32.add (local.get $sp) (i32.const 16)))
    (local.get $r))
  (func $call (export "call") (param $x i32) (result i32) (local $sp i32) (local $r i32)
    (global.set $__stack_pointer (local.tee $sp (i32.sub (global.get $__stack_pointer) (i32.const 16))))
    (i32.store offset=8 (local.get $sp) (local.get $x))
    (call $log (local.get $x))
    (local.set $r (i32.load offset=8 (local.get $sp)))
    (global.set $__stack_pointer (i32.add (local.get $sp) (i32.const 16)))
    (local.get $r))
  (func $loop (export "loop") (param $p i32) (param $x i32) (result i32) (local $sp i32) (local $r i32)
    (global.set $__stack_pointer (local.tee $sp (i32.sub (global.get $__stack_pointer) (i32.const 16))))
    (i32.store offset=8 (local.get $sp) (local.get $x))
    (loop $l
      (i32.store (local.get $p) (i32.const 5))
      (br_if $l (i32.eqz (local.tee $x (i32.sub (local.get $x) (i32.const 1))))))
    (local.set $r (i32.load offset=8 (local.get $sp)))
    (global.set $__stack_pointer (i32.add (local.get $sp) (i32.const 16)))
    (local.get $r))))";

struct Counts {
  size_t loads = 0, stores = 0, spWrites = 0;
};

void count(const std::vector<Stmt>& body, Counts& c) {
  for (const Stmt& s : body) {
    const OpInfo& info = opInfo(s.op);
    if (s.kind == StmtKind::Define && info.kind == OpKind::Load) ++c.loads;
    if (s.kind == StmtKind::Effect && info.kind == OpKind::Store) ++c.stores;
    if (s.kind == StmtKind::Effect && s.op == Op::GlobalSet) ++c.spWrites;
    count(s.body, c);
    count(s.elseBody, c);
  }
}

Counts build(const Mod& mod, const char* name, bool stackAbi, bool& removed) {
  static const std::unordered_set<std::string> imports{"log"};
  BridgeOptions o;
  o.importedFunctions = &imports;
  o.stackAbi = stackAbi;
  std::string why;
  auto fg = buildFunctionGraph(mod.m, mod.fn(name), o, why);
  REQUIRE(fg);
  removed = fg->stackSlotRemoved;
  Counts c;
  count(fg->body, c);
  return c;
}

std::string optimized(const char* wat, bool stackAbi) {
  Mod mod(wat);
  auto rs = rules::loadRulesetFile(rules::defaultRulesetPath());
  OptimizeOptions opts;
  opts.stackAbi = stackAbi;
  opts.jobs = 1;
  OptimizeSummary sum;
  optimizeModule(mod.m, rs.rewrites, opts, sum);
  REQUIRE(validateModuleCaptured(mod.m).ok);
  char* text = BinaryenModuleAllocateAndWriteText(mod.m);
  std::string t = text;
  free(text);
  return t;
}

} // namespace

TEST_CASE("stack-abi: with the assumption the frame slot becomes values") {
  Mod mod(kFrames);
  for (const char* f : {"alias", "forward", "call", "loop"}) {
    CAPTURE(f);
    bool removed = false;
    Counts c = build(mod, f, true, removed);
    CHECK(removed);
    CHECK(c.loads == 0);                     // the slot's loads read its last store
    CHECK(c.stores == (f[0] == 'c' ? 0u : 1u));  // only *p = 5 is left
    CHECK(c.spWrites == 0);                  // only imports called: the frame goes
  }
}

TEST_CASE("stack-abi off: stores stay, a load is forwarded only with no unknown store or call between") {
  Mod mod(kFrames);
  bool removed = true;
  Counts alias = build(mod, "alias", false, removed);
  CHECK_FALSE(removed);
  CHECK(alias.stores == 2);    // slot = x, *p = 5
  CHECK(alias.loads == 1);     // after *p = 5: memory
  CHECK(alias.spWrites == 2);  // reserve and restore
  Counts fwd = build(mod, "forward", false, removed);
  CHECK(fwd.stores == 2);
  CHECK(fwd.loads == 1);       // the first load reads x, the second memory
  Counts call = build(mod, "call", false, removed);
  CHECK(call.stores == 1);
  CHECK(call.loads == 1);      // the callee may write the slot
  Counts loop = build(mod, "loop", false, removed);
  CHECK(loop.stores == 2);
  CHECK(loop.loads == 1);      // the loop stores through p
}

TEST_CASE("stack-abi off: a slot load with nothing unknown between is still forwarded, end to end") {
  const char* wat = R"((module
    (global $__stack_pointer (mut i32) (i32.const 65536))
    (memory 2)
    (func $f (export "f") (param $x i32) (result i32) (local $sp i32) (local $r i32)
      (global.set $__stack_pointer (local.tee $sp (i32.sub (global.get $__stack_pointer) (i32.const 16))))
      (i32.store offset=8 (local.get $sp) (local.get $x))
      (local.set $r (i32.load offset=8 (local.get $sp)))
      (global.set $__stack_pointer (i32.add (local.get $sp) (i32.const 16)))
      (i32.mul (local.get $r) (i32.const 3)))))";
  std::string strict = optimized(wat, false), dflt = optimized(wat, true);
  CHECK(strict.find("i32.store offset=8") != std::string::npos);  // the frame store stays
  CHECK(strict.find("i32.load") == std::string::npos);            // its load is x
  CHECK(strict.find("global.set $__stack_pointer") != std::string::npos);
  CHECK(dflt.find("i32.store") == std::string::npos);             // the frame is gone
  CHECK(dflt.find("global.set") == std::string::npos);
}

TEST_CASE("stack-abi: decided per module, not for a stack pointer outside clang's convention") {
  Mod clang(R"((module
    (global $__stack_pointer (mut i32) (i32.const 65536))
    (global $g (mut i32) (i32.const 0))
    (func $f (global.set $__stack_pointer (i32.sub (global.get $__stack_pointer) (i32.const 16)))
             (global.set $__stack_pointer (i32.add (global.get $__stack_pointer) (i32.const 16))))))");
  auto e = exposedStackGlobals(clang.m);
  CHECK_FALSE(e.count("__stack_pointer"));
  CHECK(e.count("g"));  // named otherwise: not clang's stack pointer
  Mod imported(R"((module
    (import "env" "__stack_pointer" (global $__stack_pointer (mut i32)))
    (func $f (global.set $__stack_pointer (i32.sub (global.get $__stack_pointer) (i32.const 16)))
             (global.set $__stack_pointer (i32.add (global.get $__stack_pointer) (i32.const 16))))))");
  CHECK(exposedStackGlobals(imported.m).count("__stack_pointer"));  // shared with code outside
  Mod as(R"((module
    (global $~lib/memory/__stack_pointer (mut i32) (i32.const 65536))
    (func $f (global.set $~lib/memory/__stack_pointer (i32.sub (global.get $~lib/memory/__stack_pointer) (i32.const 4)))
             (global.set $~lib/memory/__stack_pointer (i32.add (global.get $~lib/memory/__stack_pointer) (i32.const 4))))))");
  CHECK(exposedStackGlobals(as.m).count("~lib/memory/__stack_pointer"));  // AssemblyScript's: its collector scans frames
  Mod moved(R"((module
    (global $__stack_pointer (mut i32) (i32.const 65536))
    (func $stackRestore (param i32) (global.set $__stack_pointer (local.get 0)))))");
  CHECK(exposedStackGlobals(moved.m).count("__stack_pointer"));  // moved outside a reserve/restore pair
}

TEST_CASE("options: --assume names the assumptions, --no-stack-abi drops one") {
  using namespace eqsat::cli;
  CliOptions d = parseCommandLine({"in.wasm"});
  CHECK(d.optimize.stackAbi);
  CHECK_FALSE(d.optimize.readonlyData);
  CHECK_FALSE(d.optimize.trapsNeverHappen);
  CliOptions none = parseCommandLine({"in.wasm", "--assume", "none"});
  CHECK_FALSE(none.optimize.stackAbi);
  CHECK_FALSE(none.optimize.readonlyData);
  CHECK_FALSE(none.optimize.trapsNeverHappen);
  CliOptions both = parseCommandLine({"in.wasm", "--assume=stack-abi,traps-never-happen"});
  CHECK(both.optimize.stackAbi);
  CHECK(both.optimize.trapsNeverHappen);
  CHECK_FALSE(both.optimize.readonlyData);
  CliOptions ro = parseCommandLine({"in.wasm", "--assume", "readonly-data"});
  CHECK(ro.optimize.readonlyData);
  CHECK_FALSE(ro.optimize.stackAbi);
  CliOptions on = parseCommandLine({"in.wasm", "--readonly-data"});
  CHECK(on.optimize.readonlyData);
  CHECK(on.optimize.stackAbi);
  CHECK_FALSE(parseCommandLine({"in.wasm", "--readonly-data", "--no-readonly-data"}).optimize.readonlyData);
  CHECK_FALSE(parseCommandLine({"in.wasm", "--no-readonly-data"}).optimize.readonlyData);
  CHECK(parseCommandLine({"in.wasm", "--no-readonly-data"}).optimize.stackAbi);
  CliOptions tnh = parseCommandLine({"in.wasm", "--assume", "traps-never-happen"});
  CHECK_FALSE(tnh.optimize.stackAbi);
  CHECK(tnh.optimize.trapsNeverHappen);
  CHECK_FALSE(parseCommandLine({"in.wasm", "--no-stack-abi"}).optimize.stackAbi);
  CHECK(parseCommandLine({"in.wasm", "--traps-never-happen", "--no-stack-abi"}).optimize.trapsNeverHappen);
  CHECK(parseCommandLine({"in.wasm", "--assume", "none", "--traps-never-happen"}).optimize.trapsNeverHappen);
  CHECK_FALSE(parseCommandLine({"in.wasm", "--traps-never-happen", "--assume", "none"}).optimize.trapsNeverHappen);
  for (const char* bad : {"bogus", "", "stack-abi,", ",stack-abi", "none,stack-abi"}) {
    CAPTURE(bad);
    try {
      parseCommandLine({"in.wasm", "--assume", bad});
      FAIL("accepted");
    } catch (const CliError& e) {
      CHECK(e.code() == kExitUsage);
      CHECK(e.subject() == "--assume");
    }
  }
}
