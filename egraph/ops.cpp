#include "egraph/ops.h"

#include <algorithm>
#include <array>
#include <bit>
#include <unordered_map>
#include <vector>

namespace eqsat {

const char* tyName(Ty t) {
  switch (t) {
  case Ty::none: return "none";
  case Ty::i32: return "i32";
  case Ty::i64: return "i64";
  case Ty::f32: return "f32";
  case Ty::f64: return "f64";
  }
  return "?";
}

std::optional<Ty> tyFromName(std::string_view s) {
  if (s == "i32") return Ty::i32;
  if (s == "i64") return Ty::i64;
  if (s == "f32") return Ty::f32;
  if (s == "f64") return Ty::f64;
  return std::nullopt;
}

namespace {

constexpr OpInfo mk(const char* name, OpKind kind, int arity, Ty res, Ty a0, Ty a1, uint8_t bytes,
                    bool trap, bool comm, bool sgn, bool perNode) {
  return OpInfo{name, kind, arity, res, {a0, a1}, bytes, trap, comm, sgn, perNode};
}

const std::array<OpInfo, kNumOps> kTable = [] {
  std::array<OpInfo, kNumOps> t{};
  unsigned i = 0;
#define EQSAT_X_INT(id, name, kind, ar, res, a0, a1, fl)                                           \
  t[i++] = mk(name, OpKind::kind, ar, Ty::res, Ty::a0, Ty::a1, 0, fl == 'T', fl == 'C', false, false);
#define EQSAT_X_MEM(id, name, kind, ty, bytes, sgn)                                                \
  t[i++] = (OpKind::kind == OpKind::Load)                                                          \
               ? mk(name, OpKind::Load, 1, Ty::ty, Ty::i32, Ty::none, bytes, true, false, sgn, false)  \
               : mk(name, OpKind::Store, 2, Ty::none, Ty::i32, Ty::ty, bytes, true, false, false, false);
  EQSAT_INT_OPS(EQSAT_X_INT) EQSAT_MEM_OPS(EQSAT_X_MEM)
#undef EQSAT_X_INT
#undef EQSAT_X_MEM
  t[i++] = mk("f32.const", OpKind::Const, 0, Ty::f32, Ty::none, Ty::none, 0, false, false, false, false);
  t[i++] = mk("f64.const", OpKind::Const, 0, Ty::f64, Ty::none, Ty::none, 0, false, false, false, false);
  t[i++] = mk("select", OpKind::Select, 3, Ty::none, Ty::none, Ty::none, 0, false, false, false, true);
  t[i++] = mk("param", OpKind::Leaf, 0, Ty::none, Ty::none, Ty::none, 0, false, false, false, true);
  t[i++] = mk("symbol", OpKind::Leaf, 0, Ty::none, Ty::none, Ty::none, 0, false, false, false, true);
  t[i++] = mk("loopphi", OpKind::Leaf, 0, Ty::none, Ty::none, Ty::none, 0, false, false, false, true);
  t[i++] = mk("opaque", OpKind::Leaf, 0, Ty::none, Ty::none, Ty::none, 0, false, false, false, true);
  t[i++] = mk("phi", OpKind::Phi, kVariadic, Ty::none, Ty::none, Ty::none, 0, false, false, false, true);
  t[i++] = mk("call", OpKind::Call, kVariadic, Ty::none, Ty::none, Ty::none, 0, true, false, false, true);
  t[i++] = mk("global.get", OpKind::Global, 0, Ty::none, Ty::none, Ty::none, 0, false, false, false, true);
  t[i++] = mk("global.set", OpKind::Global, 1, Ty::none, Ty::none, Ty::none, 0, false, false, false, true);
  t[i++] = mk("memory.size", OpKind::Leaf, 0, Ty::i32, Ty::none, Ty::none, 0, false, false, false, false);
  t[i++] = mk("memory.grow", OpKind::Call, 1, Ty::i32, Ty::i32, Ty::none, 0, false, false, false, false);
  t[i++] = mk("wasm.unary", OpKind::Generic, 1, Ty::none, Ty::none, Ty::none, 0, false, false, false, true);
  t[i++] = mk("wasm.binary", OpKind::Generic, 2, Ty::none, Ty::none, Ty::none, 0, false, false, false, true);
  t[i++] = mk("wasm.trap_unary", OpKind::Generic, 1, Ty::none, Ty::none, Ty::none, 0, true, false, false, true);
  return t;
}();

const std::unordered_map<std::string_view, Op>& nameMap() {
  static const auto m = [] {
    std::unordered_map<std::string_view, Op> r;
    for (unsigned i = 0; i < kNumOps; ++i) r.emplace(kTable[i].name, static_cast<Op>(i));
    return r;
  }();
  return m;
}

} // namespace

unsigned editDistance(std::string_view a, std::string_view b) {
  std::vector<unsigned> prev(b.size() + 1), cur(b.size() + 1);
  for (unsigned j = 0; j <= b.size(); ++j) prev[j] = j;
  for (unsigned i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (unsigned j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1] ? 1u : 0u)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

const OpInfo& opInfo(Op op) { return kTable[static_cast<unsigned>(op)]; }

std::optional<Op> opFromName(std::string_view name) {
  auto it = nameMap().find(name);
  if (it == nameMap().end()) return std::nullopt;
  return it->second;
}

std::string suggestOps(std::string_view name, unsigned max) {
  std::vector<std::pair<unsigned, std::string_view>> c;
  for (unsigned i = 0; i < kNumOps; ++i) {
    std::string_view n = kTable[i].name;
    unsigned d = editDistance(name, n);
    // Prefix matches ("i64.shr" -> "i64.shr_u") count as close.
    if (n.size() > name.size() && n.substr(0, name.size()) == name) d = std::min(d, 1u);
    if (d <= std::max<unsigned>(2, name.size() / 4)) c.emplace_back(d, n);
  }
  std::stable_sort(c.begin(), c.end(), [](auto& x, auto& y) { return x.first < y.first; });
  std::string out;
  for (unsigned i = 0; i < c.size() && i < max; ++i) {
    if (i) out += (i + 1 == std::min<size_t>(c.size(), max)) ? " or " : ", ";
    out.push_back('`');
    out.append(c[i].second);
    out.push_back('`');
  }
  return out;
}

Op constOpFor(Ty t) {
  switch (t) {
  case Ty::i32: return Op::I32Const;
  case Ty::i64: return Op::I64Const;
  case Ty::f32: return Op::F32Const;
  case Ty::f64: return Op::F64Const;
  default: return Op::I32Const;
  }
}

std::optional<uint64_t> evalOp(Op op, uint64_t imm, std::span<const uint64_t> a) {
  const OpInfo& info = opInfo(op);
  auto u32 = [](uint64_t v) { return uint32_t(v); };
  auto s32 = [](uint64_t v) { return int32_t(uint32_t(v)); };
  auto s64 = [](uint64_t v) { return int64_t(v); };
  auto b = [](bool x) { return uint64_t(x ? 1 : 0); };
  if (info.kind != OpKind::Const && info.kind != OpKind::Unary && info.kind != OpKind::Binary &&
      info.kind != OpKind::Compare && info.kind != OpKind::Convert)
    return std::nullopt;
  if (info.arity > 0 && a.size() < size_t(info.arity)) return std::nullopt;
  switch (op) {
  case Op::I32Const: return imm & 0xffffffffu;
  case Op::I64Const: return imm;
  case Op::I32Clz: return uint64_t(std::countl_zero(u32(a[0])));
  case Op::I32Ctz: return uint64_t(std::countr_zero(u32(a[0])));
  case Op::I32Popcnt: return uint64_t(std::popcount(u32(a[0])));
  case Op::I32Eqz: return b(u32(a[0]) == 0);
  case Op::I32Extend8S: return uint64_t(uint32_t(int32_t(int8_t(a[0]))));
  case Op::I32Extend16S: return uint64_t(uint32_t(int32_t(int16_t(a[0]))));
  case Op::I64Clz: return uint64_t(std::countl_zero(a[0]));
  case Op::I64Ctz: return uint64_t(std::countr_zero(a[0]));
  case Op::I64Popcnt: return uint64_t(std::popcount(a[0]));
  case Op::I64Eqz: return b(a[0] == 0);
  case Op::I64Extend8S: return uint64_t(int64_t(int8_t(a[0])));
  case Op::I64Extend16S: return uint64_t(int64_t(int16_t(a[0])));
  case Op::I64Extend32S: return uint64_t(int64_t(int32_t(a[0])));
  case Op::I32WrapI64: return a[0] & 0xffffffffu;
  case Op::I64ExtendI32S: return uint64_t(int64_t(s32(a[0])));
  case Op::I64ExtendI32U: return a[0] & 0xffffffffu;
  case Op::I32Add: return uint64_t(u32(a[0]) + u32(a[1]));
  case Op::I32Sub: return uint64_t(uint32_t(u32(a[0]) - u32(a[1])));
  case Op::I32Mul: return uint64_t(uint32_t(u32(a[0]) * u32(a[1])));
  case Op::I32DivS:
    if (u32(a[1]) == 0 || (s32(a[0]) == INT32_MIN && s32(a[1]) == -1)) return std::nullopt;
    return uint64_t(uint32_t(s32(a[0]) / s32(a[1])));
  case Op::I32DivU:
    if (u32(a[1]) == 0) return std::nullopt;
    return uint64_t(u32(a[0]) / u32(a[1]));
  case Op::I32RemS:
    if (u32(a[1]) == 0) return std::nullopt;
    if (s32(a[1]) == -1) return 0;
    return uint64_t(uint32_t(s32(a[0]) % s32(a[1])));
  case Op::I32RemU:
    if (u32(a[1]) == 0) return std::nullopt;
    return uint64_t(u32(a[0]) % u32(a[1]));
  case Op::I32And: return a[0] & a[1] & 0xffffffffu;
  case Op::I32Or: return (a[0] | a[1]) & 0xffffffffu;
  case Op::I32Xor: return (a[0] ^ a[1]) & 0xffffffffu;
  case Op::I32Shl: return uint64_t(uint32_t(u32(a[0]) << (a[1] & 31)));
  case Op::I32ShrS: return uint64_t(uint32_t(s32(a[0]) >> (a[1] & 31)));
  case Op::I32ShrU: return uint64_t(u32(a[0]) >> (a[1] & 31));
  case Op::I32Rotl: return uint64_t(std::rotl(u32(a[0]), int(a[1] & 31)));
  case Op::I32Rotr: return uint64_t(std::rotr(u32(a[0]), int(a[1] & 31)));
  case Op::I64Add: return a[0] + a[1];
  case Op::I64Sub: return a[0] - a[1];
  case Op::I64Mul: return a[0] * a[1];
  case Op::I64DivS:
    if (a[1] == 0 || (s64(a[0]) == INT64_MIN && s64(a[1]) == -1)) return std::nullopt;
    return uint64_t(s64(a[0]) / s64(a[1]));
  case Op::I64DivU:
    if (a[1] == 0) return std::nullopt;
    return a[0] / a[1];
  case Op::I64RemS:
    if (a[1] == 0) return std::nullopt;
    if (s64(a[1]) == -1) return 0;
    return uint64_t(s64(a[0]) % s64(a[1]));
  case Op::I64RemU:
    if (a[1] == 0) return std::nullopt;
    return a[0] % a[1];
  case Op::I64And: return a[0] & a[1];
  case Op::I64Or: return a[0] | a[1];
  case Op::I64Xor: return a[0] ^ a[1];
  case Op::I64Shl: return a[0] << (a[1] & 63);
  case Op::I64ShrS: return uint64_t(s64(a[0]) >> (a[1] & 63));
  case Op::I64ShrU: return a[0] >> (a[1] & 63);
  case Op::I64Rotl: return std::rotl(a[0], int(a[1] & 63));
  case Op::I64Rotr: return std::rotr(a[0], int(a[1] & 63));
  case Op::I32Eq: return b(u32(a[0]) == u32(a[1]));
  case Op::I32Ne: return b(u32(a[0]) != u32(a[1]));
  case Op::I32LtS: return b(s32(a[0]) < s32(a[1]));
  case Op::I32LtU: return b(u32(a[0]) < u32(a[1]));
  case Op::I32GtS: return b(s32(a[0]) > s32(a[1]));
  case Op::I32GtU: return b(u32(a[0]) > u32(a[1]));
  case Op::I32LeS: return b(s32(a[0]) <= s32(a[1]));
  case Op::I32LeU: return b(u32(a[0]) <= u32(a[1]));
  case Op::I32GeS: return b(s32(a[0]) >= s32(a[1]));
  case Op::I32GeU: return b(u32(a[0]) >= u32(a[1]));
  case Op::I64Eq: return b(a[0] == a[1]);
  case Op::I64Ne: return b(a[0] != a[1]);
  case Op::I64LtS: return b(s64(a[0]) < s64(a[1]));
  case Op::I64LtU: return b(a[0] < a[1]);
  case Op::I64GtS: return b(s64(a[0]) > s64(a[1]));
  case Op::I64GtU: return b(a[0] > a[1]);
  case Op::I64LeS: return b(s64(a[0]) <= s64(a[1]));
  case Op::I64LeU: return b(a[0] <= a[1]);
  case Op::I64GeS: return b(s64(a[0]) >= s64(a[1]));
  case Op::I64GeU: return b(a[0] >= a[1]);
  default: return std::nullopt;
  }
}

} // namespace eqsat
