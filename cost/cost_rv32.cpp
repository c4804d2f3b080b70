// rv32: the instruction count of a simple wasm -> RISC-V RV32IMC backend
// (docs/cost-models.md). 12-bit signed immediates; i64 values are register
// pairs; there are no flags: compares are slt/sltu, and branches compare two
// registers directly (beq/bne/blt/bge/bltu/bgeu), so a compare that only
// feeds a branch is free.
#include "cost/cost_models.h"

#include "egraph/ops.h"

namespace eqsat::costmodels {
namespace {

bool fits12(int64_t v) { return v >= -2048 && v <= 2047; }

// li rd, C: ADDI (12-bit), LUI (low 12 bits zero) or LUI + ADDI.
double materialize32(uint32_t v) {
  if (fits12(int32_t(v))) return 1;
  if ((v & 0xfff) == 0) return 1;
  return 2;
}

class Rv32Cost : public CostModel {
public:
  std::string name() const override { return "rv32"; }

  double opCostIn(const NodeView& n, const CostContext& cx) const override {
    double v = valueCost(n, cx);
    if (cx.use != Use::Condition) return v;
    const OpInfo& i = opInfo(n.op);
    if (i.kind == OpKind::Compare || n.op == Op::I32Eqz || n.op == Op::I64Eqz) {
      // The branch compares registers itself (x0 for zero); a nonzero constant
      // operand must be in a register (the immediate forms do not exist for branches).
      double c = 0;
      for (unsigned k = 0; k < 2; ++k)
        if (auto cv = cx.constant(k); cv && *cv != 0 && fits12(int32_t(uint32_t(*cv)))) c += 1;
      if (isWideOp(n)) c += n.op == Op::I64Eqz ? 1 : 3;  // OR the halves / compare high then low
      return c;
    }
    return v;  // bnez / beqz take any register
  }

  double constOperandCost(const NodeView& user, unsigned index, Ty ty, uint64_t bits) const override {
    if (ty == Ty::f32) return 2;
    if (ty == Ty::f64) return 4;
    if (ty == Ty::i64) {
      if (isShiftOp(user.op) && index == 1) return 0;  // only the low 6 bits matter: an immediate
      auto half = [&](uint32_t h) -> double { return immediateFor(user, index, h) ? 0 : (h == 0 ? 0 : materialize32(h)); };
      return half(uint32_t(bits)) + half(uint32_t(bits >> 32));
    }
    if (ty != Ty::i32) return 0;
    uint32_t v = uint32_t(bits);
    if (immediateFor(user, index, v)) return 0;
    if (v == 0) return 0;  // x0
    return materialize32(v);
  }

  double localGetCost(Ty ty) const override { return ty == Ty::i64 || ty == Ty::f64 ? 2 : 1; }  // LW (x2)
  double localSetCost(Ty ty) const override { return ty == Ty::i64 || ty == Ty::f64 ? 2 : 1; }  // SW (x2)

  double controlCost(Ctl k) const override {
    switch (k) {
    case Ctl::If: case Ctl::Else: case Ctl::Br: case Ctl::BrIf: return 1;  // Bcc / J
    case Ctl::BrTable: return 4;        // bound check, SLLI, ADD, LW, JR ~ 4 + table
    case Ctl::BrTableTarget: return 0;  // a table word, no instruction
    case Ctl::Return: return 1;         // RET
    case Ctl::Unreachable: return 1;    // EBREAK / UNIMP
    case Ctl::CondTest: return 0;       // BNEZ/BEQZ test any register
    case Ctl::CallArg: return 1;        // MV into a0-a7
    case Ctl::CallIndirect: return 4;   // table base, SLLI, LW, JALR
    case Ctl::Drop: case Ctl::Block: case Ctl::Loop: return 0;
    }
    return 1;
  }

private:
  static bool immediateFor(const NodeView& user, unsigned index, uint32_t v) {
    const OpInfo& i = opInfo(user.op);
    int32_t s = int32_t(v);
    if (i.kind == OpKind::Load || i.kind == OpKind::Store)
      return index == 0 && fits12(int64_t(v) + memOffset(user.imm));  // LW rd, C+O(base)
    if (isShiftOp(user.op)) return index == 1;  // SLLI/SRLI/SRAI
    switch (user.op) {
    case Op::I32Add: case Op::I32And: case Op::I32Or: case Op::I32Xor:
    case Op::I64And: case Op::I64Or: case Op::I64Xor:
      return fits12(s);  // ADDI/ANDI/ORI/XORI
    case Op::I64Add: return index == 1 && fits12(s);
    case Op::I32Sub: case Op::I64Sub: return index == 1 && fits12(-int64_t(s));  // ADDI -C
    case Op::I32LtS: case Op::I32LtU: return index == 1 && fits12(s);  // SLTI/SLTIU
    case Op::I32Eq: case Op::I32Ne: return fits12(s) || v == 0;         // XORI + SEQZ/SNEZ
    case Op::I32GtS: case Op::I32GtU: case Op::I32LeS: case Op::I32LeU: case Op::I32GeS: case Op::I32GeU:
      return index == 1 && fits12(int64_t(s) + 1);  // SLTI with C+1 (and XORI for ge/le)
    case Op::I32DivU: case Op::I32RemU: return index == 1 && v != 0 && (v & (v - 1)) == 0;  // SRLI / ANDI
    default: break;
    }
    if (user.op == Op::Phi || user.op == Op::Select) return fits12(s);  // LI on the edge / arm
    return false;
  }

