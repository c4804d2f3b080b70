#include "module/readonly_data.h"

#include <optional>
#include <vector>

namespace eqsat {
namespace {

using wasm::BinaryError;
using wasm::Bytes;
using wasm::Cursor;

struct Segment {
  bool active = false;
  uint32_t memory = 0;
  std::optional<uint32_t> offset;  // an i32.const offset
  size_t data = 0, size = 0;       // its bytes in the module
};

struct Limits {
  uint64_t initial = 0;
  bool is64 = false;
};

Limits readLimits(Cursor& c) {
  Limits l;
  uint8_t flags = c.byte("limits");
  l.is64 = flags & 4;
  l.initial = c.u(l.is64 ? 64 : 32, "limits");
  if (flags & 1) c.u(l.is64 ? 64 : 32, "limits");
  return l;
}

// A value type or reference type (as in an imported global), skipped.
void skipValueType(Cursor& c) {
  uint8_t t = c.byte("type");
  if (t == 0x63 || t == 0x64) c.s(33, "heap type");
}

void readImports(Cursor& c, std::vector<Limits>& memories) {
  uint32_t n = c.u32("import section");
  for (uint32_t i = 0; i < n; ++i) {
    c.name("import");
    c.name("import");
    uint8_t kind = c.byte("import");
    switch (kind) {
    case 0: c.u32("import"); break;
    case 1: skipValueType(c); readLimits(c); break;
    case 2: memories.push_back(readLimits(c)); break;
    case 3: skipValueType(c); c.byte("import"); break;
    case 4: c.byte("import"); c.u32("import"); break;
    default: c.fail("unknown import kind");
    }
  }
}

void readMemories(Cursor& c, std::vector<Limits>& memories) {
  uint32_t n = c.u32("memory section");
  for (uint32_t i = 0; i < n; ++i) memories.push_back(readLimits(c));
}

// An offset expression: its value when it is `i32.const N end`; skipped otherwise.
std::optional<uint32_t> readOffset(Cursor& c) {
  if (c.pos < c.end && c.bytes[c.pos] == 0x41) {
    ++c.pos;
    uint32_t k = uint32_t(c.s(32, "offset"));
    if (c.byte("offset") == 0x0b) return k;
  }
  // Anything else (global.get, extended constants): skip to its end without
  // a value; an `end` byte inside an immediate only ends the skip early,
  // after which the segment reads wrong and the whole reading is refused.
  while (c.byte("offset") != 0x0b) {
  }
  return std::nullopt;
}

std::vector<Segment> readData(Cursor& c) {
  std::vector<Segment> out;
  uint32_t n = c.u32("data section");
  for (uint32_t i = 0; i < n; ++i) {
    Segment s;
    uint32_t flags = c.u32("data segment");
    if (flags == 1) {
      s.active = false;
    } else if (flags == 0 || flags == 2) {
      s.active = true;
      if (flags == 2) s.memory = c.u32("data segment");
      s.offset = readOffset(c);
    } else {
      c.fail("unknown data segment kind");
    }
    s.size = c.u32("data segment");
    s.data = c.pos;
    c.skip(s.size, "data segment");
    out.push_back(s);
  }
  if (c.pos != c.end) c.fail("data section has trailing bytes");
  return out;
}

// Indices of the data segments named `name` (name section, subsection 9).
std::vector<uint32_t> segmentsNamed(Bytes bytes, const wasm::SectionFrame& f, const std::string& name) {
  std::vector<uint32_t> out;
  Cursor c{bytes, f.payload, f.end};
  if (c.name("custom section") != "name") return out;
  while (c.pos < c.end) {
    uint8_t id = c.byte("name section");
    uint32_t size = c.u32("name section");
    if (size > c.end - c.pos) c.fail("malformed name section");
    size_t end = c.pos + size;
    if (id == 9) {
      Cursor sub{bytes, c.pos, end};
      uint32_t n = sub.u32("data names");
      for (uint32_t i = 0; i < n; ++i) {
        uint32_t index = sub.u32("data names");
        if (sub.name("data names") == name) out.push_back(index);
      }
    }
    c.pos = end;
  }
  return out;
}

} // namespace

std::shared_ptr<const ReadonlyBytes> findReadonlyData(Bytes bytes, std::string* why) {
  auto refuse = [&](const std::string& w) -> std::shared_ptr<const ReadonlyBytes> {
    if (why) *why = w;
    return nullptr;
  };
  std::vector<Limits> memories;
  std::vector<Segment> segments;
  std::vector<uint32_t> named;
  try {
    wasm::SectionFramer framer(bytes);
    framer.header();
    while (auto f = framer.next()) {
      Cursor c{bytes, f->payload, f->end};
      switch (wasm::SectionId(f->id)) {
      case wasm::SectionId::Import: readImports(c, memories); break;
      case wasm::SectionId::Memory: readMemories(c, memories); break;
      case wasm::SectionId::Data: segments = readData(c); break;
      case wasm::SectionId::Custom: {
        auto more = segmentsNamed(bytes, *f, ".rodata");
        named.insert(named.end(), more.begin(), more.end());
        break;
      }
      default: break;
      }
    }
  } catch (const BinaryError& e) {
    return refuse(std::string("cannot read the module: ") + e.what());
  }
  if (named.empty()) return refuse("no data segment named .rodata");
  if (named.size() > 1) return refuse("several data segments named .rodata");
  if (memories.size() != 1 || memories[0].is64) return refuse("not one 32-bit memory");
  if (named[0] >= segments.size()) return refuse("the .rodata name names no segment");
  const Segment& ro = segments[named[0]];
  if (!ro.active || ro.memory != 0 || !ro.offset) return refuse(".rodata is not active at a constant offset");
  const uint64_t start = *ro.offset, end = start + ro.size;
  if (end > memories[0].initial * 65536) return refuse(".rodata is not inside the initial memory");
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i == named[0]) continue;
    const Segment& s = segments[i];
    if (!s.active || !s.offset) return refuse("another segment is passive or has no constant offset");
    const uint64_t b = *s.offset, e = b + s.size;
    if (s.size && b < end && start < e) return refuse("another segment overlaps .rodata");
  }
  auto out = std::make_shared<ReadonlyBytes>();
  out->start = start;
  out->bytes.assign(bytes.begin() + ro.data, bytes.begin() + ro.data + ro.size);
  return out;
}

} // namespace eqsat
