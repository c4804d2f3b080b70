#include "module/wasm_binary.h"

#include <cstring>

namespace eqsat::wasm {
namespace {


// Value types that are one byte: numbers, v128, funcref, externref.
bool simpleValueType(uint8_t b) { return (b >= 0x7b && b <= 0x7f) || b == 0x70 || b == 0x6f; }

void noteValueType(uint8_t b, FeatureSet& f) {
  if (b == 0x7b) f.insert("simd128");
  if (b == 0x70 || b == 0x6f) f.insert("reference-types");
}

// Limits of a table or memory; returns the flags.
uint32_t limits(Cursor& c, const char* what) {
  uint32_t flags = c.u32(what);
  unsigned bits = (flags & 4) ? 64 : 32;
  c.u(bits, what);
  if (flags & 1) c.u(bits, what);
  return flags;
}

} // namespace

const Section* BinaryModule::find(SectionId id) const {
  for (const Section& s : sections)
    if (s.id == uint8_t(id)) return &s;
  return nullptr;
}

const Section* BinaryModule::findCustom(const std::string& name) const {
  for (const Section& s : sections)
    if (s.id == 0 && s.customName == name) return &s;
  return nullptr;
}

const char* sectionName(unsigned id) {
  static const char* names[] = {"custom", "type",  "import", "function", "table",
                                "memory", "global", "export", "start",    "element",
                                "code",   "data",   "datacount", "tag"};
  return id < sizeof names / sizeof names[0] ? names[id] : "unknown";
}

uint64_t readFramingLeb(Bytes bytes, size_t& pos, size_t limit, const char* what) {
  const size_t start = pos;
  uint64_t v = 0;
  unsigned shift = 0;
  for (;;) {
    if (pos >= limit) throw BinaryError(start, std::string("unexpected end of ") + what);
    uint8_t b = bytes[pos++];
    if (shift >= 35) throw BinaryError(start, std::string("integer too long in ") + what);
    v |= uint64_t(b & 0x7f) << shift;
    shift += 7;
    if (!(b & 0x80)) break;
  }
  return v;
}

uint32_t SectionFramer::header() {
  const size_t size = bytes_.size();
  if (size < 8)
    throw BinaryError(size, "truncated header (" + std::to_string(size) + " bytes; a module starts with 8)");
  if (std::memcmp(bytes_.data(), "\0asm", 4) != 0) throw BinaryError(0, "no \\0asm magic");
  return uint32_t(bytes_[4]) | uint32_t(bytes_[5]) << 8 | uint32_t(bytes_[6]) << 16 | uint32_t(bytes_[7]) << 24;
}

std::optional<SectionFrame> SectionFramer::next() {
  const size_t size = bytes_.size();
  if (pos_ >= size) return std::nullopt;
  SectionFrame f;
  f.start = pos_;
  f.id = bytes_[pos_++];
  if (f.id > uint8_t(SectionId::Tag)) throw BinaryError(f.start, "unknown section id " + std::to_string(f.id));
  uint64_t len = readFramingLeb(bytes_, pos_, size, "section size");
  f.payload = pos_;
  if (len > size - f.payload)
    throw BinaryError(f.start, std::string("section '") + sectionName(f.id) + "' (id " + std::to_string(f.id) +
                                   ") declares " + std::to_string(len) + " bytes but only " +
                                   std::to_string(size - f.payload) + " remain (truncated file?)");
  f.end = f.payload + static_cast<size_t>(len);
  pos_ = f.end;
  return f;
}

namespace {

// The type section: every entry's bytes while all are plain function types.
void readTypes(Cursor& p, Bytes bytes, BinaryModule& m) {
  uint32_t n = p.u32("type section");
  for (uint32_t i = 0; i < n; ++i) {
    size_t at = p.pos;
    uint8_t form = p.byte("type");
    if (form != 0x60) {
      // GC types and recursion groups: kept as they are, never matched by shape.
      m.functionTypesOnly = false;
      m.types.clear();
      return;
    }
    bool plain = true;
    uint32_t results = 0;
    for (int side = 0; side < 2; ++side) {  // params, then results
      uint32_t k = p.u32("function type");
      if (side == 1) results = k;
      for (uint32_t j = 0; j < k; ++j) {
        uint8_t t = p.byte("function type");
        if (!simpleValueType(t)) plain = false;
        noteValueType(t, m.declaredUse);
      }
      if (!plain) break;
    }
    if (!plain) {
      m.functionTypesOnly = false;
      m.types.clear();
      return;
    }
    if (results > 1) m.declaredUse.insert("multivalue");
    m.types.emplace_back(bytes.begin() + at, bytes.begin() + p.pos);
  }
}

void readImports(Cursor& p, BinaryModule& m) {
  uint32_t n = p.u32("import section");
  for (uint32_t i = 0; i < n; ++i) {
    p.name("import module name");
    p.name("import name");
    uint8_t kind = p.byte("import kind");
    switch (ExternKind(kind)) {
    case ExternKind::Func:
      m.functionTypes.push_back(p.u32("imported function"));
      m.functions.imported++;
      break;
    case ExternKind::Table: {
      uint8_t t = p.byte("imported table");
      if (!simpleValueType(t)) p.fail("table of a type this build does not read");
      limits(p, "imported table");
      m.tables.imported++;
      break;
    }
    case ExternKind::Memory: {
      uint32_t flags = limits(p, "imported memory");
      if (flags & 2) m.declaredUse.insert("atomics");
      if (flags & 4) m.declaredUse.insert("memory64");
      m.memories.imported++;
      break;
    }
    case ExternKind::Global: {
      uint8_t t = p.byte("imported global");
      if (!simpleValueType(t)) p.fail("global of a type this build does not read");
      noteValueType(t, m.declaredUse);
      if (p.byte("imported global") & 1) m.declaredUse.insert("mutable-globals");
      m.globals.imported++;
      break;
    }
    case ExternKind::Tag:
      p.byte("imported tag");
      p.u32("imported tag");
      m.declaredUse.insert("exception-handling");
      m.tags.imported++;
      break;
    default:
      p.fail("unknown import kind " + std::to_string(kind));
    }
  }
}

void readFunctions(Cursor& p, BinaryModule& m) {
  uint32_t n = p.u32("function section");
  for (uint32_t i = 0; i < n; ++i) m.functionTypes.push_back(p.u32("function section"));
  m.functions.defined = n;
}

void readMemories(Cursor& p, BinaryModule& m) {
  uint32_t n = p.u32("memory section");
  m.memories.defined = n;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t flags = limits(p, "memory section");
    if (flags & 2) m.declaredUse.insert("atomics");
    if (flags & 4) m.declaredUse.insert("memory64");
  }
}

void readExports(Cursor& p) {
  uint32_t n = p.u32("export section");
  for (uint32_t i = 0; i < n; ++i) {
    p.name("export name");
    uint8_t kind = p.byte("export kind");
    p.u32("export index");
    if (kind > uint8_t(ExternKind::Tag)) p.fail("unknown export kind " + std::to_string(kind));
  }
}

void readTags(Cursor& p, BinaryModule& m) {
  m.tags.defined = p.u32("tag section");
  m.declaredUse.insert("exception-handling");
}

void readCodeEntries(Cursor& p, BinaryModule& m) {
  uint32_t n = p.u32("code section");
  for (uint32_t i = 0; i < n; ++i) {
    CodeEntry e;
    e.start = p.pos;
    uint32_t size = p.u32("code entry size");
    e.locals = p.pos;
    p.skip(size, "code entry");
    e.end = p.pos;
    m.code.push_back(e);
  }
}

// What one section adds to `m`.
void readSection(Bytes bytes, Section& s, BinaryModule& m) {
  Cursor p{bytes, s.payload, s.end};
  switch (SectionId(s.id)) {
  case SectionId::Custom: s.customName = p.name("custom section name"); break;
  case SectionId::Type: readTypes(p, bytes, m); break;
  case SectionId::Import: readImports(p, m); break;
  case SectionId::Function: readFunctions(p, m); break;
  case SectionId::Table: m.tables.defined = p.u32("table section"); break;
  case SectionId::Memory: readMemories(p, m); break;
  case SectionId::Global: m.globals.defined = p.u32("global section"); break;
  case SectionId::Export: readExports(p); break;
  case SectionId::Element: m.elementSegments = p.u32("element section"); break;
  case SectionId::Data: m.dataSegments = p.u32("data section"); break;
  case SectionId::DataCount: m.declaredUse.insert("bulk-memory"); break;
  case SectionId::Tag: readTags(p, m); break;
  case SectionId::Code: readCodeEntries(p, m); break;
  case SectionId::Start: break;
  default: throw BinaryError(s.start, "unknown section id " + std::to_string(s.id));
  }
}

} // namespace

