// Compiled e-matching (egg's "machine"): a pattern is compiled once into a
// short program of Bind / Compare / Check instructions over registers holding
// class ids, then run against candidate root classes (only the classes that
// hold the root operator, via EGraph::classesWithOp).
#pragma once

#include "egraph/egraph.h"
#include "egraph/pattern.h"

#include <cstdint>
#include <vector>

namespace eqsat {

// Matches of one pattern, stored flat: per match the root class followed by
// one class per variable; constants and the root immediate only when the
// pattern needs them.
struct MatchBuffer {
  uint32_t stride = 1;  // 1 + numVars
  bool keepConsts = false;
  bool keepRootImm = false;
  std::vector<ClassId> data;
  std::vector<uint64_t> consts;    // numVars per match when keepConsts
  std::vector<uint64_t> rootImms;  // one per match when keepRootImm
  size_t size() const { return data.size() / stride; }
  void clear() {
    data.clear();
    consts.clear();
    rootImms.clear();
  }
  ClassId root(size_t m) const { return data[m * stride]; }
  // Fill a Subst for match m (vectors are resized as needed).
  void toSubst(size_t m, const Pattern& p, Subst& s) const;
};

class Program {
public:
  explicit Program(const Pattern& p);
  Program() = default;

  // Search the whole (rebuilt) e-graph; appends to `out`; stops once `out`
  // holds `limit` matches. Returns the number of matches appended.
  size_t search(const EGraph& g, MatchBuffer& out, size_t limit = SIZE_MAX) const;
  // Search from one canonical class.
  size_t searchClass(const EGraph& g, ClassId c, MatchBuffer& out, size_t limit = SIZE_MAX) const;
  void initBuffer(MatchBuffer& b) const;

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
    VarId var;        // BindConst
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
};

} // namespace eqsat
