// Cost models. Every number is explained in docs/cost-models.md.
#include "extract/cost.h"

#include "egraph/ops.h"

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

namespace {

// The instruction count a simple wasm -> Thumb-2 backend emits for Cortex-M4.
class Thumb2Cost : public CostModel {
public:
  explicit Thumb2Cost(bool regalloc) : regalloc_(regalloc) {}
  std::string name() const override { return regalloc_ ? "thumb2-regalloc" : "thumb2"; }

  double opCost(const NodeView& n) const override {
    const OpInfo& i = opInfo(n.op);
    bool w = n.ty == Ty::i64 || (i.kind != OpKind::Const && i.operand[0] == Ty::i64);
    switch (n.op) {
    case Op::I32Const: return thumb2MaterializeCost(uint32_t(n.imm));
    case Op::I64Const: return thumb2MaterializeCost(uint32_t(n.imm)) + thumb2MaterializeCost(uint32_t(n.imm >> 32));
    case Op::F32Const: return 2;
    case Op::F64Const: return 4;
    case Op::I32WrapI64: return 0.5;       // take the low register of the pair (0-1)
    case Op::I64ExtendI32U: return 1;      // mov hi, #0
    case Op::I64ExtendI32S: return 1;      // asr hi, lo, #31
    case Op::I32Eqz: return 3;             // cmp + ite + 2 movs ~ 3 (compare producing 0/1)
    case Op::I64Eqz: return 4;
    case Op::Select: return 4;
    case Op::Param: case Op::Phi: case Op::LoopPhi: case Op::Opaque: case Op::Symbol:
      return localGetCost(n.ty);
    case Op::Call: return 1 + double(n.children.size());  // bl + argument moves
    case Op::GlobalGet: return 2;          // address + ldr
    case Op::GlobalSet: return 2;
    case Op::MemorySize: case Op::MemoryGrow: return 3;
    case Op::GenericUnary: case Op::GenericBinary: case Op::GenericTrapUnary:
      return 4;  // floating point on a soft-float/FPU mix: an estimate
    default: break;
    }
    switch (i.kind) {
    case OpKind::Load: case OpKind::Store:
      return (memOffset(n.imm) ? 2 : 1) + (i.bytes == 8 ? 1 : 0);
    case OpKind::Compare:
      return w ? 6 : 4;  // cmp + conditional moves producing 0/1
    case OpKind::Binary:
      switch (n.op) {
      case Op::I32Shl: case Op::I32ShrS: case Op::I32ShrU: case Op::I32Rotl: case Op::I32Rotr:
        return 1;  // 2 with a variable amount: see constOperandCost
      case Op::I64Shl: case Op::I64ShrS: case Op::I64ShrU: case Op::I64Rotl: case Op::I64Rotr:
        return 11;
      case Op::I32DivU: case Op::I32RemU: return 4;
      case Op::I32DivS: case Op::I32RemS: return 11;
      case Op::I64DivU: case Op::I64DivS: case Op::I64RemU: case Op::I64RemS: return 20;
      case Op::I64Mul: return 4;
      default: return w ? 2 : 1;
      }
    case OpKind::Unary:
      return w ? 3 : 1;
    default:
      return 1;
    }
  }

  double constOperandCost(const NodeView& user, unsigned index, Ty ty, uint64_t bits) const override {
    uint32_t lo = uint32_t(bits);
    const OpInfo& i = opInfo(user.op);
    if (ty == Ty::i64) {
      // Register pairs: each half is an immediate or a materialisation.
      auto half = [&](uint32_t h) -> double { return immediateFor(user.op, index, h) ? 0 : thumb2MaterializeCost(h); };
      if (i.kind == OpKind::Binary && isShift(user.op) && index == 1) return 0;
      return half(lo) + half(uint32_t(bits >> 32));
    }
    if (ty != Ty::i32) return ty == Ty::f64 ? 4 : 2;
    if (immediateFor(user.op, index, lo)) return 0;
    return thumb2MaterializeCost(lo);
  }

  double localGetCost(Ty ty) const override { return regalloc_ ? 0 : (ty == Ty::i64 || ty == Ty::f64 ? 2 : 1); }
  double localSetCost(Ty ty) const override { return regalloc_ ? 0 : (ty == Ty::i64 || ty == Ty::f64 ? 2 : 1); }

private:
  bool regalloc_;
  static bool isShift(Op op) {
    switch (op) {
    case Op::I32Shl: case Op::I32ShrS: case Op::I32ShrU: case Op::I32Rotl: case Op::I32Rotr:
    case Op::I64Shl: case Op::I64ShrS: case Op::I64ShrU: case Op::I64Rotl: case Op::I64Rotr:
      return true;
    default: return false;
    }
  }
  static bool immediateFor(Op op, unsigned index, uint32_t v) {
    const OpInfo& i = opInfo(op);
    if (i.kind == OpKind::Load || i.kind == OpKind::Store) return false;  // address/value operands
    if (isShift(op)) return index == 1;
    switch (op) {
    case Op::I32Add: case Op::I32Sub: case Op::I64Add: case Op::I64Sub:
      return v <= 4095 || uint32_t(-v) <= 4095;
    case Op::I32And: case Op::I32Or: case Op::I32Xor: case Op::I64And: case Op::I64Or: case Op::I64Xor:
      return thumb2ModifiedImmediate(v) || thumb2ModifiedImmediate(~v);
    default: break;
    }
    if (i.kind == OpKind::Compare) return thumb2ModifiedImmediate(v) || thumb2ModifiedImmediate(uint32_t(-v));
    if (op == Op::Select) return index < 2 && v <= 255;
    if (op == Op::Phi) return v <= 255;  // a MOV #imm on the edge
    return false;
  }
};

// One per node: the size of the expression tree.
class AstCost : public CostModel {
public:
  std::string name() const override { return "ast"; }
  double opCost(const NodeView&) const override { return 1; }
  double constOperandCost(const NodeView&, unsigned, Ty, uint64_t) const override { return 1; }
  double localGetCost(Ty) const override { return 1; }
  double localSetCost(Ty) const override { return 1; }
};

} // namespace

std::unique_ptr<CostModel> makeCostModel(const std::string& name) {
  if (name == "thumb2") return std::make_unique<Thumb2Cost>(false);
  if (name == "thumb2-regalloc") return std::make_unique<Thumb2Cost>(true);
  if (name == "ast") return std::make_unique<AstCost>();
  return nullptr;
}

std::vector<std::string> costModelNames() { return {"thumb2", "thumb2-regalloc", "ast"}; }

} // namespace eqsat
