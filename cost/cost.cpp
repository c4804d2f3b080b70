// Cost models: the factory and helpers shared by the models.
// Every number is explained in docs/cost-models.md.
#include "cost/cost.h"

#include <cmath>
#include <cstdio>

#include "cost/cost_models.h"

#include <filesystem>

namespace eqsat {

bool thumb2ModifiedImmediate(uint32_t v) {
  // 0x000000XY, 0x00XY00XY, 0xXY00XY00, 0xXYXYXYXY, or an 8-bit value with the top bit set rotated.
  if (v <= 0xff) return true;
  uint32_t b = v & 0xff;
  if (v == (b | (b << 16))) return true;
  uint32_t b1 = (v >> 8) & 0xff;
  if (v == ((b1 << 8) | (b1 << 24))) return true;
  if (v == (b | (b << 8) | (b << 16) | (b << 24))) return true;
  for (unsigned rot = 8; rot < 32; ++rot) {
    uint32_t r = (v << rot) | (v >> (32 - rot));  // rotate left undoes rotate right by rot
    if (r <= 0xff && (r & 0x80)) return true;
  }
  return false;
}

unsigned thumb2MaterializeCost(uint32_t v) {
  if (thumb2ModifiedImmediate(v) || thumb2ModifiedImmediate(~v) || v <= 0xffff) return 1;
  return 2;
}

unsigned ulebBytes(uint64_t v) {
  unsigned n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

unsigned slebBytes(int64_t v) {
  unsigned n = 1;
  while (!((v >= -64 && v < 64))) {
    v >>= 7;  // arithmetic shift
    ++n;
  }
  return n;
}

bool isShiftOp(Op op) {
  switch (op) {
  case Op::I32Shl: case Op::I32ShrS: case Op::I32ShrU: case Op::I32Rotl: case Op::I32Rotr:
  case Op::I64Shl: case Op::I64ShrS: case Op::I64ShrU: case Op::I64Rotl: case Op::I64Rotr:
    return true;
  default: return false;
  }
}

bool isWideOp(const NodeView& n) {
  const OpInfo& i = opInfo(n.op);
  if (i.kind == OpKind::Const) return n.ty == Ty::i64;
  if (i.kind == OpKind::Compare || n.op == Op::I64Eqz) return i.operand[0] == Ty::i64;
  return n.ty == Ty::i64;
}

std::vector<std::string> costModelNames() { return {"thumb2", "thumb2-regalloc", "rv32", "wasm-bytes", "ast"}; }

bool isBuiltinCostModel(const std::string& name) {
  for (const auto& n : costModelNames())
    if (n == name) return true;
  return false;
}

std::unique_ptr<CostModel> makeCostModel(const std::string& name) {
  if (name == "thumb2") return costmodels::makeThumb2(false);
  if (name == "thumb2-regalloc") return costmodels::makeThumb2(true);
  if (name == "rv32") return costmodels::makeRv32();
  if (name == "wasm-bytes") return costmodels::makeWasmBytes();
  if (name == "ast") return costmodels::makeAst();
  std::error_code ec;
  if (!name.empty() && std::filesystem::is_regular_file(name, ec)) return loadCostTable(name);
  return nullptr;
}

std::string formatCost(double cost) {
  if (!std::isfinite(cost)) return "inf";
  char b[64];
  if (std::fabs(cost - std::round(cost)) < 1e-9) std::snprintf(b, sizeof b, "%.0f", cost);
  else std::snprintf(b, sizeof b, "%.2f", cost);
  return b;
}

} // namespace eqsat
