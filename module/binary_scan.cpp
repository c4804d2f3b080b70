#include "module/binary_scan.h"

#include "module/errors.h"
#include "module/features.h"
#include "module/wasm_binary.h"

#include <optional>

namespace eqsat::cli {
namespace {

using wasm::sectionName;

// The scan's position in the module; every error names the module and a byte offset.
struct Reader {
  const unsigned char* p;
  size_t size, pos;
  const std::string& name;
  [[noreturn]] void fail(size_t at, const std::string& msg) const {
    throw CliError(kExitBadInput, name,
                   "malformed module at byte offset " + std::to_string(at) + ": " + msg);
  }
  // Runs a step of wasm/ (the section framing, a LEB128), its BinaryError made ours.
  template <typename Step> auto framed(Step&& step) const {
    try {
      return step();
    } catch (const wasm::BinaryError& e) {
      fail(e.offset(), e.what());
    }
  }
  uint64_t leb(size_t limit, const char* what) {
    return framed([&] { return wasm::readFramingLeb(wasm::Bytes(p, size), pos, limit, what); });
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
  wasm::SectionFramer framer(wasm::Bytes(r.p, r.size));
  const uint32_t version = r.framed([&] { return framer.header(); });
  if (version != 1)
    r.fail(4, "unsupported binary version " + std::to_string(version) + " (expected 1)");
  while (std::optional<wasm::SectionFrame> frame = r.framed([&] { return framer.next(); })) {
    const unsigned id = frame->id;
    const size_t payload = frame->payload, end = frame->end;
    r.pos = payload;
    scanCounts(r, id, payload, end);
    if (id == 0) {
      uint64_t nameLength = r.leb(end, "custom section name");
      if (nameLength > end - r.pos) r.fail(payload, "custom section name extends beyond its section");
      std::string customName(reinterpret_cast<const char*>(r.p + r.pos), static_cast<size_t>(nameLength));
      r.pos += static_cast<size_t>(nameLength);
      if (customName == "target_features") {
        scan.hasFeaturesSection = true;
        uint64_t count = r.leb(end, "target_features");
        for (uint64_t k = 0; k < count; ++k) {
          if (r.pos >= end) r.fail(r.pos, "unexpected end of target_features");
          unsigned char prefix = r.p[r.pos++];
          uint64_t featureNameLength = r.leb(end, "target_features");
          if (featureNameLength > end - r.pos) r.fail(r.pos, "feature name extends beyond target_features");
          std::string featureName(reinterpret_cast<const char*>(r.p + r.pos), static_cast<size_t>(featureNameLength));
          r.pos += static_cast<size_t>(featureNameLength);
          if (prefix == '+' || prefix == '=') {
            if (auto bit = featureByTargetName(featureName)) scan.features |= *bit;
          }
        }
      }
    }
  }
  return scan;
}

} // namespace eqsat::cli
