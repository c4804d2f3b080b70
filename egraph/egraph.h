// The e-graph: hash-consed e-nodes grouped into e-classes by a union-find,
// with deferred rebuilding (egg, POPL 2021) and e-class analyses for the value
// type, constant value and known bits.
//
// API CONTRACT (used by rules/, extract/ and the wasm bridge; keep it stable):
//   ClassId add(Op, Ty, imm, children)   hash-conses; returns the canonical class
//   ClassId addConst(Ty, bits)
//   ClassId find(ClassId)                canonical representative (const: no path compression)
//   bool    merge(ClassId, ClassId)      union; returns true if the classes were different
//   void    rebuild()                    restore congruence + hashcons + analyses
//   nodes of a class, node views, analysis queries, counters.
#pragma once

#include "egraph/ops.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace eqsat {

using ClassId = uint32_t;
using NodeId = uint32_t;
constexpr ClassId kNoClass = std::numeric_limits<ClassId>::max();

// Known bits of an integer value: bits set in `zero` are known to be 0,
// bits set in `one` are known to be 1. (zero & one) == 0 always.
struct KnownBits {
  uint64_t zero = 0;
  uint64_t one = 0;
  bool operator==(const KnownBits&) const = default;
};

// A read-only view of one e-node.
struct NodeView {
  Op op;
  Ty ty;          // the node's result type (for typedPerNode ops it is stored; else from the op table)
  uint64_t imm;   // immediate payload (constant bits, memarg, local/phi id, ...)
  std::span<const ClassId> children;  // as stored (call find() to canonicalise)
};

// Explanation recording hook (egraph/explain.h implements it). Off unless
// attached with EGraph::setMergeObserver; when off the cost is one pointer test
// per new node and per merge.
class MergeObserver {
public:
  virtual ~MergeObserver() = default;
  // A new node; its children are the canonical classes it was added with.
  // Node ids start again at 0 in a new e-graph.
  virtual void onAdd(NodeId n, Op op, Ty ty, uint64_t imm, const ClassId* kids, size_t nk) = 0;
  virtual void onMerge(ClassId a, ClassId b) = 0;  // an effective merge of a and b (ids as passed, before find)
  // The e-graph's own justification of the merge that follows (rebuild):
  // "congruence" (nodes n and other are congruent) or an analysis ("constant-fold", ...; n is the node).
  virtual void onReason(const char* what, NodeId n, NodeId other) = 0;
};

struct EGraphOptions {
  bool analysis = true;  // constant folding + known bits; off for benchmark workloads
  MergeObserver* observer = nullptr;  // explanations (egraph/explain.h); see setMergeObserver
};

class EGraph {
public:
  explicit EGraph(EGraphOptions opts = {});
  ~EGraph();
  EGraph(const EGraph&) = delete;
  EGraph& operator=(const EGraph&) = delete;

  // --- building ---
  ClassId add(Op op, Ty ty, uint64_t imm, std::span<const ClassId> children);
  ClassId add(Op op, std::span<const ClassId> children) { return add(op, opInfo(op).result, 0, children); }
  ClassId addConst(Ty ty, uint64_t bits) { return add(constOpFor(ty), ty, maskTo(ty, bits), {}); }
  // A named free leaf (benchmarks and tests: `x0`, `a`). Same name, same class.
  ClassId addSymbol(std::string_view name, Ty ty);
  // Look up a node without adding it; kNoClass if absent. Children are canonicalised first.
  ClassId lookup(Op op, Ty ty, uint64_t imm, std::span<const ClassId> children) const;

  // --- union-find ---
  ClassId find(ClassId c) const;
  ClassId findMut(ClassId c);  // with path compression
  bool merge(ClassId a, ClassId b);
  void rebuild();
  bool clean() const;  // true when no rebuild is pending

  // --- inspection ---
  size_t numNodes() const;    // distinct e-nodes (hashcons size)
  size_t numClasses() const;  // live canonical classes
  // Canonical class ids, in increasing order.
  std::vector<ClassId> classes() const;
  // Node ids of a canonical class.
  std::span<const NodeId> classNodes(ClassId c) const;
  NodeView node(NodeId n) const;
  // Operator-indexed access for e-matching: canonical classes holding at least one node with `op`.
  std::span<const ClassId> classesWithOp(Op op) const;

  // --- analyses (valid after rebuild) ---
  Ty type(ClassId c) const;
  std::optional<uint64_t> constant(ClassId c) const;  // the constant's bits if the class is a constant
  KnownBits knownBits(ClassId c) const;                // for i32 only the low 32 bits are meaningful

  std::string_view symbolName(uint64_t symbolId) const;
  const EGraphOptions& options() const;

  // Monotone counter bumped by every change (add of a new node or effective merge).
  uint64_t version() const;

  // --- additions (not used by the original contract) ---
  // Approximate heap bytes held by the e-graph (benchmarks).
  size_t memoryBytes() const;
  // The class a node belongs to (canonical).
  ClassId nodeClass(NodeId n) const;
  // Of a canonical class: every live node with a child in it (and possibly
  // nodes since found dead or duplicated; a superset).
  std::span<const NodeId> parentNodes(ClassId c) const;
  // Total node records ever created (live or merged away); NodeIds are < this.
  size_t nodeCapacity() const;
  // Explanations (egraph/explain.h): observer of new nodes and merges; nullptr (default) = off.
  void setMergeObserver(MergeObserver* o);
  MergeObserver* mergeObserver() const;

  struct Impl;
  Impl& impl() { return *impl_; }
  const Impl& impl() const { return *impl_; }
private:
  Impl* impl_;
};

// Process-wide symbol table behind Op::Symbol immediates (thread-safe).
uint64_t internSymbol(std::string_view name);
std::string_view symbolNameOf(uint64_t id);

} // namespace eqsat