BinaryModule readBinary(Bytes bytes) {
  BinaryModule m;
  SectionFramer framer(bytes);
  const uint32_t version = framer.header();
  Cursor c{bytes, 4, bytes.size()};  // at the version
  if ((version & 0xffff) == 0x0d && (version >> 16) == 1)
    c.unsupported("a WebAssembly component, not a core module: optimize the core modules it contains");
  if (version != 1) c.fail("unsupported binary version " + std::to_string(version) + " (expected 1)");
  while (std::optional<SectionFrame> frame = framer.next()) {
    Section s;
    s.id = frame->id;
    s.start = frame->start;
    s.payload = frame->payload;
    s.end = frame->end;
    readSection(bytes, s, m);
    m.sections.push_back(std::move(s));
  }
  if (m.memories.total() > 1)
    throw BinaryError(0, "uses " + std::to_string(m.memories.total()) +
                             " memories (the multi-memory proposal), which this build (Binaryen 108) does "
                             "not support",
                      BinaryError::Kind::Unsupported);
  if (m.tables.total() > 1) m.declaredUse.insert("reference-types");
  if (m.code.size() != m.functions.defined)
    throw BinaryError(0, "the function section declares " + std::to_string(m.functions.defined) +
                             " functions but the code section has " + std::to_string(m.code.size()));
  return m;
}

