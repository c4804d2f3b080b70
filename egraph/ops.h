// The operator table: every e-node operator the e-graph knows, with its
// WebAssembly text-format name, arity, operand and result types.
//
// Integer operators of i32/i64 are understood by analyses, the evaluator and
// the rule language. Memory, call and control operators exist so that the
// wasm bridge can keep skeleton operations (stores, calls, loads) as e-nodes
// that rules may rewrite in place. Generic operators (`wasm.unary`,
// `wasm.binary`) carry any other Binaryen operator opaquely in their
// immediate so that functions with float code still go through the pipeline.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace eqsat {

enum class Ty : uint8_t { none = 0, i32, i64, f32, f64 };

const char* tyName(Ty t);
std::optional<Ty> tyFromName(std::string_view s);
inline unsigned tyBits(Ty t) { return t == Ty::i64 || t == Ty::f64 ? 64 : 32; }

// Operator kinds.
enum class OpKind : uint8_t {
  Const,     // nullary; imm = the constant's bits (zero-extended for 32-bit)
  Unary,     // pure integer unary
  Binary,    // pure integer binary (div/rem are marked trapping)
  Compare,   // pure integer compare, result i32
  Convert,   // wrap / extend between i32 and i64
  Select,    // select(cond:i32, a, b) -> a if cond != 0 else b ... children order: [a, b, cond]
  Load,      // children [addr]; imm = memarg + memory state (see memImm)
  Store,     // children [addr, value]; imm = memarg + sequence id; type none
  Leaf,      // nullary leaves: param, symbol, loopphi, opaque
  Phi,       // variadic; imm = merge point id; one child per incoming edge
  Call,      // variadic children = arguments; imm = callee index | seq << 32
  Global,    // global.get: nullary; imm = global index | state << 32
  Generic,   // any other Binaryen unary/binary op: imm = BinaryenOp id
};

