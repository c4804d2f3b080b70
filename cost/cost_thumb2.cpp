// thumb2 / thumb2-regalloc: the instruction count a simple wasm -> Thumb-2
// backend emits for Cortex-M4 (docs/cost-models.md explains every number; the
// yardstick is ../shared/tools/t2-estimate, whose COST table the numbers
// follow where the issue leaves a range open).
#include "cost/cost_models.h"

#include "egraph/ops.h"

namespace eqsat::costmodels {
namespace {

class Thumb2Cost : public CostModel {
public:
  explicit Thumb2Cost(bool regalloc) : regalloc_(regalloc) {}
  std::string name() const override { return regalloc_ ? "thumb2-regalloc" : "thumb2"; }

  double opCostIn(const NodeView& n, const CostContext& cx) const override {
    double v = valueCost(n, cx);
    if (cx.use != Use::Condition) return v;
    // Feeding a branch or select: a compare keeps only its CMP (the ITE + 2 MOVs
    // producing 0/1 go); any other value is tested with CMP #0.
    switch (n.op) {
    case Op::I32Eqz: return 1;                 // CMP #0 (or CBZ)
    case Op::I64Eqz: return 2;                 // ORRS lo, hi
    default: break;
    }
    if (opInfo(n.op).kind == OpKind::Compare) {
      if (!isWideOp(n)) return 1;                              // CMP
      return (n.op == Op::I64Eq || n.op == Op::I64Ne) ? 3 : 2;  // CMP, IT, CMP / CMP, SBCS
    }
    return v + controlCost(Ctl::CondTest);
  }

  double constOperandCost(const NodeView& user, unsigned index, Ty ty, uint64_t bits) const override {
    if (ty == Ty::f32) return 2;
    if (ty == Ty::f64) return 4;
    const OpInfo& i = opInfo(user.op);
    if (ty == Ty::i64) {
      if (isShiftOp(user.op) && index == 1) return 2;  // the amount is an i64 register pair (MOVW lo, MOVW hi)
      // Register pairs: each half is an immediate or a materialisation.
      auto half = [&](uint32_t h) -> double { return immediateFor(user, index, h) ? 0 : thumb2MaterializeCost(h); };
      return half(uint32_t(bits)) + half(uint32_t(bits >> 32));
    }
    if (ty != Ty::i32) return 0;
    uint32_t v = uint32_t(bits);
    if (immediateFor(user, index, v)) return 0;
    (void)i;
    return thumb2MaterializeCost(v);
  }

  WholeFunction wholeFunction() const override {
    return regalloc_ ? WholeFunction::SynthRegalloc : WholeFunction::Synth;
  }

  double localGetCost(Ty ty) const override { return regalloc_ ? 0 : (ty == Ty::i64 || ty == Ty::f64 ? 2 : 1); }
  double localSetCost(Ty ty) const override { return regalloc_ ? 0 : (ty == Ty::i64 || ty == Ty::f64 ? 2 : 1); }

  double controlCost(Ctl k) const override {
    switch (k) {
    case Ctl::If: return 1;             // Bcc over the then arm
    case Ctl::Else: return 1;           // B over the else arm
    case Ctl::Br: return 1;             // B
    case Ctl::BrIf: return 1;           // Bcc
    case Ctl::BrTable: return 2;        // CMP + BHS to the default
    case Ctl::BrTableTarget: return 1;  // TBB entry (counted as one)
    case Ctl::Return: return 1;         // POP {.., pc} / BX LR
    case Ctl::Unreachable: return 1;    // UDF
    case Ctl::CondTest: return 1;       // CMP #0
    case Ctl::CallArg: return regalloc_ ? 0 : 1;  // MOV into r0-r3
    case Ctl::CallIndirect: return 4;   // table base, LDR, BLX
    case Ctl::Drop: case Ctl::Block: case Ctl::Loop: return 0;
    }
    return 1;
  }

private:
  bool regalloc_;

  static bool immediateFor(const NodeView& user, unsigned index, uint32_t v) {
    const OpInfo& i = opInfo(user.op);
    if (i.kind == OpKind::Load || i.kind == OpKind::Store)  // a constant address: LDR rd, [base, #C+O]
      return index == 0 && uint64_t(v) + memOffset(user.imm) <= 4095;
    if (isShiftOp(user.op)) return index == 1;
    switch (user.op) {
    case Op::I32Add: case Op::I32Sub: case Op::I64Add: case Op::I64Sub:
      return index == 1 ? (v <= 4095 || uint32_t(-v) <= 4095) : false;  // ADDW/SUBW #imm12
    case Op::I32And: case Op::I32Or: case Op::I32Xor: case Op::I64And: case Op::I64Or: case Op::I64Xor:
      return thumb2ModifiedImmediate(v) || thumb2ModifiedImmediate(~v);  // AND/BIC, ORR/ORN, EOR
    case Op::I32DivU: case Op::I32DivS: case Op::I32RemU: case Op::I32RemS:
      return index == 1 && v != 0;  // folded into the division sequence (priced by opCostIn)
    default: break;
    }
    if (i.kind == OpKind::Compare) return thumb2ModifiedImmediate(v) || thumb2ModifiedImmediate(uint32_t(-v));  // CMP/CMN
    if (user.op == Op::Select) return index < 2 && v <= 255;   // MOV #imm8 under IT
    if (user.op == Op::Phi) return v <= 255;                   // MOV #imm8 on the edge
    if (user.op == Op::Call) return false;                     // MOVW straight into rN: materialised
    return false;
  }

