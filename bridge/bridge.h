// The wasm function -> e-graph bridge.
//
// A function body becomes (1) e-classes for every value it computes and (2) a
// *skeleton*: the structured control flow (block, loop, if, br, br_if,
// br_table, return, unreachable) with the side-effecting and possibly
// trapping operations (calls, stores, loads, global accesses, divisions) in
// their original order, each referring to e-classes for its operands.
//
// Locals do not survive: `local.get` yields the class the local holds at that
// point; where control-flow paths merge (the end of a block that is a branch
// target, the end of an if, a loop header) a local that may hold different
// values becomes a phi e-node naming the merge point with one child per
// incoming edge (loop headers use LoopPhi leaves whose per-edge values are
// recorded in the skeleton). Block/if results and `br` values are phis too.
//
// Invariants:
//  * Pure e-nodes (arithmetic, constants, select, phi) may be evaluated at any
//    point where their leaves are available.
//  * "Defined" values (param, phi, loopphi, load, call, global.get,
//    memory.size/grow, trapping operators, opaque) are available only after
//    the skeleton point that defines them, along paths through it.
//  * Every skeleton statement that may trap or has an effect is kept in
//    order; loads and trapping operators may only be dropped when an
//    identical operation already executed on every path to them.
#pragma once

#include "egraph/egraph.h"

#include <binaryen-c.h>

#include <memory>
#include <string>
#include <unordered_set>
#include <unordered_map>
#include <vector>

namespace eqsat {

struct ReadonlyBytes;

enum class StmtKind : uint8_t {
  Block,        // body; merge = its end (target of br)
  Loop,         // body; merge = its header (target of br)
  If,           // cls = condition; body = then, elseBody = else; merge = its end
  Br,           // merge = target
  BrIf,         // cls = condition; merge = target
  BrTable,      // cls = index; targets = merges (last = default)
  Return,       // cls = value or kNoClass
  Unreachable,
  Effect,       // store / call / global.set / memory.grow; cls = its class
  Define,       // a defined value: load / global.get / trapping op / memory.size; cls = its class
  Value,        // the function body's fallthrough value: cls
};

struct Stmt {
  explicit Stmt(StmtKind k) : kind(k) {}
  StmtKind kind;
  ClassId cls = kNoClass;
  // Effect/Define: the original operation (emitted as is for Define; for Effect
  // the cheapest node of the same kind in `cls` is emitted, so rules can rewrite stores).
  Op op = Op::I32Const;
  Ty ty = Ty::none;
  uint64_t imm = 0;
  std::vector<ClassId> kids;
  uint32_t merge = 0;
  std::vector<uint32_t> targets;
  std::vector<Stmt> body, elseBody;
  // Edge ids this statement contributes (Br/BrIf: one; BrTable: one per distinct target,
  // parallel to `edgeTargets`); fallthrough edges of blocks/ifs are recorded on the merge.
  std::vector<uint32_t> edgeTargets, edgeIds;
  // Block: the fallthrough edge into its end merge; If: the then-arm's fallthrough edge;
  // -1 when that path does not reach the merge.
  int32_t fallEdge = -1;
  // If: the else-arm's fallthrough edge (or the implicit edge of an if without else).
  int32_t elseFallEdge = -1;
  // The memory state the statement runs in (24 bits, as memSeq of a load's
  // imm): a load reading state `mem` would read the same bytes here.
  uint32_t mem = 0;
};

// Where control enters a merge point.
struct Merge {
  enum Kind : uint8_t { BlockEnd, IfEnd, LoopHeader } kind;
  std::string label;       // Binaryen label (for blocks and loops)
  Ty result = Ty::none;    // block/if result type
  uint32_t numEdges = 0;   // incoming edges; phi children are in edge order
  // LoopHeader only: loop-carried values.
  struct Carried { ClassId phi; std::vector<ClassId> perEdge; };  // perEdge[0] = entry edge
  std::vector<Carried> carried;
};

// Side information for skeleton operations that e-nodes cannot carry in 64 bits.
struct CallInfo {
  std::string target;            // direct call: callee name
  bool indirect = false;
  std::string table;             // call_indirect
  BinaryenType params = 0, results = 0;
};

struct FunctionGraph {
  std::unique_ptr<EGraph> egraph;
  std::vector<Stmt> body;
  std::vector<Merge> merges;
  std::vector<CallInfo> calls;        // indexed by the call node's seq (imm)
  std::vector<std::string> globals;   // global names by index used in GlobalGet/GlobalSet imms
  // Store seq (memSeq of its imm) -> the memory state it writes over (the
  // state loads before it read; memSeq of their imm, 24 bits).
  std::unordered_map<uint32_t, uint32_t> memBeforeStore;
  std::vector<Ty> params;             // parameter types
  Ty result = Ty::none;
  size_t numOriginalLocals = 0;
  bool stackSlotRemoved = false;      // the frame slot became values (stack_slot.h)
  std::string stackSlotNote;          // what happened to a frame slot, for the summary (empty: none)
  size_t readonlyLoads = 0;           // loads read as constants (BridgeOptions::readonlyData)
};

struct BridgeOptions {
  EGraphOptions egraph;
  bool stackSlots = true;  // replace a non-escaping shadow-stack slot by values
  // The shadow-stack ABI assumption (README, Assumptions; stack_slot.h): no
  // code reaches a frame but through its own stack pointer, and memory below
  // the stack pointer is dead. Off (--assume none): frame stores stay and a
  // slot load is forwarded only from a store no unknown store or call follows.
  bool stackAbi = true;
  // Names of the module's imported functions (stack_slot.h); collected once by
  // the caller, since worker threads must not look functions up in the module.
  const std::unordered_set<std::string>* importedFunctions = nullptr;
  // Globals moved by code outside a balanced reserve/restore (stackAlloc,
  // stackRestore, exported globals): their frame slots keep their stores.
  const std::unordered_set<std::string>* exposedGlobals = nullptr;
  // The readonly-data assumption (README, Assumptions; readonly_load.h): the
  // module's read-only bytes, whose loads read constants (nullptr: off, or
  // the module has none).
  const ReadonlyBytes* readonlyData = nullptr;
};

// Builds the e-graph and skeleton of a function. Returns nullptr and sets
// `whyNot` when the function uses something the bridge does not model
// (SIMD, reference types, multi-value, atomics, exceptions, ...).
std::unique_ptr<FunctionGraph> buildFunctionGraph(BinaryenModuleRef module, BinaryenFunctionRef func,
                                                  const BridgeOptions& opts, std::string& whyNot);

// True if the node is a "defined" value (only available after its defining point).
bool isDefinedNode(const NodeView& n);

} // namespace eqsat
