#include "ir/expression_kind.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace eqsat {

namespace {

// Every id not listed is Other.
std::array<ExprKind, detail::kExprKindTableSize> kindTable() {
  const std::pair<BinaryenExpressionId, ExprKind> known[] = {
      {BinaryenBlockId(), ExprKind::Block},         {BinaryenIfId(), ExprKind::If},
      {BinaryenLoopId(), ExprKind::Loop},           {BinaryenBreakId(), ExprKind::Break},
      {BinaryenSwitchId(), ExprKind::Switch},       {BinaryenCallId(), ExprKind::Call},
      {BinaryenCallIndirectId(), ExprKind::CallIndirect}, {BinaryenLocalGetId(), ExprKind::LocalGet},
      {BinaryenLocalSetId(), ExprKind::LocalSet},   {BinaryenGlobalGetId(), ExprKind::GlobalGet},
      {BinaryenGlobalSetId(), ExprKind::GlobalSet}, {BinaryenLoadId(), ExprKind::Load},
      {BinaryenStoreId(), ExprKind::Store},         {BinaryenConstId(), ExprKind::Const},
      {BinaryenUnaryId(), ExprKind::Unary},         {BinaryenBinaryId(), ExprKind::Binary},
      {BinaryenSelectId(), ExprKind::Select},       {BinaryenDropId(), ExprKind::Drop},
      {BinaryenReturnId(), ExprKind::Return},       {BinaryenMemorySizeId(), ExprKind::MemorySize},
      {BinaryenMemoryGrowId(), ExprKind::MemoryGrow}, {BinaryenNopId(), ExprKind::Nop},
      {BinaryenUnreachableId(), ExprKind::Unreachable},
      {BinaryenSIMDLoadId(), ExprKind::SIMDLoad},
      {BinaryenSIMDLoadStoreLaneId(), ExprKind::SIMDLoadStoreLane},
      {BinaryenSIMDTernaryId(), ExprKind::SIMDTernary},
      {BinaryenSIMDShuffleId(), ExprKind::SIMDShuffle},
      {BinaryenSIMDShiftId(), ExprKind::SIMDShift},
      {BinaryenSIMDReplaceId(), ExprKind::SIMDReplace},
      {BinaryenSIMDExtractId(), ExprKind::SIMDExtract},
      {BinaryenMemoryInitId(), ExprKind::MemoryInit},
      {BinaryenMemoryFillId(), ExprKind::MemoryFill},
      {BinaryenMemoryCopyId(), ExprKind::MemoryCopy},
      {BinaryenAtomicWaitId(), ExprKind::AtomicWait},
      {BinaryenAtomicRMWId(), ExprKind::AtomicRMW},
      {BinaryenAtomicNotifyId(), ExprKind::AtomicNotify},
      {BinaryenAtomicCmpxchgId(), ExprKind::AtomicCmpxchg},
  };
  std::array<ExprKind, detail::kExprKindTableSize> t;
  t.fill(ExprKind::Other);
  for (const auto& [id, kind] : known) {
    if (id >= t.size()) {  // never with the Binaryen this is built against: its ids are below 100
      std::fprintf(stderr, "eqsat-wasm: Binaryen expression id %u is past the kind table\n", unsigned(id));
      std::abort();
    }
    t[id] = kind;
  }
  return t;
}

} // namespace

const std::array<ExprKind, detail::kExprKindTableSize> detail::kExprKindById = kindTable();

} // namespace eqsat
