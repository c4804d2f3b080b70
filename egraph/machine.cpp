#include "egraph/machine.h"
#include "egraph/egraph_impl.h"

#include <algorithm>
#include <iterator>

namespace eqsat {

void MatchBuffer::toSubst(size_t m, const Pattern& p, Subst& s) const {
  size_t nv = numVars;
  s.classes.resize(nv);
  s.consts.resize(nv);
  s.isConst.resize(nv);
  for (size_t v = 0; v < nv; ++v) s.classes[v] = var(m, VarId(v));
  if (keepConsts) {
    const uint64_t* c = consts.data() + m * nv;
    for (size_t v = 0; v < nv; ++v) s.consts[v] = c[v];
  } else {
    std::fill(s.consts.begin(), s.consts.end(), 0);
  }
  std::fill(s.isConst.begin(), s.isConst.end(), 0);
  if (keepConsts)
    for (const PNode& n : p.nodes)
      if (n.kind == PNode::ConstVar) s.isConst[n.var] = 1;
  s.rootImm = rootImm(m);
}

Program::Program(const Pattern& p) {
  numVars = p.numVars;
  varReg.assign(numVars, UINT32_MAX);
  varIsConst.assign(numVars, 0);
  if (p.nodes.empty()) return;
  const PNode& root = p.root();
  rootIsNode = root.kind == PNode::Node;
  rootOp = root.op;
  needRootImm = rootIsNode && (opInfo(root.op).kind == OpKind::Load || opInfo(root.op).kind == OpKind::Store);
  for (const PNode& n : p.nodes)
    if (n.kind == PNode::ConstVar) needConsts = true;

  // Emit the check for pattern node `pi` held in register `reg`; returns true
  // if the node is an interior Node that still needs a Bind.
  auto emitLeaf = [&](uint32_t pi, uint32_t reg) -> bool {
    const PNode& n = p.nodes[pi];
    switch (n.kind) {
    case PNode::Var:
      if (varReg[n.var] == UINT32_MAX) {
        varReg[n.var] = reg;
        if (n.ty != Ty::none) code.push_back(Instr{CheckType, n.ty, Op::I32Const, false, 0, reg, 0, 0, 0});
      } else {
        code.push_back(Instr{Compare, Ty::none, Op::I32Const, false, 0, reg, varReg[n.var], 0, 0});
      }
      return false;
    case PNode::ConstVar:
      if (varReg[n.var] == UINT32_MAX) varReg[n.var] = reg;
      else code.push_back(Instr{Compare, Ty::none, Op::I32Const, false, 0, reg, varReg[n.var], 0, 0});
      varIsConst[n.var] = 1;
      code.push_back(Instr{BindConst, Ty::none, n.op, false, 0, reg, 0, 0, n.var});
      return false;
    case PNode::Literal:
      code.push_back(Instr{CheckLiteral, Ty::none, n.op, false, 0, reg, 0, n.value, 0});
      return false;
    case PNode::Computed:
      return false;  // rhs only; never matches structurally (treated as wildcard)
    case PNode::Node:
      return true;
    }
    return false;
  };

  // Interior nodes to bind, first in first out (todo[next] is the front).
  std::vector<std::pair<uint32_t, uint32_t>> todo;
  todo.reserve(p.nodes.size());
  code.reserve(2 * p.nodes.size());
  uint32_t rootIdx = uint32_t(p.nodes.size() - 1);
  if (emitLeaf(rootIdx, 0)) todo.emplace_back(rootIdx, 0);
  for (size_t next = 0; next < todo.size();) {
    const auto [pi, reg] = todo[next++];
    const PNode& n = p.nodes[pi];
    const OpInfo& info = opInfo(n.op);
    bool mem = info.kind == OpKind::Load || info.kind == OpKind::Store;
    Ty ty = info.typedPerNode ? n.ty : Ty::none;
    uint32_t out = numRegs;
    numRegs += uint32_t(n.children.size());
    code.push_back(Instr{Bind, ty, n.op, mem, uint32_t(n.children.size()), reg, out, mem ? 0 : n.value, 0});
    for (size_t k = 0; k < n.children.size(); ++k) {
      uint32_t c = n.children[k];
      const PNode& cn = p.nodes[c];
      if (cn.kind == PNode::Node && cn.children.empty()) {
        // leaf operator: bind immediately (cheap filter)
        const OpInfo& ci = opInfo(cn.op);
        bool cmem = ci.kind == OpKind::Load || ci.kind == OpKind::Store;
        code.push_back(Instr{Bind, ci.typedPerNode ? cn.ty : Ty::none, cn.op, cmem, 0, out + uint32_t(k), numRegs,
                             cmem ? 0 : cn.value, 0});
        continue;
      }
      if (emitLeaf(c, out + uint32_t(k))) todo.emplace_back(c, out + uint32_t(k));
    }
  }
  // Stored slots: the root Bind and every Bind that binds registers.
  std::vector<std::pair<uint32_t, uint32_t>> regSrc(numRegs, {UINT32_MAX, 0});  // reg -> (slot, child)
  for (Instr& in : code) {
    if (in.kind != Bind) continue;
    if (in.i == 0 || in.arity > 0) {
      in.var = VarId(numSlots);
      for (uint32_t a = 0; a < in.arity; ++a) regSrc[in.out + a] = {numSlots, a};
      ++numSlots;
    } else {
      in.var = 0xffff;
    }
  }
  varSrc.assign(numVars, 0);
  for (VarId v = 0; v < numVars; ++v)
    if (varReg[v] != UINT32_MAX && varReg[v] < numRegs && regSrc[varReg[v]].first != UINT32_MAX)
      varSrc[v] = (regSrc[varReg[v]].first << 8) | regSrc[varReg[v]].second;
}

void Program::initBuffer(const EGraph& g, MatchBuffer& b) const {
  b.graph = &g;
  b.numVars = numVars;
  b.nodeMode = rootIsNode;
  b.stride = rootIsNode ? numSlots : 1 + numVars;
  b.keepConsts = needConsts;
  b.varSrc = varSrc;
}

namespace {

struct Run {
  const EGraph::Impl& g;
  const Program& prog;
  MatchBuffer& out;
  size_t limit;
  size_t found = 0;
  ClassId regs[64];
  std::vector<ClassId> bigRegs;
  ClassId* r;
  uint64_t consts[32];
  std::vector<uint64_t> bigConsts;
  uint64_t* cv;
  NodeId boundInline[64];
  std::vector<NodeId> boundVec;
  NodeId* bound;
  SearchDeadline* deadline = nullptr;
  // Node visits until the deadline is read (without a deadline: reset
  // whenever it runs out, one branch per visit either way).
  uint32_t untilCheck = SearchDeadline::kCheckEvery;

