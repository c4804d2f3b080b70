// Internal representation of the e-graph (EGraph::Impl). Shared by the
// e-graph, the e-matching machine, the runner and the serializer; not part of
// the public API.
//
// Storage:
//  * nodes: a flat arena of 32-byte records (imm, class, op, ty, dead flag,
//    child count, up to three children inline); nodes with more children
//    (phi, call) keep them in one flat ClassId pool. A hashcons hit touches
//    one slot and one record.
//  * hashcons: open addressing (linear probing, backward-shift deletion) of
//    32-byte slots that carry the key inline (op, ty, imm, first two children,
//    hash) plus node and class id, so a lookup of a node with <= 2 children
//    touches a single cache line.
//  * classes: indexed by ClassId (the union-find element); a canonical class
//    owns its node list and parent list (node ids whose children point at it).
#pragma once

#include "egraph/analysis.h"
#include "egraph/egraph.h"
#include "egraph/idvec.h"
#include "egraph/unionfind.h"

#include <cstring>
#include <vector>

namespace eqsat {

constexpr uint32_t kInlineKids = 3;
struct NodeRec {
  uint64_t imm;
  uint32_t cls;   // class the node was created in (resolve with find)
  Op op;
  Ty ty;
  uint8_t dead;
  uint32_t nk;    // number of children
  uint32_t k[kInlineKids];  // children inline, or k[0] = index into the pool when nk > 3
};
static_assert(sizeof(NodeRec) == 32);

struct Slot {
  uint64_t imm;
  uint32_t hash;
  uint32_t cls;    // class of the node at insertion (resolve with find)
  uint32_t node;   // kEmpty when free
  uint32_t k0, k1; // first two children
  Op op;
  Ty ty;
  uint8_t nk;      // min(children, 255); the record is authoritative beyond two
  static constexpr uint32_t kEmpty = 0xffffffffu;
};
static_assert(sizeof(Slot) == 32);

struct ClassRec {
  IdVec nodes;
  IdVec parents;
};

inline uint64_t hashMix(uint64_t h, uint64_t v) {
  h = (h ^ v) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}
inline uint32_t hashFinish(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return uint32_t(h);
}
inline uint32_t hashNode(Op op, Ty ty, uint64_t imm, const ClassId* kids, size_t n) {
  uint64_t h = hashMix(uint64_t(op) | (uint64_t(ty) << 16) | (uint64_t(n) << 24), imm);
  for (size_t i = 0; i < n; ++i) h = hashMix(h, kids[i]);
  return hashFinish(h);
}

struct EGraph::Impl {
  EGraphOptions opts;
  std::vector<NodeRec> nodes;
  std::vector<ClassId> kids;        // child pool for nodes with > 3 children
  UnionFind uf;
  std::vector<ClassRec> classes;    // indexed by ClassId; only canonical ones are meaningful
  std::vector<Ty> types;            // value type per class
  std::vector<ClassData> data;      // analysis data per class (only with EGraphOptions::analysis)
  std::vector<std::vector<ClassId>> byOp;  // canonical classes holding an op (valid after rebuild)

  // hashcons
  std::vector<Slot> table;
  uint32_t tableMask = 0;
  size_t liveNodes = 0;

  size_t liveClasses = 0;
  std::vector<NodeId> pending;          // nodes to re-canonicalize
  std::vector<NodeId> analysisPending;  // nodes whose analysis must be recomputed
  bool unionsPending = false;
  uint64_t version = 0;
  MergeObserver* observer = nullptr;    // explanations (egraph/explain.h); nullptr = off

  Impl();

  // --- node access ---
  uint32_t numKids(NodeId n) const { return nodes[n].nk; }
  const ClassId* kidsOf(const NodeRec& r) const { return r.nk <= kInlineKids ? r.k : kids.data() + r.k[0]; }
  ClassId* kidsOf(NodeRec& r) { return r.nk <= kInlineKids ? r.k : kids.data() + r.k[0]; }
  const ClassId* kidsOf(NodeId n) const { return kidsOf(nodes[n]); }
  ClassId* kidsOf(NodeId n) { return kidsOf(nodes[n]); }
  uint32_t hashOf(NodeId n) const {
    const NodeRec& r = nodes[n];
    return hashNode(r.op, r.ty, r.imm, kidsOf(n), numKids(n));
  }
  bool sameContent(NodeId n, Op op, Ty ty, uint64_t imm, const ClassId* k, size_t nk) const {
    const NodeRec& r = nodes[n];
    if (r.op != op || r.ty != ty || r.imm != imm || r.nk != nk) return false;
    const ClassId* a = kidsOf(r);
    for (size_t i = 0; i < nk; ++i)
      if (a[i] != k[i]) return false;
    return true;
  }

  // --- hashcons ---
  const Slot* tableFind(Op op, Ty ty, uint64_t imm, const ClassId* k, size_t nk, uint32_t h) const;
  void tableInsert(NodeId n, uint32_t h);
  void tableErase(NodeId n, uint32_t h);
  void tableGrow();

  // --- core ---
  ClassId find(ClassId c) const { return uf.find(c); }
  ClassId findMut(ClassId c) { return uf.findMut(c); }
  ClassId addNode(Op op, Ty ty, uint64_t imm, const ClassId* k, size_t nk);
  // `k` canonical, `h` = hashNode(op, ty, imm, k, nk)
  ClassId addCanonical(Op op, Ty ty, uint64_t imm, const ClassId* k, size_t nk, uint32_t h);
  void prefetchSlot(uint32_t h) const { __builtin_prefetch(&table[h & tableMask]); }
  bool merge(ClassId a, ClassId b);
  // merge(a, b) justified by the e-graph itself (MergeObserver::onReason).
  bool mergeWithReason(const char* why, NodeId n, NodeId other, ClassId a, ClassId b);
  void rebuild();
  void processPending();
  void analyzeNode(NodeId n);
  void rebuildClasses();
  ClassData makeData(NodeId n) const;
};

} // namespace eqsat
