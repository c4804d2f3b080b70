// Internal representation of the e-graph (EGraph::Impl). Shared by the
// e-graph, the e-matching machine, the runner and the serializer; not part of
// the public API.
//
// Storage:
//  * nodes: a flat arena of 16-byte records (imm, first child index, op, ty,
//    dead flag); children live in one flat ClassId pool. A sentinel record at
//    the back gives the child count of the last node (count = next.kidStart -
//    kidStart).
//  * hashcons: open addressing (linear probing, backward-shift deletion) of
//    8-byte slots (low 32 hash bits | node id + 1), keyed by node content.
//  * classes: indexed by ClassId (the union-find element); a canonical class
//    owns its node list and parent list (node ids whose children point at it).
#pragma once

#include "egraph/analysis.h"
#include "egraph/egraph.h"
#include "egraph/unionfind.h"

#include <cstring>
#include <vector>

namespace eqsat {

struct NodeRec {
  uint64_t imm;
  uint32_t kidStart;
  Op op;
  Ty ty;
  uint8_t dead;
};
static_assert(sizeof(NodeRec) == 16);

struct ClassRec {
  std::vector<NodeId> nodes;
  std::vector<NodeId> parents;
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
  std::vector<NodeRec> nodes;       // + sentinel
  std::vector<ClassId> kids;        // child pool
  std::vector<ClassId> nodeClass;   // class a node was created in (resolve with find)
  UnionFind uf;
  std::vector<ClassRec> classes;    // indexed by ClassId; only canonical ones are meaningful
  std::vector<ClassData> data;      // analysis data per class
  std::vector<std::vector<ClassId>> byOp;  // canonical classes holding an op (valid after rebuild)

  // hashcons
  std::vector<uint64_t> table;
  uint32_t tableMask = 0;
  size_t liveNodes = 0;

  size_t liveClasses = 0;
  std::vector<NodeId> pending;          // nodes to re-canonicalize
  std::vector<NodeId> analysisPending;  // nodes whose analysis must be recomputed
  bool unionsPending = false;
  uint64_t version = 0;

  Impl();

  // --- node access ---
  uint32_t numKids(NodeId n) const { return nodes[n + 1].kidStart - nodes[n].kidStart; }
  const ClassId* kidsOf(NodeId n) const { return kids.data() + nodes[n].kidStart; }
  ClassId* kidsOf(NodeId n) { return kids.data() + nodes[n].kidStart; }
  uint32_t hashOf(NodeId n) const {
    const NodeRec& r = nodes[n];
    return hashNode(r.op, r.ty, r.imm, kidsOf(n), numKids(n));
  }
  bool sameContent(NodeId n, Op op, Ty ty, uint64_t imm, const ClassId* k, size_t nk) const {
    const NodeRec& r = nodes[n];
    if (r.op != op || r.ty != ty || r.imm != imm || numKids(n) != nk) return false;
    const ClassId* a = kidsOf(n);
    for (size_t i = 0; i < nk; ++i)
      if (a[i] != k[i]) return false;
    return true;
  }

  // --- hashcons ---
  NodeId tableFind(Op op, Ty ty, uint64_t imm, const ClassId* k, size_t nk, uint32_t h) const;
  void tableInsert(NodeId n, uint32_t h);
  void tableErase(NodeId n, uint32_t h);
  void tableGrow();

  // --- core ---
  ClassId find(ClassId c) const { return uf.find(c); }
  ClassId findMut(ClassId c) { return uf.findMut(c); }
  ClassId addNode(Op op, Ty ty, uint64_t imm, const ClassId* k, size_t nk);
  bool merge(ClassId a, ClassId b);
  void rebuild();
  void processPending();
  void analyzeNode(NodeId n);
  void rebuildClasses();
  ClassData makeData(NodeId n) const;
};

} // namespace eqsat