// ---- instructions ----

namespace {

void copyRange(std::vector<uint8_t>* out, Bytes b, size_t from, size_t to) {
  if (out) out->insert(out->end(), b.begin() + from, b.begin() + to);
}

struct Decoder {
  Cursor c;
  const IndexMaps* maps;
  std::vector<uint8_t>* out;
  FeatureSet* features;
  size_t copied;  // bytes of the entry already copied to `out`

  void use(const char* f) {
    if (features) features->insert(f);
  }
  // Copies everything read so far.
  void flush() {
    copyRange(out, c.bytes, copied, c.pos);
    copied = c.pos;
  }
  // Reads an index and writes it mapped through `map`.
  void index(const std::function<std::optional<uint32_t>(uint32_t)>* map, const char* what) {
    flush();
    uint32_t v = c.u32(what);
    if (maps && map && *map) {
      std::optional<uint32_t> to = (*map)(v);
      if (!to) throw BinaryError(c.pos, std::string("no index for ") + what + " " + std::to_string(v));
      if (out) writeU32(*out, *to);
    } else if (out) {
      writeU32(*out, v);
    }
    copied = c.pos;
  }
  void typeIndex() { index(maps ? &maps->type : nullptr, "type"); }
  void funcIndex() { index(maps ? &maps->function : nullptr, "function"); }
  void tableIndex() { index(maps ? &maps->table : nullptr, "table"); }
  void globalIndex() { index(maps ? &maps->global : nullptr, "global"); }
  void tagIndex() { index(maps ? &maps->tag : nullptr, "tag"); }