  // Called when untilCheck runs out: true if the search must stop.
  __attribute__((noinline, cold)) bool pastDeadline() {
    untilCheck = SearchDeadline::kCheckEvery;
    if (!deadline || std::chrono::steady_clock::now() <= deadline->at) return false;
    deadline->expired = true;
    return true;
  }

  Run(const EGraph::Impl& g_, const Program& p, MatchBuffer& o, size_t lim) : g(g_), prog(p), out(o), limit(lim) {
    r = regs;
    if (p.numRegs > 64) {
      bigRegs.resize(p.numRegs);
      r = bigRegs.data();
    }
    // A search runs per rule and iteration: no heap allocation for the usual sizes.
    if (p.numSlots + 1 > std::size(boundInline)) {
      boundVec.resize(p.numSlots + 1);
      bound = boundVec.data();
    } else {
      bound = boundInline;
      std::fill_n(bound, p.numSlots + 1, NodeId(0));
    }
    cv = consts;
    if (p.numVars > 32) {
      bigConsts.resize(p.numVars);
      cv = bigConsts.data();
    }
  }

  // returns false when the limit is reached
  bool yield() {
    if (prog.rootIsNode) {
      out.data.insert(out.data.end(), bound, bound + prog.numSlots);
    } else {
      out.data.push_back(r[0]);
      for (uint16_t v = 0; v < prog.numVars; ++v) out.data.push_back(r[prog.varReg[v]]);
    }
    if (out.keepConsts)
      for (uint16_t v = 0; v < prog.numVars; ++v) out.consts.push_back(prog.varIsConst[v] ? cv[v] : 0);
    ++found;
    return out.size() < limit;
  }

