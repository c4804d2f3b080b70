#include "bridge/stack_slot.h"

#include "ir/binaryen_ops.h"

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace eqsat {

namespace {

void forEachStmt(const std::vector<Stmt>& body, const std::function<void(const Stmt&)>& f) {
  for (const Stmt& s : body) {
    f(s);
    forEachStmt(s.body, f);
    forEachStmt(s.elseBody, f);
  }
}

} // namespace

StackSlotPlan planStackSlot(const FunctionGraph& fg, const std::unordered_set<std::string>& imports,
                            bool strict) {
  StackSlotPlan plan;
  plan.strict = strict;
  const EGraph& g = *fg.egraph;
  auto fail = [&](std::string why) {
    plan.valid = false;
    plan.why = std::move(why);
    return plan;
  };
  auto constOf = [&](ClassId c) { return g.constant(g.find(c)); };
  // The reserve: global.set G (i32.sub (global.get G) (i32.const C)).
  std::vector<const Stmt*> sets;
  forEachStmt(fg.body, [&](const Stmt& s) {
    if (s.kind == StmtKind::Effect && s.op == Op::GlobalSet) sets.push_back(&s);
  });
  const Stmt* reserve = nullptr;
  ClassId X = kNoClass, gg = kNoClass;
  for (const Stmt* s : sets) {
    uint32_t gi = uint32_t(s->imm);
    ClassId v = g.find(s->kids[0]);
    for (NodeId n : g.classNodes(v)) {
      NodeView nv = g.node(n);
      if (nv.op != Op::I32Sub) continue;
      auto c = constOf(nv.children[1]);
      if (!c || *c == 0) continue;
      for (NodeId m : g.classNodes(g.find(nv.children[0]))) {
        NodeView mv = g.node(m);
        if (mv.op == Op::GlobalGet && uint32_t(mv.imm) == gi) {
          if (reserve && reserve != s) return fail("several stack-pointer reservations");
          reserve = s;
          X = v;
          gg = g.find(nv.children[0]);
          plan.global = gi;
          plan.frameSize = uint32_t(*c);
        }
      }
    }
  }
  if (!reserve) return fail("no stack-pointer reservation");
  plan.globalName = fg.globals[plan.global];
  // Every other write of the stack pointer must restore it: X + C, or the value read.
  for (const Stmt* s : sets) {
    if (uint32_t(s->imm) != plan.global) continue;
    plan.spSets++;
    if (s == reserve) continue;
    ClassId v = g.find(s->kids[0]);
    bool restore = v == gg;
    for (NodeId n : g.classNodes(v)) {
      NodeView nv = g.node(n);
      if (nv.op == Op::I32Add && g.find(nv.children[0]) == X && constOf(nv.children[1]) == plan.frameSize)
        restore = true;
    }
    if (!restore) return fail("the stack pointer is written with something else than its restore");
  }
  // The stack pointer is read once (for the reservation).
  size_t reads = 0;
  forEachStmt(fg.body, [&](const Stmt& s) {
    if (s.kind == StmtKind::Define && s.op == Op::GlobalGet && uint32_t(s.imm) == plan.global) ++reads;
  });
  if (reads != 1) return fail("the stack pointer is read more than once");

  // Uses of the slot address: parents of X and of X + k.
  std::unordered_map<ClassId, std::vector<std::pair<NodeId, unsigned>>> parents;
  std::unordered_map<NodeId, ClassId> classOf;
  for (ClassId c : g.classes())
    for (NodeId n : g.classNodes(c)) {
      classOf[n] = c;
      NodeView nv = g.node(n);
      for (unsigned i = 0; i < nv.children.size(); ++i) parents[g.find(nv.children[i])].push_back({n, i});
    }
  // Classes statements use directly (operands, tested values, results).
  std::unordered_set<ClassId> roots;
  forEachStmt(fg.body, [&](const Stmt& st) {
    if (st.cls != kNoClass) roots.insert(g.find(st.cls));
    for (ClassId k : st.kids) roots.insert(g.find(k));
  });
  // A phi nothing uses: a local merged where it is dead (wasm-opt's
  // coalescing gives the slot address's local to another value later).
  auto unusedPhi = [&](NodeId n) {
    NodeView nv = g.node(n);
    if (nv.op != Op::Phi && nv.op != Op::LoopPhi) return false;
    auto it = classOf.find(n);
    if (it == classOf.end()) return false;
    auto pu = parents.find(it->second);
    if (pu != parents.end() && !pu->second.empty()) return false;
    return !roots.count(g.find(it->second));
  };
  std::map<ClassId, int64_t> addr;  // slot address classes -> offset from X
  std::vector<ClassId> work{X};
  addr[X] = 0;
  struct Access { uint32_t off, bytes; bool store; Ty ty; int64_t base; };
  std::vector<Access> acc;
  while (!work.empty()) {
    ClassId a = work.back();
    work.pop_back();
    int64_t adj = addr[a];
    for (auto [n, i] : parents[a]) {
      NodeView nv = g.node(n);
      const OpInfo& info = opInfo(nv.op);
      if (info.kind == OpKind::Load && i == 0) {
        acc.push_back({uint32_t(adj + memOffset(nv.imm)), info.bytes, false, info.result, adj});
      } else if (info.kind == OpKind::Store && i == 0) {
        acc.push_back({uint32_t(adj + memOffset(nv.imm)), info.bytes, true, info.operand[1], adj});
      } else if (nv.op == Op::I32Add && i == 0 && constOf(nv.children[1])) {
        int64_t k = int64_t(int32_t(uint32_t(*constOf(nv.children[1]))));
        // The class holding this node.
        auto pc = classOf.find(n);
        if (pc == classOf.end()) return fail("internal: parent class not found");
        ClassId p = pc->second;
        if (adj + k == int64_t(plan.frameSize)) {
          // The restore value: only used by stack-pointer writes.
          for (auto [n2, i2] : parents[p]) {
            NodeView u = g.node(n2);
            // Strict: another use is one more unknown address (no field of the slot).
            if (!(u.op == Op::GlobalSet && uint32_t(u.imm) == plan.global && i2 == 0) && !strict)
              return fail("the end of the frame is used for something else than the restore");
          }
          continue;
        }
        if (addr.count(p)) {
          if (addr[p] != adj + k) return fail("one address at two offsets");
          continue;
        }
        addr[p] = adj + k;
        work.push_back(p);
      } else if (nv.op == Op::GlobalSet && uint32_t(nv.imm) == plan.global && a == X) {
        // the reservation itself
      } else if (unusedPhi(n)) {
        // the address merged into a dead local: never read
      } else if (!strict) {
        return fail(std::string("the slot address escapes through ") + info.name);
      }
      // Strict: an escaped address is an unknown one; what is done through it
      // (a store, a call) makes the fields unknown in the builder.
    }
  }
  // Cells: one per distinct (offset, width) accessed. A store updates every
  // cell it overlaps (see the builder); floats must not overlap anything.
  std::map<std::pair<uint32_t, uint32_t>, Ty> cells;
  for (const Access& a : acc) {
    // Strict: base + k wraps at 2^32 where base + offset traps, so two accesses
    // to one field through different bases may not be the same bytes.
    if (strict && a.base != acc.front().base) return fail("the frame is addressed from several bases");
    if (uint64_t(a.off) + a.bytes > plan.frameSize) return fail("access outside the frame");
    auto key = std::make_pair(a.off, a.bytes);
    bool fl = a.ty == Ty::f32 || a.ty == Ty::f64;
    Ty ct = fl ? a.ty : (a.bytes == 8 ? Ty::i64 : Ty::i32);
    auto it = cells.find(key);
    if (it != cells.end() && it->second != ct) return fail("a frame field accessed as float and integer");
    cells[key] = ct;
  }
  for (auto& [k1, t1] : cells)
    for (auto& [k2, t2] : cells) {
      if (k1 == k2) continue;
      bool overlap = k1.first < k2.first + k2.second && k2.first < k1.first + k1.second;
      if (overlap && (t1 == Ty::f32 || t1 == Ty::f64 || t2 == Ty::f32 || t2 == Ty::f64))
        return fail("a float frame field overlaps another access");
    }
  for (auto& [k, t] : cells) plan.fields.push_back({k.first, k.second, t});
  // Statements touching the slot.
  forEachStmt(fg.body, [&](const Stmt& s) {
    if ((s.kind == StmtKind::Define || s.kind == StmtKind::Effect) && !s.kids.empty()) {
      const OpInfo& info = opInfo(s.op);
      if ((info.kind == OpKind::Load || info.kind == OpKind::Store) && addr.count(g.find(s.kids[0])))
        plan.accesses++;
    }
  });
  plan.removeStackPointerWrites = !strict;
  for (const CallInfo& ci : fg.calls) {
    if (ci.indirect) {
      plan.removeStackPointerWrites = false;
      break;
    }
    if (!imports.count(ci.target)) {
      plan.removeStackPointerWrites = false;
      break;
    }
  }
  plan.valid = true;
  return plan;
}

} // namespace eqsat
