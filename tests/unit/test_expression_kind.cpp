// exprKind (ir/expression_kind.h): each Binaryen expression id to its kind,
// read once; and the walks that dispatch on it (forEachChild, eachChild)
// visiting the same children as before.
#include <doctest/doctest.h>

#include "ir/binaryen_ops.h"
#include "ir/expression_kind.h"
#include "passes/ir_walk.h"
#include "wat_module.h"

#include <binaryen-c.h>

#include <utility>
#include <vector>

using namespace eqsat;

TEST_CASE("exprKind: every listed Binaryen id has its kind, every other id is Other") {
  const std::pair<BinaryenExpressionId, ExprKind> listed[] = {
      {BinaryenBlockId(), ExprKind::Block},       {BinaryenIfId(), ExprKind::If},
      {BinaryenLoopId(), ExprKind::Loop},         {BinaryenBreakId(), ExprKind::Break},
      {BinaryenSwitchId(), ExprKind::Switch},     {BinaryenCallId(), ExprKind::Call},
      {BinaryenCallIndirectId(), ExprKind::CallIndirect}, {BinaryenLocalGetId(), ExprKind::LocalGet},
      {BinaryenLocalSetId(), ExprKind::LocalSet}, {BinaryenGlobalGetId(), ExprKind::GlobalGet},
      {BinaryenGlobalSetId(), ExprKind::GlobalSet}, {BinaryenLoadId(), ExprKind::Load},
      {BinaryenStoreId(), ExprKind::Store},       {BinaryenConstId(), ExprKind::Const},
      {BinaryenUnaryId(), ExprKind::Unary},       {BinaryenBinaryId(), ExprKind::Binary},
      {BinaryenSelectId(), ExprKind::Select},     {BinaryenDropId(), ExprKind::Drop},
      {BinaryenReturnId(), ExprKind::Return},     {BinaryenMemorySizeId(), ExprKind::MemorySize},
      {BinaryenMemoryGrowId(), ExprKind::MemoryGrow}, {BinaryenNopId(), ExprKind::Nop},
      {BinaryenUnreachableId(), ExprKind::Unreachable}, {BinaryenMemoryCopyId(), ExprKind::MemoryCopy},
      {BinaryenMemoryFillId(), ExprKind::MemoryFill}, {BinaryenMemoryInitId(), ExprKind::MemoryInit},
      {BinaryenSIMDExtractId(), ExprKind::SIMDExtract}, {BinaryenSIMDLoadId(), ExprKind::SIMDLoad},
      {BinaryenAtomicRMWId(), ExprKind::AtomicRMW}, {BinaryenAtomicNotifyId(), ExprKind::AtomicNotify},
  };
  for (const auto& [id, kind] : listed) CHECK(exprKindOfId(id) == kind);
  for (BinaryenExpressionId other : {BinaryenInvalidId(), BinaryenRefNullId(), BinaryenTryId(), BinaryenTableGetId(),
                                     BinaryenPopId(), BinaryenTupleMakeId()})
    CHECK(exprKindOfId(other) == ExprKind::Other);
  CHECK(exprKindOfId(100000) == ExprKind::Other);
}

TEST_CASE("forEachChild and eachChild: children in order, optional ones skipped, unknown kinds refused") {
  test::Mod mod(R"((module
    (memory 1)
    (func $f (param $x i32) (result i32)
      (block $b (result i32)
        (drop (br_if $b (i32.const 7) (local.get $x)))
        (if (local.get $x) (then (nop)))
        (i32.store (i32.const 8) (i32.add (local.get $x) (i32.const 1)))
        (select (i32.const 1) (i32.const 2) (local.get $x))))))");
  BinaryenExpressionRef body = mod.body("f");
  auto kindsOf = [](BinaryenExpressionRef e) {
    std::vector<ExprKind> out;
    CHECK(forEachChild(e, [&](BinaryenExpressionRef c) { out.push_back(exprKind(c)); }));
    std::vector<ExprKind> viaSlots;
    CHECK(eachChild(e, [&](BinaryenExpressionRef c, auto) { if (c) viaSlots.push_back(exprKind(c)); }));
    CHECK(viaSlots == out);
    return out;
  };
  REQUIRE(exprKind(body) == ExprKind::Block);
  CHECK(kindsOf(body) == std::vector<ExprKind>{ExprKind::Drop, ExprKind::If, ExprKind::Store, ExprKind::Select});
  BinaryenExpressionRef brIf = BinaryenDropGetValue(BinaryenBlockGetChildAt(body, 0));
  CHECK(kindsOf(brIf) == std::vector<ExprKind>{ExprKind::Const, ExprKind::LocalGet});
  BinaryenExpressionRef oneArmed = BinaryenBlockGetChildAt(body, 1);  // no else: two children
  CHECK(kindsOf(oneArmed) ==
        std::vector<ExprKind>{ExprKind::LocalGet, exprKindOfId(BinaryenExpressionGetId(BinaryenIfGetIfTrue(oneArmed)))});
  CHECK(kindsOf(BinaryenBlockGetChildAt(body, 2)) == std::vector<ExprKind>{ExprKind::Const, ExprKind::Binary});
  CHECK(kindsOf(BinaryenBlockGetChildAt(body, 3)) ==
        std::vector<ExprKind>{ExprKind::Const, ExprKind::Const, ExprKind::LocalGet});
  CHECK(kindsOf(BinaryenIfGetCondition(BinaryenBlockGetChildAt(body, 1))).empty());
  // An expression kind the walks do not enumerate: both refuse it.
  BinaryenExpressionRef fill = BinaryenMemoryFill(mod.m, BinaryenConst(mod.m, BinaryenLiteralInt32(0)),
                                                  BinaryenConst(mod.m, BinaryenLiteralInt32(0)),
                                                  BinaryenConst(mod.m, BinaryenLiteralInt32(0)));
  CHECK(exprKind(fill) == ExprKind::MemoryFill);
  CHECK_FALSE(forEachChild(fill, [](BinaryenExpressionRef) {}));
  CHECK_FALSE(eachChild(fill, [](BinaryenExpressionRef, auto) {}));
}
