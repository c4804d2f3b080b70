// wasm-bytes: the encoded size of the code in the WebAssembly binary format
// (opcode bytes plus LEB128 immediates; docs/cost-models.md).
#include "cost/cost_models.h"

#include "egraph/ops.h"

namespace eqsat::costmodels {
namespace {

class WasmBytesCost : public CostModel {
public:
  std::string name() const override { return "wasm-bytes"; }

  double opCostIn(const NodeView& n, const CostContext&) const override {
    const OpInfo& i = opInfo(n.op);
    switch (n.op) {
    case Op::I32Const: return 1 + slebBytes(int32_t(uint32_t(n.imm)));
    case Op::I64Const: return 1 + slebBytes(int64_t(n.imm));
    case Op::F32Const: return 5;
    case Op::F64Const: return 9;
    case Op::Param: case Op::Phi: case Op::LoopPhi: case Op::Opaque: case Op::Symbol:
      return localGetCost(n.ty);
    case Op::Call: return 2;           // call + function index (usually 1-2 bytes)
    case Op::GlobalGet: case Op::GlobalSet: return 2;
    case Op::MemorySize: case Op::MemoryGrow: return 2;  // opcode + memory index
    case Op::Select: return 1;
    case Op::GenericUnary: case Op::GenericBinary: return 1;
    case Op::GenericTrapUnary: return 1;
    default: break;
    }
    if (i.kind == OpKind::Load || i.kind == OpKind::Store)
      return 1 + ulebBytes(memAlignLog2(n.imm)) + ulebBytes(memOffset(n.imm));
    return 1;
  }

  double constOperandCost(const NodeView&, unsigned, Ty ty, uint64_t bits) const override {
    switch (ty) {
    case Ty::i32: return 1 + slebBytes(int32_t(uint32_t(bits)));
    case Ty::i64: return 1 + slebBytes(int64_t(bits));
    case Ty::f32: return 5;
    case Ty::f64: return 9;
    default: return 1;
    }
  }

  // local.get / local.set + a local index (one byte below 128 locals).
  double localGetCost(Ty) const override { return 2; }
  double localSetCost(Ty) const override { return 2; }

  double controlCost(Ctl k) const override {
    switch (k) {
    case Ctl::If: return 3;             // if + block type + end
    case Ctl::Else: return 1;
    case Ctl::Br: case Ctl::BrIf: return 2;  // opcode + label depth
    case Ctl::BrTable: return 3;        // opcode + count + default
    case Ctl::BrTableTarget: return 1;
    case Ctl::Return: case Ctl::Unreachable: case Ctl::Drop: return 1;
    case Ctl::CondTest: return 0;
    case Ctl::CallArg: return 0;
    case Ctl::CallIndirect: return 3;   // opcode + type index + table index
    case Ctl::Block: case Ctl::Loop: return 3;  // opcode + block type + end
    }
    return 1;
  }
};

} // namespace

std::unique_ptr<CostModel> makeWasmBytes() { return std::make_unique<WasmBytesCost>(); }

} // namespace eqsat::costmodels