  double valueCost(const NodeView& n, const CostContext& cx) const {
    const OpInfo& i = opInfo(n.op);
    bool w = isWideOp(n);
    auto c1 = cx.constant(1);
    switch (n.op) {
    case Op::I32Const: return thumb2MaterializeCost(uint32_t(n.imm));
    case Op::I64Const: return thumb2MaterializeCost(uint32_t(n.imm)) + thumb2MaterializeCost(uint32_t(n.imm >> 32));
    case Op::F32Const: return 2;
    case Op::F64Const: return 4;
    case Op::I32WrapI64: return 0.5;       // the low register of the pair: MOV or nothing (0-1)
    case Op::I64ExtendI32U: return 1;      // MOVW hi, #0
    case Op::I64ExtendI32S: return 1;      // ASR hi, lo, #31
    case Op::I32Eqz: return 4;             // CMP #0 + ITE + 2 MOVs
    case Op::I64Eqz: return 5;             // ORRS + ITE + 2 MOVs
    case Op::Select: return w ? 7 : 4;     // CMP cond,#0 + IT/MOV + IT/MOV (i64: both halves)
    case Op::Param: case Op::Phi: case Op::LoopPhi: case Op::Opaque: case Op::Symbol:
      return localGetCost(n.ty);
    case Op::Call: {
      // BL + one MOV per non-constant argument + the result MOV.
      double c = 1 + (n.ty != Ty::none ? 1 : 0);
      if (!regalloc_)
        for (size_t k = 0; k < n.children.size(); ++k)
          if (!cx.isConst(unsigned(k))) c += 1;
      return c;
    }
    case Op::GlobalGet: case Op::GlobalSet: return n.ty == Ty::i64 ? 2 : 1;  // LDR/STR [r9, #slot]
    case Op::MemorySize: return 1;
    case Op::MemoryGrow: return 3;
    case Op::GenericUnary: case Op::GenericBinary: case Op::GenericTrapUnary:
      return 4;  // floating point (soft-float or FPU): an estimate
    case Op::I32Clz: return 1;
    case Op::I32Ctz: return 2;       // RBIT + CLZ
    case Op::I32Popcnt: return 24;   // SWAR sequence
    case Op::I64Clz: return 8;
    case Op::I64Ctz: return 10;
    case Op::I64Popcnt: return 50;
    case Op::I32Extend8S: case Op::I32Extend16S: return 1;  // SXTB / SXTH
    case Op::I64Extend8S: case Op::I64Extend16S: case Op::I64Extend32S: return 2;
    default: break;
    }
    switch (i.kind) {
    case OpKind::Load: case OpKind::Store: {
      bool wide = i.bytes == 8;
      bool constAddr = cx.constant(0) && uint64_t(uint32_t(*cx.constant(0))) + memOffset(n.imm) <= 4095;
      double c = constAddr ? (wide ? 2 : 1) : (memOffset(n.imm) ? 2 : 1) + (wide ? 1 : 0);  // ADD.W ip, ra, #off
      if (i.kind == OpKind::Load && i.result == Ty::i64 && i.bytes < 8) c += 1;  // high half: MOVW #0 / ASR
      return c;
    }
    case OpKind::Compare:
      if (!w) return 4;  // CMP + ITE + 2 MOVs producing 0/1
      return (n.op == Op::I64Eq || n.op == Op::I64Ne) ? 6 : 5;
    case OpKind::Binary:
      switch (n.op) {
      case Op::I32Shl: case Op::I32ShrS: case Op::I32ShrU:
        return c1 ? 1 : 2;  // LSL #imm; a variable amount needs AND #31 first
      case Op::I32Rotl: return 2;  // RSB #32 then ROR, constant amount or not (Thumb-2 has no rotate left)
      case Op::I32Rotr: return 1;  // ROR (the register form masks the amount itself)
      case Op::I64Shl: case Op::I64ShrS: case Op::I64ShrU: return 11;  // a multi-instruction sequence, constant or not
      case Op::I64Rotl: case Op::I64Rotr: return 30;
      case Op::I32DivU:
        if (!c1 || uint32_t(*c1) == 0) return 4;  // CMP #0, BNE, UDF, UDIV
        if ((uint32_t(*c1) & (uint32_t(*c1) - 1)) == 0) return 1;  // LSR (or MOV for 1)
        return 5;  // a constant divisor: multiply-high sequence or MOVW + UDIV (4-7)
      case Op::I32DivS:
        if (c1 && uint32_t(*c1) != 0 && uint32_t(*c1) != 0xffffffffu) return 2;  // SDIV + divisor
        return 11;  // zero and INT_MIN/-1 guards
      case Op::I32RemU: case Op::I32RemS:
        if (!c1 || uint32_t(*c1) == 0) return 5;  // guard + DIV + MLS
        if (uint32_t(*c1) == 1 || uint32_t(*c1) == 0xffffffffu) return 1;  // MOV #0
        if (n.op == Op::I32RemU && (uint32_t(*c1) & (uint32_t(*c1) - 1)) == 0) return 1;  // AND
        return 3;  // divisor + DIV + MLS
      case Op::I64DivU: case Op::I64DivS: case Op::I64RemU: case Op::I64RemS: return 50;  // library routine
      case Op::I64Mul: return 4;  // UMULL + 2 MLA
      default: return w ? 2 : 1;  // ADDS/ADC, AND x2, ...
      }
    case OpKind::Unary: case OpKind::Convert:
      return w ? 2 : 1;
    default:
      return 1;
    }
  }
};

} // namespace

std::unique_ptr<CostModel> makeThumb2(bool regalloc) { return std::make_unique<Thumb2Cost>(regalloc); }

} // namespace eqsat::costmodels
