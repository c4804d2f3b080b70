// planStackSlot (bridge/stack_slot.h): whether the frame slot of a function
// built without a plan can become values, and the fields it has. The steps:
// find the stack-pointer reservation, check every other write restores it and
// that it is read once, follow the slot address to its loads and stores, and
// make one field per (offset, width) accessed.
#include "bridge/stack_slot.h"

#include "ir/binaryen_ops.h"

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace eqsat {

namespace {

void forEachStmt(const std::vector<Stmt>& body, const std::function<void(const Stmt&)>& visit) {
  for (const Stmt& s : body) {
    visit(s);
    forEachStmt(s.body, visit);
    forEachStmt(s.elseBody, visit);
  }
}

// Why the slot cannot become values (thrown by a step, caught by planStackSlot).
struct PlanFailure {
  std::string why;
};

// A load or store through the slot address.
struct SlotAccess {
  uint32_t offset, bytes;
  bool store;
  Ty type;
  int64_t base;  // the offset of the address it goes through from the slot base
};

class SlotPlanner {
public:
  SlotPlanner(const FunctionGraph& fg, StackSlotPlan& plan)
      : fg_(fg), graph_(*fg.egraph), plan_(plan), strict_(plan.strict) {}

  void plan(const std::unordered_set<std::string>& imports) {
    std::vector<const Stmt*> sets;
    forEachStmt(fg_.body, [&](const Stmt& s) {
      if (s.kind == StmtKind::Effect && s.op == Op::GlobalSet) sets.push_back(&s);
    });
    const Stmt* reserve = findReservation(sets);
    checkRestores(sets, reserve);
    checkSingleRead();
    std::vector<SlotAccess> accesses = followSlotAddress();
    makeFields(accesses);
    countAccesses();
    decideStackPointerWrites(imports);
    plan_.valid = true;
  }

private:
  std::optional<uint64_t> constOf(ClassId c) const { return graph_.constant(graph_.find(c)); }

  // The reserve: global.set G (i32.sub (global.get G) (i32.const C)).
  const Stmt* findReservation(const std::vector<const Stmt*>& sets) {
    const Stmt* reserve = nullptr;
    for (const Stmt* s : sets) {
      uint32_t global = uint32_t(s->imm);
      ClassId value = graph_.find(s->kids[0]);
      for (NodeId n : graph_.classNodes(value)) {
        NodeView sub = graph_.node(n);
        if (sub.op != Op::I32Sub) continue;
        auto frameSize = constOf(sub.children[1]);
        if (!frameSize || *frameSize == 0) continue;
        for (NodeId m : graph_.classNodes(graph_.find(sub.children[0]))) {
          NodeView get = graph_.node(m);
          if (get.op == Op::GlobalGet && uint32_t(get.imm) == global) {
            if (reserve && reserve != s) throw PlanFailure{"several stack-pointer reservations"};
            reserve = s;
            slotBase_ = value;
            stackPointerRead_ = graph_.find(sub.children[0]);
            plan_.global = global;
            plan_.frameSize = uint32_t(*frameSize);
          }
        }
      }
    }
    if (!reserve) throw PlanFailure{"no stack-pointer reservation"};
    plan_.globalName = fg_.globals[plan_.global];
    return reserve;
  }

  // Every other write of the stack pointer must restore it: base + C, or the value read.
  void checkRestores(const std::vector<const Stmt*>& sets, const Stmt* reserve) {
    for (const Stmt* s : sets) {
      if (uint32_t(s->imm) != plan_.global) continue;
      plan_.spSets++;
      if (s == reserve) continue;
      ClassId value = graph_.find(s->kids[0]);
      bool restore = value == stackPointerRead_;
      for (NodeId n : graph_.classNodes(value)) {
        NodeView add = graph_.node(n);
        if (add.op == Op::I32Add && graph_.find(add.children[0]) == slotBase_ &&
            constOf(add.children[1]) == plan_.frameSize)
          restore = true;
      }
      if (!restore) throw PlanFailure{"the stack pointer is written with something else than its restore"};
    }
  }

  // The stack pointer is read once (for the reservation).
  void checkSingleRead() {
    size_t reads = 0;
    forEachStmt(fg_.body, [&](const Stmt& s) {
      if (s.kind == StmtKind::Define && s.op == Op::GlobalGet && uint32_t(s.imm) == plan_.global) ++reads;
    });
    if (reads != 1) throw PlanFailure{"the stack pointer is read more than once"};
  }

  // The parents of every class, the class of every node, and the classes
  // statements use directly (operands, tested values, results).
  void indexUses() {
    for (ClassId c : graph_.classes())
      for (NodeId n : graph_.classNodes(c)) {
        classOf_[n] = c;
        NodeView node = graph_.node(n);
        for (unsigned i = 0; i < node.children.size(); ++i)
          parents_[graph_.find(node.children[i])].push_back({n, i});
      }
    forEachStmt(fg_.body, [&](const Stmt& st) {
      if (st.cls != kNoClass) roots_.insert(graph_.find(st.cls));
      for (ClassId k : st.kids) roots_.insert(graph_.find(k));
    });
  }

  // A phi nothing uses: a local merged where it is dead (wasm-opt's
  // coalescing gives the slot address's local to another value later).
  bool unusedPhi(NodeId n) {
    NodeView node = graph_.node(n);
    if (node.op != Op::Phi && node.op != Op::LoopPhi) return false;
    auto it = classOf_.find(n);
    if (it == classOf_.end()) return false;
    auto users = parents_.find(it->second);
    if (users != parents_.end() && !users->second.empty()) return false;
    return !roots_.count(graph_.find(it->second));
  }

  // The uses of the slot address, the parents of the base and of base + k:
  // loads and stores are accesses, base + C is the restore, and anything else
  // lets the address escape (which only the strict plan accepts).
  std::vector<SlotAccess> followSlotAddress() {
    indexUses();
    std::vector<ClassId> work{slotBase_};
    addressOffsets_[slotBase_] = 0;
    std::vector<SlotAccess> accesses;
    while (!work.empty()) {
      ClassId address = work.back();
      work.pop_back();
      int64_t offset = addressOffsets_[address];
      for (auto [n, i] : parents_[address]) {
        NodeView user = graph_.node(n);
        const OpInfo& info = opInfo(user.op);
        if (info.kind == OpKind::Load && i == 0) {
          accesses.push_back({uint32_t(offset + memOffset(user.imm)), info.bytes, false, info.result, offset});
        } else if (info.kind == OpKind::Store && i == 0) {
          accesses.push_back({uint32_t(offset + memOffset(user.imm)), info.bytes, true, info.operand[1], offset});
        } else if (user.op == Op::I32Add && i == 0 && constOf(user.children[1])) {
          if (auto next = offsetAddress(n, offset + int64_t(int32_t(uint32_t(*constOf(user.children[1]))))))
            work.push_back(*next);
        } else if (user.op == Op::GlobalSet && uint32_t(user.imm) == plan_.global && address == slotBase_) {
          // the reservation itself
        } else if (unusedPhi(n)) {
          // the address merged into a dead local: never read
        } else if (!strict_) {
          throw PlanFailure{std::string("the slot address escapes through ") + info.name};
        }
        // Strict: an escaped address is an unknown one; what is done through it
        // (a store, a call) makes the fields unknown in the builder.
      }
    }
    return accesses;
  }

  // The class of `add` (base + k) is a slot address at `offset`: returns it when
  // it is new, to follow its uses too; nullopt for one seen already and for the
  // restore value (the end of the frame).
  std::optional<ClassId> offsetAddress(NodeId add, int64_t offset) {
    auto holder = classOf_.find(add);
    if (holder == classOf_.end()) throw PlanFailure{"internal: parent class not found"};
    ClassId address = holder->second;
    if (offset == int64_t(plan_.frameSize)) {
      // The restore value: only used by stack-pointer writes.
      for (auto [user, index] : parents_[address]) {
        NodeView node = graph_.node(user);
        // Strict: another use is one more unknown address (no field of the slot).
        if (!(node.op == Op::GlobalSet && uint32_t(node.imm) == plan_.global && index == 0) && !strict_)
          throw PlanFailure{"the end of the frame is used for something else than the restore"};
      }
      return std::nullopt;
    }
    if (addressOffsets_.count(address)) {
      if (addressOffsets_[address] != offset) throw PlanFailure{"one address at two offsets"};
      return std::nullopt;
    }
    addressOffsets_[address] = offset;
    return address;
  }

  // Fields: one per distinct (offset, width) accessed. A store updates every
  // field it overlaps (see the builder); floats must not overlap anything.
  void makeFields(const std::vector<SlotAccess>& accesses) {
    std::map<std::pair<uint32_t, uint32_t>, Ty> fields;
    for (const SlotAccess& access : accesses) {
      // Strict: base + k wraps at 2^32 where base + offset traps, so two accesses
      // to one field through different bases may not be the same bytes.
      if (strict_ && access.base != accesses.front().base) throw PlanFailure{"the frame is addressed from several bases"};
      if (uint64_t(access.offset) + access.bytes > plan_.frameSize) throw PlanFailure{"access outside the frame"};
      auto key = std::make_pair(access.offset, access.bytes);
      bool isFloat = access.type == Ty::f32 || access.type == Ty::f64;
      Ty fieldType = isFloat ? access.type : (access.bytes == 8 ? Ty::i64 : Ty::i32);
      auto it = fields.find(key);
      if (it != fields.end() && it->second != fieldType)
        throw PlanFailure{"a frame field accessed as float and integer"};
      fields[key] = fieldType;
    }
    for (auto& [key1, type1] : fields)
      for (auto& [key2, type2] : fields) {
        if (key1 == key2) continue;
        bool overlap = key1.first < key2.first + key2.second && key2.first < key1.first + key1.second;
        if (overlap && (type1 == Ty::f32 || type1 == Ty::f64 || type2 == Ty::f32 || type2 == Ty::f64))
          throw PlanFailure{"a float frame field overlaps another access"};
      }
    for (auto& [key, type] : fields) plan_.fields.push_back({key.first, key.second, type});
  }

  // Statements touching the slot.
  void countAccesses() {
    forEachStmt(fg_.body, [&](const Stmt& s) {
      if ((s.kind == StmtKind::Define || s.kind == StmtKind::Effect) && !s.kids.empty()) {
        const OpInfo& info = opInfo(s.op);
        if ((info.kind == OpKind::Load || info.kind == OpKind::Store) && addressOffsets_.count(graph_.find(s.kids[0])))
          plan_.accesses++;
      }
    });
  }

  // The stack-pointer writes go too only when every call is to an import.
  void decideStackPointerWrites(const std::unordered_set<std::string>& imports) {
    plan_.removeStackPointerWrites = !strict_;
    for (const CallInfo& call : fg_.calls) {
      if (call.indirect || !imports.count(call.target)) {
        plan_.removeStackPointerWrites = false;
        break;
      }
    }
  }

  const FunctionGraph& fg_;
  const EGraph& graph_;
  StackSlotPlan& plan_;
  const bool strict_;
  ClassId slotBase_ = kNoClass;          // the stack pointer after the reservation
  ClassId stackPointerRead_ = kNoClass;  // the stack pointer read for it
  std::unordered_map<ClassId, std::vector<std::pair<NodeId, unsigned>>> parents_;
  std::unordered_map<NodeId, ClassId> classOf_;
  std::unordered_set<ClassId> roots_;
  std::map<ClassId, int64_t> addressOffsets_;  // slot address classes -> offset from the base
};

} // namespace

StackSlotPlan planStackSlot(const FunctionGraph& fg, const std::unordered_set<std::string>& imports,
                            bool strict) {
  StackSlotPlan plan;
  plan.strict = strict;
  try {
    SlotPlanner(fg, plan).plan(imports);
  } catch (const PlanFailure& failure) {
    plan.valid = false;
    plan.why = failure.why;
  }
  return plan;
}

} // namespace eqsat