  void memarg() {
    uint32_t align = c.u32("memarg");
    if (align & 0x40) c.fail("a memory index in a memarg (multi-memory)");
    c.u(64, "memarg");
  }
  // A block type: empty, one value type, or a type index.
  void blockType() {
    if (c.pos >= c.end) c.fail("unexpected end of block type");
    uint8_t b = c.bytes[c.pos];
    if (b == 0x40) { c.pos++; return; }
    if (simpleValueType(b)) {
      noteIf(b);
      c.pos++;
      return;
    }
    if (b & 0x40) c.fail("block type of a kind this build does not read");
    use("multivalue");
    flush();
    int64_t v = c.s(33, "block type");
    if (v < 0) c.fail("block type of a kind this build does not read");
    if (maps && maps->type) {
      std::optional<uint32_t> to = maps->type(uint32_t(v));
      if (!to) throw BinaryError(c.pos, "no index for type " + std::to_string(v));
      if (out) writeS64(*out, *to);
    } else if (out) {
      writeS64(*out, v);
    }
    copied = c.pos;
  }
  void noteIf(uint8_t t) {
    if (features) noteValueType(t, *features);
  }

  void prefixFC() {
    uint32_t op = c.u32("opcode");
    if (op <= 7) { use("nontrapping-fptoint"); return; }
    switch (op) {
    case 8: use("bulk-memory"); c.u32("data index"); c.byte("memory index"); return;
    case 9: use("bulk-memory"); c.u32("data index"); return;
    case 10: use("bulk-memory"); c.byte("memory index"); c.byte("memory index"); return;
    case 11: use("bulk-memory"); c.byte("memory index"); return;
    case 12: use("bulk-memory"); c.u32("element index"); tableIndex(); return;
    case 13: use("bulk-memory"); c.u32("element index"); return;
    case 14: use("bulk-memory"); tableIndex(); tableIndex(); return;
    case 15: case 16: case 17: use("reference-types"); tableIndex(); return;
    default: c.fail("unknown 0xfc opcode " + std::to_string(op));
    }
  }
  void prefixFD() {
    uint32_t op = c.u32("opcode");
    use(op >= 0x100 ? "relaxed-simd" : "simd128");
    if (op <= 11 || op == 92 || op == 93) memarg();
    else if (op == 12 || op == 13) c.skip(16, "v128 immediate");
    else if (op >= 21 && op <= 34) c.byte("lane");
    else if (op >= 84 && op <= 91) { memarg(); c.byte("lane"); }
  }
  void prefixFE() {
    uint32_t op = c.u32("opcode");
    use("atomics");
    if (op == 3) c.byte("atomic.fence");
    else if (op <= 2 || (op >= 0x10 && op <= 0x4e)) memarg();
    else c.fail("unknown 0xfe opcode " + std::to_string(op));
  }

