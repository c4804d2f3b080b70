// Compiled e-matching (egg's "machine"): a pattern is compiled once into a
// short program of Bind / Compare / Check instructions over registers holding
// class ids, then run against candidate root classes (only the classes that
// hold the root operator, via EGraph::classesWithOp).
#pragma once

#include "egraph/egraph.h"
#include "egraph/egraph_impl.h"
#include "egraph/pattern.h"

#include <chrono>
#include <cstdint>
#include <vector>

namespace eqsat {

// Matches of one pattern, stored flat. When the pattern's root is an operator
// a match is stored as the e-nodes bound by the program's (non-leaf) Bind
// instructions: variables are read back from those nodes' children and the
// root class / root immediate from the first node (node records are never
// freed, and children only ever get replaced by equivalent classes). Otherwise
// (a variable or literal root) the root class and one class per variable.
// Constants bound by ConstVar are kept separately when the pattern has them.
struct MatchBuffer {
  const EGraph* graph = nullptr;
  uint32_t stride = 1;      // words per match
  uint16_t numVars = 0;
  bool nodeMode = false;
  bool keepConsts = false;
  std::vector<uint32_t> varSrc;  // nodeMode: (slot << 8) | child index, per variable
  std::vector<uint32_t> data;
  std::vector<uint64_t> consts;  // numVars per match when keepConsts
  size_t size() const { return data.size() / stride; }
  void clear() {
    data.clear();
    consts.clear();
  }
  ClassId root(size_t m) const {
    if (!nodeMode) return data[m * stride];
    const EGraph::Impl& g = graph->impl();
    return g.find(g.nodes[data[m * stride]].cls);
  }
  ClassId var(size_t m, VarId v) const {
    if (!nodeMode) return data[m * stride + 1 + v];
    uint32_t src = varSrc[v];
    return graph->impl().kidsOf(data[m * stride + (src >> 8)])[src & 0xff];
  }
  uint64_t rootImm(size_t m) const {
    if (!nodeMode) return 0;
    return graph->impl().nodes[data[m * stride]].imm;
  }
  // Fill a Subst for match m (vectors are resized as needed).
  void toSubst(size_t m, const Pattern& p, Subst& s) const;
};

// A wall-clock deadline for a search: a nonlinear pattern over classes with
// many nodes can take exponential time before it yields a single match, so
// the clock is read every kCheckEvery node visits, and the search stops (with
// `expired` set) once the deadline has passed.
struct SearchDeadline {
  std::chrono::steady_clock::time_point at;
  bool expired = false;
  static constexpr uint32_t kCheckEvery = 4096;
};

class Program {
public:
  explicit Program(const Pattern& p);
  Program() = default;

  // Search the whole (rebuilt) e-graph; appends to `out`; stops once `out`
  // holds `limit` matches, or once `deadline` (if any) has passed. Returns
  // the number of matches appended.
  size_t search(const EGraph& g, MatchBuffer& out, size_t limit = SIZE_MAX,
                SearchDeadline* deadline = nullptr) const;
  // Search from one canonical class.
  size_t searchClass(const EGraph& g, ClassId c, MatchBuffer& out, size_t limit = SIZE_MAX) const;
  void initBuffer(const EGraph& g, MatchBuffer& b) const;

  enum Kind : uint8_t { Bind, Compare, CheckType, CheckLiteral, BindConst };
  struct Instr {
    Kind kind;
    Ty ty;            // Bind: required node type (none = any); CheckType: class type
    Op op;            // Bind / CheckLiteral / BindConst
    bool anyImm;      // Bind: memory ops ignore the immediate
    uint32_t arity;   // Bind
    uint32_t i;       // input register
    uint32_t out;     // Bind: first output register; Compare: other register
    uint64_t value;   // Bind: immediate; CheckLiteral: bits
    VarId var;        // BindConst: the variable; Bind: slot in the stored match (0xffff = not stored)
  };
  std::vector<Instr> code;
  std::vector<uint32_t> varReg;   // register of each variable
  std::vector<uint8_t> varIsConst;
  uint32_t numRegs = 1;
  uint16_t numVars = 0;
  bool rootIsNode = false;
  Op rootOp = Op::I32Const;
  bool needConsts = false;
  bool needRootImm = false;
  uint32_t numSlots = 0;          // stored nodes per match (root operator patterns)
  std::vector<uint32_t> varSrc;   // (slot << 8) | child index
};

} // namespace eqsat
