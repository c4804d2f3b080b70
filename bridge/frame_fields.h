// The fields of a frame slot as values (private to bridge/; the plan is
// bridge/stack_slot.h): while the bridge walks a function with a slot plan,
// each field of the slot is a virtual local after the function's own locals,
// a store to the slot assigns the fields it overlaps and a load reads its
// field with the load's extension.
#pragma once

#include "bridge/stack_slot.h"

#include <optional>
#include <stdexcept>
#include <vector>

namespace eqsat {

// The stack-slot plan did not hold while building: the bridge builds without it.
struct SlotFail : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class FrameFields {
public:
  FrameFields(EGraph& graph, const StackSlotPlan& plan, uint32_t firstLocal)
      : graph_(graph), plan_(plan), firstLocal_(firstLocal) {}

  const StackSlotPlan& plan() const { return plan_; }
  uint32_t firstLocal() const { return firstLocal_; }
  // The slot's address: the stack pointer after the reservation (kNoClass before it).
  ClassId base = kNoClass;

  // A class standing for a field's value that is not known (never written, or
  // forgotten); phis of such classes are not known either.
  void addUndefined(ClassId undefined) { undefined_.push_back(graph_.find(undefined)); }
  const std::vector<ClassId>& undefined() const { return undefined_; }
  bool isUndefined(ClassId value, unsigned depth = 0) const;

  // The offset of an address from the slot base, if it is a slot address.
  std::optional<int64_t> offsetOf(ClassId address, unsigned depth = 0) const;
  // The virtual local of the field at (offset, bytes); throws SlotFail for another access.
  uint32_t fieldLocal(int64_t offset, unsigned bytes) const;
  // A store of `bytes` bytes of `value` (of type valueType) at slot offset
  // `offset`: every field it overlaps gets its new contents in `locals`.
  void store(std::vector<ClassId>& locals, int64_t offset, unsigned bytes, ClassId value, Ty valueType);
  // Strict plan: a store through another address or a call may have written
  // any field, so none is known any more.
  void forget(std::vector<ClassId>& locals) const;
  // A load of `bytes` bytes of type loadType from a field holding values of type fieldType.
  ClassId read(ClassId value, Ty fieldType, Ty loadType, unsigned bytes, bool signExtend);

private:
  ClassId unary(Op op, Ty type, ClassId x);
  ClassId binary(Op op, Ty type, ClassId x, ClassId y);

  EGraph& graph_;
  const StackSlotPlan& plan_;
  uint32_t firstLocal_;
  std::vector<ClassId> undefined_;  // one per field, then loop phis of fields undefined on entry
};

} // namespace eqsat
