// The read-only data of a module, which the `readonly-data` assumption
// (README, Assumptions) says is never written: the bytes of the active data
// segment the name section names `.rodata` (wasm-ld's name for read-only
// data, which C never writes and which lives in flash on the target).
#pragma once

#include "bridge/readonly_load.h"
#include "module/wasm_binary.h"

#include <memory>
#include <string>

namespace eqsat {

// The `.rodata` segment's bytes and where they lie, or null (with `why`)
// unless: exactly one data segment is named `.rodata`; it is active in memory
// 0 at an `i32.const` offset; every other segment is active at an
// `i32.const` offset and does not overlap it (a passive segment could be
// copied over it by memory.init); and the module has one 32-bit memory,
// defined or imported, whose initial pages hold it (so no access inside it
// traps). A binary this reader cannot read has none.
std::shared_ptr<const ReadonlyBytes> findReadonlyData(wasm::Bytes bytes, std::string* why = nullptr);

} // namespace eqsat
