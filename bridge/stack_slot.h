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
//
// All of that rests on the shadow-stack ABI assumption (README, Assumptions):
// nothing reads or writes a function's frame except through addresses derived
// from its own stack pointer, and memory below the stack pointer is dead.
// Without it (`--assume none`, BridgeOptions::stackAbi = false) the plan is
// strict: every store stays, a slot load reads the value the last store to
// its field wrote only when no store through another address, and no call,
// came in between on any path, and the load is kept otherwise.
#pragma once

#include "bridge/bridge.h"

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
  // Strict (no ABI assumption): stores and stack-pointer writes stay, unknown
  // stores and calls make every field unknown, an unknown field's load stays.
  bool strict = false;
};

// Looks at a function built without the plan and decides whether its frame
// slot can be replaced by values.
// `imports`: the names of the module's imported functions. `strict`: plan
// without the shadow-stack ABI assumption (StackSlotPlan::strict); the slot
// address may then escape, but every access must use the same base address,
// so that a load whose field a store wrote reads the very bytes it wrote
// (and cannot trap where the store did not).
StackSlotPlan planStackSlot(const FunctionGraph& fg, const std::unordered_set<std::string>& imports,
                            bool strict = false);

} // namespace eqsat
