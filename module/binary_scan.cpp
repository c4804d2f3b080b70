#include "module/binary_scan.h"

#include "module/errors.h"
#include "module/features.h"

#include <cstring>

namespace eqsat::cli {
namespace {

const char* sectionName(unsigned id) {
  static const char* names[] = {"custom", "type",  "import", "function", "table",
                                "memory", "global", "export", "start",    "element",
                                "code",   "data",   "datacount", "tag"};
  return id < sizeof names / sizeof names[0] ? names[id] : "unknown";
}

struct Reader {
  const unsigned char* p;
  size_t size, pos;
  const std::string& name;
  [[noreturn]] void fail(size_t at, const std::string& msg) const {
    throw CliError(kExitBadInput, name,
                   "malformed module at byte offset " + std::to_string(at) + ": " + msg);
  }
  uint64_t leb(size_t limit, const char* what) {
    size_t start = pos;
    uint64_t v = 0;
    unsigned shift = 0;
    for (;;) {
      if (pos >= limit) fail(start, std::string("unexpected end of ") + what);
      unsigned char b = p[pos++];
      if (shift >= 35) fail(start, std::string("integer too long in ") + what);
      v |= uint64_t(b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    return v;
  }
};

// What one entry of a section takes at least, in bytes, and how many entries
// a module may declare: the JS API's implementation limits (what browsers
// accept), which no real module comes near. A count beyond either is refused
// here, before Binaryen reads it: Binaryen reserves memory for counts as
// declared, so a tiny module could make it allocate without bound.
struct SectionBound {
  unsigned minEntryBytes;
  uint64_t maxEntries;
  const char* entries;
};
const SectionBound* sectionBound(unsigned id) {
  static const SectionBound type{1, kMaxTypes, "types"}, import{4, kMaxImports, "imports"},
      function{1, kMaxFunctions, "functions"}, table{3, kMaxTables, "tables"},
      memory{2, kMaxMemories, "memories"}, global{3, kMaxGlobals, "globals"},
      exportB{3, kMaxExports, "exports"}, element{1, kMaxElementSegments, "element segments"},
      code{1, kMaxFunctions, "function bodies"}, data{1, kMaxDataSegments, "data segments"},
      tag{2, kMaxTags, "tags"};
  switch (id) {
  case 1: return &type;
  case 2: return &import;
  case 3: return &function;
  case 4: return &table;
  case 5: return &memory;
  case 6: return &global;
  case 7: return &exportB;
  case 9: return &element;
  case 10: return &code;
  case 11: return &data;
  case 13: return &tag;
  default: return nullptr;
  }
}

[[noreturn]] void overLimit(const Reader& r, size_t at, const std::string& msg) {
  throw CliError(kExitBadInput, r.name, "module over a limit at byte offset " + std::to_string(at) + ": " + msg);
}

// The count that opens a section (and, in the code section, every function's
// local declarations) against what the section's bytes can hold and against
// the implementation limits. Leaves r.pos where it was.
void scanCounts(Reader& r, unsigned id, size_t payload, size_t end) {
  const SectionBound* b = sectionBound(id);
  const size_t saved = r.pos;
  if (id == 12) {  // datacount: a bare count
    uint64_t n = r.leb(end, "section 'datacount'");
    if (n > kMaxDataSegments)
      overLimit(r, payload, "section 'datacount' declares " + std::to_string(n) + " data segments (at most " +
                                std::to_string(kMaxDataSegments) + " are accepted)");
  }
  if (!b) {
    r.pos = saved;
    return;
  }
  const std::string what = std::string("section '") + sectionName(id) + "' (id " + std::to_string(id) + ")";
  uint64_t count = r.leb(end, sectionName(id));
  const size_t rest = end - r.pos;
  if (count > rest / b->minEntryBytes)
    r.fail(payload, what + " declares " + std::to_string(count) + " " + b->entries + " but its remaining " +
                        std::to_string(rest) + " bytes can hold at most " + std::to_string(rest / b->minEntryBytes));
  if (count > b->maxEntries)
    overLimit(r, payload, what + " declares " + std::to_string(count) + " " + b->entries + " (at most " +
                              std::to_string(b->maxEntries) + " are accepted)");
  if (id == 10) {
    // Every body: its size, then groups of (count, type) locals.
    for (uint64_t f = 0; f < count; ++f) {
      size_t at = r.pos;
      uint64_t size = r.leb(end, "function body size");
      if (size > end - r.pos)
        r.fail(at, "function body " + std::to_string(f) + " declares " + std::to_string(size) + " bytes but only " +
                       std::to_string(end - r.pos) + " remain in the code section");
      const size_t bodyEnd = r.pos + static_cast<size_t>(size);
      size_t groupsAt = r.pos;
      uint64_t groups = r.leb(bodyEnd, "local declarations");
      // A group is at least a count byte and a type byte.
      if (groups > (bodyEnd - r.pos) / 2)
        r.fail(groupsAt, "function body " + std::to_string(f) + " declares " + std::to_string(groups) +
                             " groups of locals but its remaining " + std::to_string(bodyEnd - r.pos) +
                             " bytes can hold at most " + std::to_string((bodyEnd - r.pos) / 2));
      uint64_t locals = 0;
      for (uint64_t k = 0; k < groups; ++k) {
        size_t groupAt = r.pos;
        uint64_t n = r.leb(bodyEnd, "local declarations");
        locals += n;  // n < 2^35, and the sum is checked at every step: no overflow
        if (locals > kMaxFunctionLocals)
          overLimit(r, groupAt, "function body " + std::to_string(f) + " declares " +
                                    (k + 1 == groups ? "" : "at least ") + std::to_string(locals) +
                                    " locals (at most " + std::to_string(kMaxFunctionLocals) + " are accepted)");
        if (r.pos >= bodyEnd) r.fail(r.pos, "unexpected end of local declarations");
        unsigned char t = r.p[r.pos++];
        if (t == 0x63 || t == 0x64) r.leb(bodyEnd, "local type");  // (ref null? heaptype)
      }
      r.pos = bodyEnd;
    }
  }
  r.pos = saved;
}

} // namespace

BinaryScan scanBinary(const std::vector<char>& bytes, const std::string& name) {
  BinaryScan scan;
  Reader r{reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), 0, name};
  if (r.size < 8) r.fail(r.size, "truncated header (" + std::to_string(r.size) + " bytes; a module starts with 8)");
  if (std::memcmp(r.p, "\0asm", 4) != 0) r.fail(0, "no \\0asm magic");
  uint32_t version = uint32_t(r.p[4]) | uint32_t(r.p[5]) << 8 | uint32_t(r.p[6]) << 16 |
                     uint32_t(r.p[7]) << 24;
  if (version != 1)
    r.fail(4, "unsupported binary version " + std::to_string(version) + " (expected 1)");
  r.pos = 8;
  while (r.pos < r.size) {
    size_t start = r.pos;
    unsigned id = r.p[r.pos++];
    if (id > 13) r.fail(start, "unknown section id " + std::to_string(id));
    uint64_t len = r.leb(r.size, "section size");
    size_t payload = r.pos;
    if (len > r.size - payload)
      r.fail(start, std::string("section '") + sectionName(id) + "' (id " + std::to_string(id) +
                        ") declares " + std::to_string(len) + " bytes but only " +
                        std::to_string(r.size - payload) + " remain (truncated file?)");
    size_t end = payload + static_cast<size_t>(len);
    scanCounts(r, id, payload, end);
    if (id == 0) {
      uint64_t nlen = r.leb(end, "custom section name");
      if (nlen > end - r.pos) r.fail(payload, "custom section name extends beyond its section");
      std::string secName(reinterpret_cast<const char*>(r.p + r.pos), static_cast<size_t>(nlen));
      r.pos += static_cast<size_t>(nlen);
      if (secName == "target_features") {
        scan.hasFeaturesSection = true;
        uint64_t count = r.leb(end, "target_features");
        for (uint64_t k = 0; k < count; ++k) {
          if (r.pos >= end) r.fail(r.pos, "unexpected end of target_features");
          unsigned char prefix = r.p[r.pos++];
          uint64_t fl = r.leb(end, "target_features");
          if (fl > end - r.pos) r.fail(r.pos, "feature name extends beyond target_features");
          std::string feat(reinterpret_cast<const char*>(r.p + r.pos), static_cast<size_t>(fl));
          r.pos += static_cast<size_t>(fl);
          if (prefix == '+' || prefix == '=') {
            if (auto bit = featureByTargetName(feat)) scan.features |= *bit;
          }
        }
      }
    }
    r.pos = end;
  }
  return scan;
}

} // namespace eqsat::cli