  void instruction() {
    uint8_t op = c.byte("instruction");
    switch (op) {
    case 0x00: case 0x01: case 0x05: case 0x0b: case 0x0f: case 0x1a: case 0x1b: return;
    case 0x02: case 0x03: case 0x04: blockType(); return;
    case 0x06: use("exception-handling"); blockType(); return;
    case 0x07: case 0x08: use("exception-handling"); tagIndex(); return;
    case 0x09: case 0x18: use("exception-handling"); c.u32("label"); return;
    case 0x19: use("exception-handling"); return;
    case 0x0c: case 0x0d: c.u32("label"); return;
    case 0x0e: {
      uint32_t n = c.u32("br_table");
      for (uint32_t i = 0; i <= n; ++i) c.u32("br_table");
      return;
    }
    case 0x10: funcIndex(); return;
    case 0x12: use("tail-call"); funcIndex(); return;
    case 0x11: case 0x13: {
      if (op == 0x13) use("tail-call");
      typeIndex();
      size_t at = c.pos;
      tableIndex();
      if (c.bytes[at] != 0) use("reference-types");
      return;
    }
    case 0x1c: {
      use("reference-types");
      uint32_t n = c.u32("select");
      for (uint32_t i = 0; i < n; ++i) {
        uint8_t t = c.byte("select");
        if (!simpleValueType(t)) c.fail("select of a type this build does not read");
        noteIf(t);
      }
      return;
    }
    case 0x20: case 0x21: case 0x22: c.u32("local index"); return;
    case 0x23: case 0x24: globalIndex(); return;
    case 0x25: case 0x26: use("reference-types"); tableIndex(); return;
    case 0x3f: case 0x40: c.byte("memory index"); return;
    case 0x41: c.s(32, "i32.const"); return;
    case 0x42: c.s(64, "i64.const"); return;
    case 0x43: c.skip(4, "f32.const"); return;
    case 0x44: c.skip(8, "f64.const"); return;
    case 0xd0: {
      use("reference-types");
      uint8_t t = c.byte("ref.null");
      if (t != 0x70 && t != 0x6f) c.fail("ref.null of a type this build does not read");
      return;
    }
    case 0xd1: use("reference-types"); return;
    case 0xd2: use("reference-types"); funcIndex(); return;
    case 0xfc: prefixFC(); return;
    case 0xfd: prefixFD(); return;
    case 0xfe: prefixFE(); return;
    case 0x0a: case 0x1f:
      c.pos--;
      c.unsupported("uses the exception-handling proposal's newer encoding (try_table, throw_ref), which this "
                    "build (Binaryen 108) does not read; the legacy encoding (try, catch) is supported");
    default:
      if (op >= 0x28 && op <= 0x3e) { memarg(); return; }
      if (op >= 0x45 && op <= 0xc4) {
        if (op >= 0xc0) use("sign-ext");
        return;
      }
      c.pos--;
      c.fail("unknown opcode 0x" + std::string(1, "0123456789abcdef"[op >> 4]) + "0123456789abcdef"[op & 15]);
    }
  }
};

} // namespace

DecodeResult decodeCodeEntry(Bytes entry, const IndexMaps* remap, std::vector<uint8_t>* out,
                             FeatureSet* features) {
  DecodeResult r;
  std::vector<uint8_t> body;
  Decoder d{Cursor{entry, 0, entry.size()}, remap, out ? &body : nullptr, features, 0};
  try {
    uint32_t size = d.c.u32("code entry size");
    if (size != entry.size() - d.c.pos) d.c.fail("code entry size does not match");
    d.copied = d.c.pos;
    uint32_t groups = d.c.u32("locals");
    for (uint32_t i = 0; i < groups; ++i) {
      d.c.u32("locals");
      uint8_t t = d.c.byte("local type");
      if (!simpleValueType(t)) d.c.fail("local of a type this build does not read");
      d.noteIf(t);
    }
    while (!d.c.atEnd()) d.instruction();
    d.flush();
  } catch (const BinaryError& e) {
    r.ok = false;
    r.why = e.what();
    r.offset = e.offset();
    r.unsupported = e.unsupported();
    return r;
  }
  if (out) {
    out->clear();
    writeU32(*out, body.size());
    out->insert(out->end(), body.begin(), body.end());
  }
  return r;
}

FeatureUse featuresUsed(Bytes bytes, const BinaryModule& m) {
  FeatureUse u;
  u.features = m.declaredUse;
  if (!m.functionTypesOnly) u.complete = false;
  for (size_t k = 0; k < m.code.size(); ++k) {
    const CodeEntry& e = m.code[k];
    DecodeResult r = decodeCodeEntry(bytes.subspan(e.start, e.end - e.start), nullptr, nullptr, &u.features);
    if (!r.ok) u.complete = false;
    if (r.unsupported)
      throw BinaryError(e.start + r.offset,
                        "function " + std::to_string(k + m.functions.imported) + " " + r.why,
                        BinaryError::Kind::Unsupported);
  }
  return u;
}

void writeU32(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(v ? (b | 0x80) : b);
  } while (v);
}

void writeS64(std::vector<uint8_t>& out, int64_t v) {
  for (;;) {
    uint8_t b = v & 0x7f;
    v >>= 7;
    bool done = (v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40));
    out.push_back(done ? b : (b | 0x80));
    if (done) return;
  }
}

} // namespace eqsat::wasm