// X(Ident, "text name", kind, arity, result, operand0, operand1, flags)
// arity -1 = variadic. Flags: T = may trap, C = commutative, - = none.
#define EQSAT_INT_OPS(X)                                                       \
  X(I32Const, "i32.const", Const, 0, i32, none, none, '-')                     \
  X(I64Const, "i64.const", Const, 0, i64, none, none, '-')                     \
  X(I32Clz, "i32.clz", Unary, 1, i32, i32, none, '-')                          \
  X(I32Ctz, "i32.ctz", Unary, 1, i32, i32, none, '-')                          \
  X(I32Popcnt, "i32.popcnt", Unary, 1, i32, i32, none, '-')                    \
  X(I32Eqz, "i32.eqz", Unary, 1, i32, i32, none, '-')                          \
  X(I32Extend8S, "i32.extend8_s", Unary, 1, i32, i32, none, '-')               \
  X(I32Extend16S, "i32.extend16_s", Unary, 1, i32, i32, none, '-')             \
  X(I64Clz, "i64.clz", Unary, 1, i64, i64, none, '-')                          \
  X(I64Ctz, "i64.ctz", Unary, 1, i64, i64, none, '-')                          \
  X(I64Popcnt, "i64.popcnt", Unary, 1, i64, i64, none, '-')                    \
  X(I64Eqz, "i64.eqz", Unary, 1, i32, i64, none, '-')                          \
  X(I64Extend8S, "i64.extend8_s", Unary, 1, i64, i64, none, '-')               \
  X(I64Extend16S, "i64.extend16_s", Unary, 1, i64, i64, none, '-')             \
  X(I64Extend32S, "i64.extend32_s", Unary, 1, i64, i64, none, '-')             \
  X(I32WrapI64, "i32.wrap_i64", Convert, 1, i32, i64, none, '-')               \
  X(I64ExtendI32S, "i64.extend_i32_s", Convert, 1, i64, i32, none, '-')        \
  X(I64ExtendI32U, "i64.extend_i32_u", Convert, 1, i64, i32, none, '-')        \
  X(I32Add, "i32.add", Binary, 2, i32, i32, i32, 'C')                          \
  X(I32Sub, "i32.sub", Binary, 2, i32, i32, i32, '-')                          \
  X(I32Mul, "i32.mul", Binary, 2, i32, i32, i32, 'C')                          \
  X(I32DivS, "i32.div_s", Binary, 2, i32, i32, i32, 'T')                       \
  X(I32DivU, "i32.div_u", Binary, 2, i32, i32, i32, 'T')                       \
  X(I32RemS, "i32.rem_s", Binary, 2, i32, i32, i32, 'T')                       \
  X(I32RemU, "i32.rem_u", Binary, 2, i32, i32, i32, 'T')                       \
  X(I32And, "i32.and", Binary, 2, i32, i32, i32, 'C')                          \
  X(I32Or, "i32.or", Binary, 2, i32, i32, i32, 'C')                            \
  X(I32Xor, "i32.xor", Binary, 2, i32, i32, i32, 'C')                          \
  X(I32Shl, "i32.shl", Binary, 2, i32, i32, i32, '-')                          \
  X(I32ShrS, "i32.shr_s", Binary, 2, i32, i32, i32, '-')                       \
  X(I32ShrU, "i32.shr_u", Binary, 2, i32, i32, i32, '-')                       \
  X(I32Rotl, "i32.rotl", Binary, 2, i32, i32, i32, '-')                        \
  X(I32Rotr, "i32.rotr", Binary, 2, i32, i32, i32, '-')                        \
  X(I64Add, "i64.add", Binary, 2, i64, i64, i64, 'C')                          \
  X(I64Sub, "i64.sub", Binary, 2, i64, i64, i64, '-')                          \
  X(I64Mul, "i64.mul", Binary, 2, i64, i64, i64, 'C')                          \
  X(I64DivS, "i64.div_s", Binary, 2, i64, i64, i64, 'T')                       \
  X(I64DivU, "i64.div_u", Binary, 2, i64, i64, i64, 'T')                       \
  X(I64RemS, "i64.rem_s", Binary, 2, i64, i64, i64, 'T')                       \
  X(I64RemU, "i64.rem_u", Binary, 2, i64, i64, i64, 'T')                       \
  X(I64And, "i64.and", Binary, 2, i64, i64, i64, 'C')                          \
  X(I64Or, "i64.or", Binary, 2, i64, i64, i64, 'C')                            \
  X(I64Xor, "i64.xor", Binary, 2, i64, i64, i64, 'C')                          \
  X(I64Shl, "i64.shl", Binary, 2, i64, i64, i64, '-')                          \
  X(I64ShrS, "i64.shr_s", Binary, 2, i64, i64, i64, '-')                       \
  X(I64ShrU, "i64.shr_u", Binary, 2, i64, i64, i64, '-')                       \
  X(I64Rotl, "i64.rotl", Binary, 2, i64, i64, i64, '-')                        \
  X(I64Rotr, "i64.rotr", Binary, 2, i64, i64, i64, '-')                        \
  X(I32Eq, "i32.eq", Compare, 2, i32, i32, i32, 'C')                           \
  X(I32Ne, "i32.ne", Compare, 2, i32, i32, i32, 'C')                           \
  X(I32LtS, "i32.lt_s", Compare, 2, i32, i32, i32, '-')                        \
  X(I32LtU, "i32.lt_u", Compare, 2, i32, i32, i32, '-')                        \
  X(I32GtS, "i32.gt_s", Compare, 2, i32, i32, i32, '-')                        \
  X(I32GtU, "i32.gt_u", Compare, 2, i32, i32, i32, '-')                        \
  X(I32LeS, "i32.le_s", Compare, 2, i32, i32, i32, '-')                        \
  X(I32LeU, "i32.le_u", Compare, 2, i32, i32, i32, '-')                        \
  X(I32GeS, "i32.ge_s", Compare, 2, i32, i32, i32, '-')                        \
  X(I32GeU, "i32.ge_u", Compare, 2, i32, i32, i32, '-')                        \
  X(I64Eq, "i64.eq", Compare, 2, i32, i64, i64, 'C')                           \
  X(I64Ne, "i64.ne", Compare, 2, i32, i64, i64, 'C')                           \
  X(I64LtS, "i64.lt_s", Compare, 2, i32, i64, i64, '-')                        \
  X(I64LtU, "i64.lt_u", Compare, 2, i32, i64, i64, '-')                        \
  X(I64GtS, "i64.gt_s", Compare, 2, i32, i64, i64, '-')                        \
  X(I64GtU, "i64.gt_u", Compare, 2, i32, i64, i64, '-')                        \
  X(I64LeS, "i64.le_s", Compare, 2, i32, i64, i64, '-')                        \
  X(I64LeU, "i64.le_u", Compare, 2, i32, i64, i64, '-')                        \
  X(I64GeS, "i64.ge_s", Compare, 2, i32, i64, i64, '-')                        \
  X(I64GeU, "i64.ge_u", Compare, 2, i32, i64, i64, '-')

// Memory operators: X(Ident, "name", kind, result/stored type, bytes, signed)
#define EQSAT_MEM_OPS(X)                                                       \
  X(I32Load, "i32.load", Load, i32, 4, 0)                                      \
  X(I64Load, "i64.load", Load, i64, 8, 0)                                      \
  X(F32Load, "f32.load", Load, f32, 4, 0)                                      \
  X(F64Load, "f64.load", Load, f64, 8, 0)                                      \
  X(I32Load8S, "i32.load8_s", Load, i32, 1, 1)                                 \
  X(I32Load8U, "i32.load8_u", Load, i32, 1, 0)                                 \
  X(I32Load16S, "i32.load16_s", Load, i32, 2, 1)                               \
  X(I32Load16U, "i32.load16_u", Load, i32, 2, 0)                               \
  X(I64Load8S, "i64.load8_s", Load, i64, 1, 1)                                 \
  X(I64Load8U, "i64.load8_u", Load, i64, 1, 0)                                 \
  X(I64Load16S, "i64.load16_s", Load, i64, 2, 1)                               \
  X(I64Load16U, "i64.load16_u", Load, i64, 2, 0)                               \
  X(I64Load32S, "i64.load32_s", Load, i64, 4, 1)                               \
  X(I64Load32U, "i64.load32_u", Load, i64, 4, 0)                               \
  X(I32Store, "i32.store", Store, i32, 4, 0)                                   \
  X(I64Store, "i64.store", Store, i64, 8, 0)                                   \
  X(F32Store, "f32.store", Store, f32, 4, 0)                                   \
  X(F64Store, "f64.store", Store, f64, 8, 0)                                   \
  X(I32Store8, "i32.store8", Store, i32, 1, 0)                                 \
  X(I32Store16, "i32.store16", Store, i32, 2, 0)                               \
  X(I64Store8, "i64.store8", Store, i64, 1, 0)                                 \
  X(I64Store16, "i64.store16", Store, i64, 2, 0)                               \
  X(I64Store32, "i64.store32", Store, i64, 4, 0)

