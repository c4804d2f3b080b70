// The memory seam: a shadow-stack slot that never escapes becomes values.
//
// clang returns a struct through a hidden pointer into the caller's frame:
// the caller moves `__stack_pointer` down by C bytes, the callee stores the
// fields there, the caller loads them back and moves the stack pointer up
// again. After inlining, that is a store -> load round trip through memory.
// When the slot's address is only ever used as the address of loads and
// stores at constant offsets (never stored, passed to a call, compared, or
// merged with another pointer), no other code can see the slot: each field
// becomes a value like a local (store = assignment, load = read with the
// load's extension), the stores disappear, and so does the stack-pointer
// adjustment when nothing else uses the stack pointer.
#pragma once

#include "egraph/bridge.h"

#include <string>
#include <unordered_set>
#include <vector>

namespace eqsat {

struct StackSlotPlan {
  bool valid = false;
  std::string why;          // why not, when !valid (for --stats / debugging)
  uint32_t global = 0;      // index into FunctionGraph::globals (the stack pointer)
  std::string globalName;
  uint32_t frameSize = 0;   // C
  struct Field {
    uint32_t offset, bytes;
    Ty ty;                  // type of the values stored
  };
  std::vector<Field> fields;
  size_t accesses = 0;      // load and store statements on the slot
  size_t spSets = 0;        // global.set statements of the stack pointer (reserve + restores)
  // The stack-pointer writes go too only when no function of this module that
  // could have a frame of its own is called (only imports): otherwise callees'
  // frames would move, and with them every stack address they hand to imports.
  bool removeStackPointerWrites = false;
};

// Looks at a function built without the plan and decides whether its frame
// slot can be replaced by values.
// `imports`: the names of the module's imported functions.
StackSlotPlan planStackSlot(const FunctionGraph& fg, const std::unordered_set<std::string>& imports);

} // namespace eqsat