  double valueCost(const NodeView& n, const CostContext& cx) const {
    const OpInfo& i = opInfo(n.op);
    bool w = isWideOp(n);
    auto c1 = cx.constant(1);
    switch (n.op) {
    case Op::I32Const: return uint32_t(n.imm) == 0 ? 1 : materialize32(uint32_t(n.imm));
    case Op::I64Const: return (uint32_t(n.imm) ? materialize32(uint32_t(n.imm)) : 1) +
                              (uint32_t(n.imm >> 32) ? materialize32(uint32_t(n.imm >> 32)) : 1);
    case Op::F32Const: return 2;
    case Op::F64Const: return 4;
    case Op::I32WrapI64: return 0;        // the low register
    case Op::I64ExtendI32U: return 1;     // LI hi, 0
    case Op::I64ExtendI32S: return 1;     // SRAI hi, lo, 31
    case Op::I32Eqz: return 1;            // SEQZ
    case Op::I64Eqz: return 2;            // OR + SEQZ
    case Op::Select: return w ? 5 : 3;    // BEQZ + MV (+ J): no conditional move in RV32I
    case Op::Param: case Op::Phi: case Op::LoopPhi: case Op::Opaque: case Op::Symbol:
      return localGetCost(n.ty);
    case Op::Call: {
      double c = 1 + (n.ty != Ty::none ? 1 : 0);  // JAL + result MV
      for (size_t k = 0; k < n.children.size(); ++k)
        if (!cx.isConst(unsigned(k))) c += 1;    // MV into a0-a7
      return c;
    }
    case Op::GlobalGet: case Op::GlobalSet: return n.ty == Ty::i64 ? 2 : 1;  // LW/SW off(gp)
    case Op::MemorySize: return 1;
    case Op::MemoryGrow: return 3;
    case Op::GenericUnary: case Op::GenericBinary: case Op::GenericTrapUnary:
      return 6;  // soft-float library call (no F extension)
    case Op::I32Clz: case Op::I32Ctz: return 15;  // no Zbb: a bit loop / binary search
    case Op::I32Popcnt: return 20;
    case Op::I64Clz: case Op::I64Ctz: return 20;
    case Op::I64Popcnt: return 40;
    case Op::I32Extend8S: case Op::I32Extend16S: return 2;  // SLLI + SRAI
    case Op::I64Extend8S: case Op::I64Extend16S: return 3;
    case Op::I64Extend32S: return 1;
    default: break;
    }
    switch (i.kind) {
    case OpKind::Load: case OpKind::Store: {
      // No register+register addressing: ADD base first, then LW/SW with the offset (12 bits).
      bool wide = i.bytes == 8;
      bool constAddr = cx.constant(0) && fits12(int64_t(uint32_t(*cx.constant(0))) + memOffset(n.imm));
      double c = constAddr ? 0 : 1;
      if (!constAddr && !fits12(memOffset(n.imm))) c += 2;  // LUI + ADD for a large offset
      c += wide ? 2 : 1;
      if (i.kind == OpKind::Load && i.result == Ty::i64 && i.bytes < 8) c += 1;  // high half
      return c;
    }
    case OpKind::Compare:
      if (!w) {
        switch (n.op) {
        case Op::I32LtS: case Op::I32LtU: case Op::I32GtS: case Op::I32GtU: return 1;  // SLT(U) (swapped)
        default: return 2;  // eq/ne: XOR + SEQZ/SNEZ; le/ge: SLT + XORI
        }
      }
      return (n.op == Op::I64Eq || n.op == Op::I64Ne) ? 4 : 5;  // XOR, XOR, OR, SEQZ / SLT hi, BNE, SLTU lo, ...
    case OpKind::Binary:
      switch (n.op) {
      case Op::I32Rotl: case Op::I32Rotr: return c1 ? 3 : 4;  // SLL, SRL, OR (+ NEG)
      case Op::I64Shl: case Op::I64ShrS: case Op::I64ShrU: return c1 ? 4 : 12;  // constant: 4 shifts/ors; variable: branchy
      case Op::I64Rotl: case Op::I64Rotr: return c1 ? 8 : 20;
      case Op::I32DivU: case Op::I32RemU:
        if (c1 && uint32_t(*c1) != 0) return 1;  // DIVU/REMU (SRLI/ANDI for a power of two)
        return 2;                                // BEQZ to the trap + DIVU
      case Op::I32DivS: case Op::I32RemS:
        if (c1 && uint32_t(*c1) != 0 && uint32_t(*c1) != 0xffffffffu) return 1;
        return 5;  // zero check + INT_MIN / -1 check
      case Op::I64DivU: case Op::I64DivS: case Op::I64RemU: case Op::I64RemS: return 40;  // library routine
      case Op::I64Mul: return 7;  // MUL, MULHU, 2 MUL, 2 ADD
      case Op::I64Add: case Op::I64Sub: return 4;  // ADD lo, SLTU carry, ADD hi, ADD carry
      default: return w ? 2 : 1;
      }
    case OpKind::Unary: case OpKind::Convert:
      return w ? 2 : 1;
    default:
      return 1;
    }
  }
};

} // namespace

std::unique_ptr<CostModel> makeRv32() { return std::make_unique<Rv32Cost>(); }

} // namespace eqsat::costmodels
