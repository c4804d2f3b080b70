#include "bridge/readonly_load.h"

#include <algorithm>
#include <array>
#include <bit>
#include <map>
#include <optional>

namespace eqsat {
namespace {

// The first node of a class with op `op`, if any.
std::optional<NodeView> nodeWithOp(const EGraph& g, ClassId c, Op op) {
  for (NodeId n : g.classNodes(g.find(c))) {
    NodeView v = g.node(n);
    if (v.op == op) return v;
  }
  return std::nullopt;
}

// ptr = base + index * stride (mod 2^32); index == kNoClass when ptr is a constant.
struct AddressShape {
  uint32_t base = 0;
  ClassId index = kNoClass;
  uint32_t stride = 1;
};

AddressShape addressShape(const EGraph& g, ClassId ptr) {
  AddressShape s;
  ClassId term = ptr;
  // Constants added on either side, possibly nested.
  for (unsigned depth = 0; depth < 4; ++depth) {
    if (auto k = g.constant(term)) {
      s.base += uint32_t(*k);
      return s;
    }
    auto add = nodeWithOp(g, term, Op::I32Add);
    if (!add) break;
    auto k0 = g.constant(add->children[0]), k1 = g.constant(add->children[1]);
    if (k1) {
      s.base += uint32_t(*k1);
      term = add->children[0];
    } else if (k0) {
      s.base += uint32_t(*k0);
      term = add->children[1];
    } else {
      break;
    }
  }
  s.index = term;
  if (auto shl = nodeWithOp(g, term, Op::I32Shl)) {
    if (auto k = g.constant(shl->children[1])) {
      s.index = shl->children[0];
      s.stride = uint32_t(1) << (*k & 31);
    }
  } else if (auto mul = nodeWithOp(g, term, Op::I32Mul)) {
    auto k0 = g.constant(mul->children[0]), k1 = g.constant(mul->children[1]);
    if (k1 || k0) {
      s.index = k1 ? mul->children[0] : mul->children[1];
      s.stride = uint32_t(k1 ? *k1 : *k0);
    }
  }
  return s;
}

// The values an i32 class may hold by its known bits, when at most `limit`.
std::optional<std::vector<uint32_t>> possibleValues(const EGraph& g, ClassId x, unsigned limit) {
  KnownBits kb = g.knownBits(x);
  uint32_t unknown = ~uint32_t(kb.zero | kb.one);
  unsigned n = unsigned(std::popcount(unknown));
  if ((1u << std::min(n, 31u)) > limit) return std::nullopt;
  std::vector<uint32_t> out;
  // Every subset of the unknown bits, over the known ones.
  uint32_t sub = 0;
  do {
    out.push_back(uint32_t(kb.one) | sub);
    sub = (sub - unknown) & unknown;
  } while (sub != 0);
  std::sort(out.begin(), out.end());
  return out;
}

// Whether the facts rule out `x == v`.
bool ruledOut(const EGraph& g, ClassId x, uint32_t v, std::span<const PathFact> facts) {
  x = g.find(x);
  for (const PathFact& f : facts) {
    for (NodeId n : g.classNodes(g.find(f.cls))) {
      NodeView c = g.node(n);
      if (c.children.size() != 2) continue;
      // `x op k`; an equality may name its constant first.
      bool first = g.find(c.children[0]) == x, second = g.find(c.children[1]) == x;
      if (!first && !(second && (c.op == Op::I32Eq || c.op == Op::I32Ne))) continue;
      auto k = g.constant(c.children[first ? 1 : 0]);
      if (!k) continue;
      uint32_t kv = uint32_t(*k);
      if (c.op == Op::I32Eq && !f.nonZero && v == kv) return true;
      if (c.op == Op::I32Ne && f.nonZero && v == kv) return true;
      if (c.op == Op::I32LtU && f.nonZero && v >= kv) return true;
      if (c.op == Op::I32LtU && !f.nonZero && v < kv) return true;
      if (c.op == Op::I32GtU && f.nonZero && v <= kv) return true;
      if (c.op == Op::I32GtU && !f.nonZero && v > kv) return true;
    }
  }
  return false;
}

// The `bytes` little-endian bytes at `addr`, extended to `ty`; nullopt when
// they are not all inside `ro`.
std::optional<uint64_t> readAt(const ReadonlyBytes& ro, uint64_t addr, Ty ty, unsigned bytes, bool isSigned) {
  if (addr < ro.start || addr - ro.start + bytes > ro.bytes.size()) return std::nullopt;
  uint64_t v = 0;
  for (unsigned i = 0; i < bytes; ++i) v |= uint64_t(ro.bytes[addr - ro.start + i]) << (8 * i);
  unsigned bits = 8 * bytes;
  if (isSigned && bits < 64 && (v >> (bits - 1)) & 1) v |= ~uint64_t(0) << bits;
  return ty == Ty::i32 ? (v & 0xffffffffull) : v;
}

} // namespace

ClassId readonlyLoadValue(EGraph& g, const ReadonlyBytes& ro, ClassId ptr, uint64_t offset, Ty ty,
                          unsigned bytes, bool isSigned, std::span<const PathFact> facts) {
  constexpr unsigned kMaxEntries = 16;
  if (ty != Ty::i32 && ty != Ty::i64) return kNoClass;
  if (g.type(ptr) != Ty::i32) return kNoClass;
  AddressShape s = addressShape(g, ptr);
  std::vector<uint32_t> indices{0};
  if (s.index != kNoClass) {
    auto values = possibleValues(g, s.index, kMaxEntries);
    if (!values) return kNoClass;
    indices.clear();
    for (uint32_t v : *values)
      if (!ruledOut(g, s.index, v, facts)) indices.push_back(v);
    if (indices.empty()) return kNoClass;
  }
  // The effective address is the i32 pointer (wrapped) plus the offset, unwrapped.
  std::vector<uint64_t> entries;
  for (uint32_t v : indices) {
    uint32_t p = s.base + v * s.stride;
    auto e = readAt(ro, uint64_t(p) + offset, ty, bytes, isSigned);
    if (!e) return kNoClass;
    entries.push_back(*e);
  }
  // The most frequent entry is the chain's innermost arm; each other entry
  // is selected by `index == value` around it.
  std::map<uint64_t, unsigned> counts;
  for (uint64_t e : entries) ++counts[e];
  uint64_t common = std::max_element(counts.begin(), counts.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; })->first;
  ClassId value = g.addConst(ty, common);
  for (size_t i = 0; i < indices.size(); ++i) {
    if (entries[i] == common) continue;
    ClassId cond = g.add(Op::I32Eq, Ty::i32, 0,
                         std::array<ClassId, 2>{s.index, g.addConst(Ty::i32, indices[i])});
    value = g.add(Op::Select, ty, 0, std::array<ClassId, 3>{g.addConst(ty, entries[i]), value, cond});
  }
  return value;
}

} // namespace eqsat