enum class Op : uint16_t {
#define EQSAT_X_INT(id, name, kind, ar, res, a0, a1, fl) id,
#define EQSAT_X_MEM(id, name, kind, ty, bytes, sgn) id,
  EQSAT_INT_OPS(EQSAT_X_INT) EQSAT_MEM_OPS(EQSAT_X_MEM)
#undef EQSAT_X_INT
#undef EQSAT_X_MEM
  F32Const,   // imm = bits
  F64Const,   // imm = bits
  Select,     // children [ifTrue, ifFalse, cond]; type = type of ifTrue
  Param,      // leaf; imm = local index (parameters and zero-initialised vars)
  Symbol,     // leaf; imm = symbol id in the EGraph's symbol table (tests, benchmarks)
  LoopPhi,    // leaf; imm = (merge id << 32) | slot
  Opaque,     // leaf; imm = skeleton statement id (a value the bridge does not model)
  Phi,        // variadic; imm = merge id
  Call,       // variadic; imm = callee function index | (seq << 32)
  GlobalGet,  // leaf; imm = global index | (state << 32)
  GlobalSet,  // children [value]; imm = global index | (seq << 32); type none
  MemorySize, // leaf; imm = state << 32
  MemoryGrow, // children [delta]; imm = seq << 32
  GenericUnary,   // children [x]; imm = BinaryenOp; type = result
  GenericBinary,  // children [x, y]; imm = BinaryenOp; type = result
  GenericTrapUnary, // like GenericUnary but may trap (float->int truncation)
  NumOps
};

constexpr unsigned kNumOps = static_cast<unsigned>(Op::NumOps);
constexpr int kVariadic = -1;

struct OpInfo {
  const char* name;   // WebAssembly text-format name
  OpKind kind;
  int arity;          // kVariadic for phi / call
  Ty result;          // Ty::none for stores and effects; for Select/Leaf/Phi/Generic: per node
  Ty operand[2];      // for Load/Store: operand[0] = i32 address; Store: operand[1] = stored type
  uint8_t bytes;      // memory access width (Load/Store), else 0
  bool mayTrap;       // integer division/remainder, loads, stores, generic trapping
  bool commutative;
  bool signedAccess;  // sign-extending loads
  bool typedPerNode;  // result type comes from the node (Select, leaves, Phi, Call, Generic)
};

const OpInfo& opInfo(Op op);
inline const char* opName(Op op) { return opInfo(op).name; }
// Lookup by WebAssembly text name; nullopt if unknown.
std::optional<Op> opFromName(std::string_view name);
// Levenshtein distance between two names (for "did you mean" suggestions).
unsigned editDistance(std::string_view a, std::string_view b);
// Up to `max` known operator names close to `name` (edit distance), for "did you mean".
std::string suggestOps(std::string_view name, unsigned max = 2);

// The constant operator for a type (i32.const, i64.const, f32.const, f64.const).
Op constOpFor(Ty t);
inline bool isConst(Op op) {
  return op == Op::I32Const || op == Op::I64Const || op == Op::F32Const || op == Op::F64Const;
}

// Memory immediates: offset (32 bits) | alignLog2 (4 bits) << 32 | state-or-seq (24 bits) << 40.
inline uint64_t memImm(uint32_t offset, unsigned alignLog2, uint32_t seq) {
  return uint64_t(offset) | (uint64_t(alignLog2 & 15) << 32) | (uint64_t(seq & 0xffffff) << 40);
}
inline uint32_t memOffset(uint64_t imm) { return uint32_t(imm); }
inline unsigned memAlignLog2(uint64_t imm) { return unsigned((imm >> 32) & 15); }
inline uint32_t memSeq(uint64_t imm) { return uint32_t(imm >> 40); }

// Evaluate a pure integer operator on constant operands. Values are held in
// uint64_t; 32-bit values are zero-extended. Returns nullopt when the operator
// is not a pure integer operator (or const) or when it would trap (division
// by zero, signed overflow of div_s).
std::optional<uint64_t> evalOp(Op op, uint64_t imm, std::span<const uint64_t> args);

// Mask a value to the width of a type (32-bit types keep the low 32 bits).
inline uint64_t maskTo(Ty t, uint64_t v) { return tyBits(t) == 32 ? (v & 0xffffffffu) : v; }

} // namespace eqsat