  bool hasConstNode(ClassId c, Op op, uint64_t* bits) const {
    if (g.opts.analysis) {
      const ClassData& d = g.data[c];
      if (d.isConst && d.ty == opInfo(op).result) {
        *bits = d.constVal;
        return true;
      }
    }
    for (NodeId n : g.classes[c].nodes)
      if (g.nodes[n].op == op) {
        *bits = g.nodes[n].imm;
        return true;
      }
    return false;
  }

  bool run(size_t pc) {
    const auto& code = prog.code;
    for (; pc < code.size(); ++pc) {
      const Program::Instr& in = code[pc];
      switch (in.kind) {
      case Program::Bind: {
        ClassId c = g.find(r[in.i]);
        const IdVec& ns = g.classes[c].nodes;
        size_t lo = 0, hi = ns.size();
        if (hi > 16) {  // nodes are sorted by op: binary search the first
          while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (g.nodes[ns[mid]].op < in.op) lo = mid + 1;
            else hi = mid;
          }
          hi = ns.size();
        }
        for (size_t k = lo; k < hi; ++k) {
          NodeId n = ns[k];
          const NodeRec& rec = g.nodes[n];
          if (rec.op != in.op) {
            if (rec.op > in.op) break;
            continue;
          }
          if (in.ty != Ty::none && rec.ty != in.ty) continue;
          if (!in.anyImm && rec.imm != in.value) continue;
          if (g.numKids(n) != in.arity) continue;
          if (__builtin_expect(--untilCheck == 0, 0) && pastDeadline()) return false;
          const ClassId* kids = g.kidsOf(n);
          for (uint32_t a = 0; a < in.arity; ++a) r[in.out + a] = kids[a];
          if (in.var != 0xffff) bound[in.var] = n;
          if (!run(pc + 1)) return false;
        }
        return true;
      }
      case Program::Compare:
        if (g.find(r[in.i]) != g.find(r[in.out])) return true;
        break;
      case Program::CheckType:
        if (g.types[g.find(r[in.i])] != in.ty) return true;
        break;
      case Program::CheckLiteral: {
        ClassId c = g.find(r[in.i]);
        bool ok = false;
        if (g.opts.analysis) {
          const ClassData& d = g.data[c];
          ok = d.isConst && d.ty == opInfo(in.op).result && d.constVal == in.value;
        }
        if (!ok)
          for (NodeId n : g.classes[c].nodes)
            if (g.nodes[n].op == in.op && g.nodes[n].imm == in.value) {
              ok = true;
              break;
            }
        if (!ok) return true;
        break;
      }
      case Program::BindConst: {
        uint64_t bits;
        if (!hasConstNode(g.find(r[in.i]), in.op, &bits)) return true;
        cv[in.var] = bits;
        break;
      }
      }
    }
    return yield();
  }
};

} // namespace

size_t Program::searchClass(const EGraph& g, ClassId c, MatchBuffer& out, size_t limit) const {
  if (out.size() >= limit) return 0;
  Run run(g.impl(), *this, out, limit);
  run.r[0] = g.find(c);
  run.run(0);
  return run.found;
}

size_t Program::search(const EGraph& g, MatchBuffer& out, size_t limit, SearchDeadline* deadline) const {
  if (out.size() >= limit) return 0;
  Run run(g.impl(), *this, out, limit);
  run.deadline = deadline;
  auto one = [&](ClassId c) {
    run.r[0] = c;
    return run.run(0);
  };
  if (rootIsNode) {
    for (ClassId c : g.classesWithOp(rootOp)) {
      if (!g.impl().uf.isRoot(c)) continue;
      if (!one(c)) break;
    }
  } else {
    const auto& impl = g.impl();
    for (ClassId c = 0; c < impl.classes.size(); ++c) {
      if (!impl.uf.isRoot(c)) continue;
      if (!one(c)) break;
    }
  }
  return run.found;
}

} // namespace eqsat
