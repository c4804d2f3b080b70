// A reader of the WebAssembly binary format of our own: a module's sections,
// the sizes of its index spaces, its function types and its code entries, and
// a decoder of instruction immediates that can rewrite the indices a body
// refers to. It shares no code and no assumption with Binaryen, so that it can
// check what Binaryen writes (module/splice.h) and see what Binaryen cannot
// read (components, several memories, the newer exception encoding).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace eqsat::wasm {

using Bytes = std::span<const uint8_t>;

// A malformed binary, or (Kind::Unsupported) a valid one this build cannot
// optimize; `offset` is where the reader stopped.
class BinaryError : public std::runtime_error {
public:
  enum class Kind { Malformed, Unsupported };
  BinaryError(size_t offset, const std::string& what, Kind kind = Kind::Malformed)
      : std::runtime_error(what), offset_(offset), kind_(kind) {}
  size_t offset() const { return offset_; }
  bool unsupported() const { return kind_ == Kind::Unsupported; }

private:
  size_t offset_;
  Kind kind_;
};

// A cursor over [pos, end) of a byte buffer; every read is bounds-checked and
// a malformed or truncated value throws BinaryError.
struct Cursor {
  Bytes bytes;
  size_t pos = 0, end = 0;

  [[noreturn]] void fail(const std::string& what) const { throw BinaryError(pos, what); }
  [[noreturn]] void unsupported(const std::string& what) const { throw BinaryError(pos, what, BinaryError::Kind::Unsupported); }
  bool atEnd() const { return pos >= end; }
  uint8_t byte(const char* what) {
    if (pos >= end) fail(std::string("unexpected end of ") + what);
    return bytes[pos++];
  }
  // A LEB128 of at most ceil(bits / 7) bytes.
  static unsigned maxShift(unsigned bits) { return 7 * ((bits + 6) / 7); }
  uint64_t u(unsigned bits, const char* what) {
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
      if (shift >= maxShift(bits)) fail(std::string("integer too long in ") + what);
      uint8_t b = byte(what);
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    return v;
  }
  uint32_t u32(const char* what) { return uint32_t(u(32, what)); }
  int64_t s(unsigned bits, const char* what) {
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t b;
    do {
      if (shift >= maxShift(bits)) fail(std::string("integer too long in ") + what);
      b = byte(what);
      v |= uint64_t(b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    if (shift < 64 && (b & 0x40)) v |= ~uint64_t(0) << shift;
    return int64_t(v);
  }
  void skip(size_t n, const char* what) {
    if (n > end - pos) fail(std::string("unexpected end of ") + what);
    pos += n;
  }
  std::string name(const char* what) {
    uint32_t n = u32(what);
    if (n > end - pos) fail(std::string(what) + " extends beyond its section");
    std::string s(reinterpret_cast<const char*>(bytes.data() + pos), n);
    pos += n;
    return s;
  }
};

enum class SectionId : uint8_t {
  Custom = 0, Type = 1, Import = 2, Function = 3, Table = 4, Memory = 5, Global = 6,
  Export = 7, Start = 8, Element = 9, Code = 10, Data = 11, DataCount = 12, Tag = 13,
};

struct Section {
  uint8_t id = 0;
  size_t start = 0;    // the id byte
  size_t payload = 0;  // first byte after the size
  size_t end = 0;      // one past the last byte
  std::string customName;  // custom sections only
};

// The framing of a binary module, shared by our reader (readBinary) and the
// scan that runs before Binaryen reads a module (module/binary_scan.h): an
// 8-byte header, then sections, each an id byte, a LEB128 size and that many
// bytes. A malformed frame throws BinaryError at the offset where it starts.
struct SectionFrame {
  uint8_t id = 0;
  size_t start = 0;    // the id byte
  size_t payload = 0;  // first byte after the size
  size_t end = 0;      // one past the last byte
};
class SectionFramer {
public:
  explicit SectionFramer(Bytes bytes) : bytes_(bytes) {}
  // Checks the header's length and magic; returns its version (which ones
  // are accepted is the caller's decision).
  uint32_t header();
  // The next section's frame (a known id, a size within the module), or
  // nullopt after the last section.
  std::optional<SectionFrame> next();

private:
  Bytes bytes_;
  size_t pos_ = 8;
};

// A LEB128 of at most 35 bits in bytes[pos, limit), as the framing and the
// scan read counts and sizes; advances `pos`. A truncated or too long one
// throws BinaryError at the offset where it starts.
uint64_t readFramingLeb(Bytes bytes, size_t& pos, size_t limit, const char* what);

// "custom", "type", ... for a section id; "unknown" past the last.
const char* sectionName(unsigned id);

// Kinds of import and export, as encoded.
enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 };

// Where one function's code entry lies in the code section: `start` is its
// size field, `locals` the first byte after it, `end` one past its last byte.
struct CodeEntry {
  size_t start = 0, locals = 0, end = 0;
};

// The index spaces: imported entities come first in each.
struct IndexSpace {
  uint32_t imported = 0, defined = 0;
  uint32_t total() const { return imported + defined; }
};

// Proposals a module uses, named as in the target_features section.
using FeatureSet = std::set<std::string>;

struct BinaryModule {
  std::vector<Section> sections;
  // Every type entry's bytes; functionTypesOnly is false when some entry is
  // not a plain function type (GC types, recursion groups), whose indices
  // cannot be matched by shape.
  std::vector<std::vector<uint8_t>> types;
  bool functionTypesOnly = true;
  std::vector<uint32_t> functionTypes;  // type index of every function, imports first
  IndexSpace functions, tables, memories, globals, tags;
  uint32_t elementSegments = 0, dataSegments = 0;
  std::vector<CodeEntry> code;  // one per defined function
  // Features that the declarations (not the code) show: mutable-globals,
  // reference-types, bulk-memory, threads, memory64, multivalue, simd128, exception-handling.
  FeatureSet declaredUse;

  const Section* find(SectionId id) const;
  const Section* findCustom(const std::string& name) const;
};

// Reads the sections, index spaces, types and code entries. Throws
// BinaryError on anything malformed, and on valid inputs this build cannot
// optimize (a component, several memories), with a message that says so.
BinaryModule readBinary(Bytes bytes);

// Index maps from one module's index spaces to another's (output -> input).
// A map returns nullopt for an index it cannot map.
struct IndexMaps {
  std::function<std::optional<uint32_t>(uint32_t)> function, type, table, global, tag;
};

// One code entry decoded instruction by instruction. `remap` (optional)
// rewrites every index immediate through `maps` into `out`; `features`
// collects the proposals the instructions belong to. Memory, data and
// element indices are copied as they are. Returns false, with `why`, on an
// opcode or an immediate it does not know (GC instructions, for example).
struct DecodeResult {
  bool ok = true;
  std::string why;
  size_t offset = 0;  // where decoding stopped, in the entry
  bool unsupported = false;  // an instruction this build cannot read at all
};
DecodeResult decodeCodeEntry(Bytes entry, const IndexMaps* remap, std::vector<uint8_t>* out,
                             FeatureSet* features);

// Every proposal the module's declarations and code use (best effort: an
// instruction the decoder does not know leaves `complete` false). Throws the
// BinaryError of an instruction this build cannot read at all (unsupported).
struct FeatureUse {
  FeatureSet features;
  bool complete = true;
};
FeatureUse featuresUsed(Bytes bytes, const BinaryModule& module);

// LEB128 encoders used when rewriting.
void writeU32(std::vector<uint8_t>& out, uint64_t v);
void writeS64(std::vector<uint8_t>& out, int64_t v);

} // namespace eqsat::wasm
