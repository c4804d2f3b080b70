#include "module/splice.h"

#include <algorithm>
#include <memory>
#include <cstring>
#include <unordered_map>

namespace eqsat::wasm {
namespace {


bool isDebugSection(const Section& s) { return s.id == 0 && s.customName.rfind(".debug_", 0) == 0; }

// A name section's subsections: id -> [payload start, end) in the module.
struct Subsection {
  uint8_t id;
  size_t start, payload, end;  // start: the id byte
};
std::vector<Subsection> subsections(Bytes bytes, const Section& s) {
  Cursor c{bytes, s.payload, s.end};
  c.name("name section");  // "name"
  std::vector<Subsection> out;
  while (c.pos < c.end) {
    Subsection sub;
    sub.start = c.pos;
    sub.id = bytes[c.pos++];
    uint32_t size = c.u32("name section");
    sub.payload = c.pos;
    if (size > c.end - c.pos) throw BinaryError(c.pos, "malformed name section");
    sub.end = c.pos + size;
    c.pos = sub.end;
    out.push_back(sub);
  }
  return out;
}

// The entries of an indirect name map (local or label names): function index -> its bytes.
std::map<uint32_t, std::pair<size_t, size_t>> indirectEntries(Bytes bytes, const Subsection& sub) {
  std::map<uint32_t, std::pair<size_t, size_t>> out;
  Cursor c{bytes, sub.payload, sub.end};
  uint32_t n = c.u32("name section");
  for (uint32_t i = 0; i < n; ++i) {
    size_t at = c.pos;
    uint32_t func = c.u32("name section");
    uint32_t k = c.u32("name section");
    for (uint32_t j = 0; j < k; ++j) {
      c.u32("name section");
      c.name("name section");
    }
    out[func] = {at, c.pos};
  }
  return out;
}

void append(std::vector<uint8_t>& out, Bytes b, size_t from, size_t to) {
  out.insert(out.end(), b.begin() + from, b.begin() + to);
}

// A name section in which the local names (subsection 2) of the changed
// functions are those Binaryen wrote for their new bodies, and their label
// names (subsection 3) are dropped; every other byte is the input's.
std::vector<uint8_t> rewriteNames(const SpliceRequest& rq, const Section& inName, const Section* writtenName,
                                  const std::map<uint32_t, uint32_t>& changedInputToWritten) {
  std::vector<uint8_t> payload;
  Cursor c{rq.input, inName.payload, inName.end};
  c.name("name section");
  append(payload, rq.input, inName.payload, c.pos);
  std::map<uint32_t, std::pair<size_t, size_t>> writtenLocals;
  if (writtenName)
    for (const Subsection& sub : subsections(rq.written, *writtenName))
      if (sub.id == 2) writtenLocals = indirectEntries(rq.written, sub);
  for (const Subsection& sub : subsections(rq.input, inName)) {
    if (sub.id != 2 && sub.id != 3) {
      append(payload, rq.input, sub.start, sub.end);
      continue;
    }
    std::vector<uint8_t> body;
    uint32_t count = 0;
    for (const auto& [func, range] : indirectEntries(rq.input, sub)) {
      auto changed = changedInputToWritten.find(func);
      if (changed == changedInputToWritten.end()) {
        append(body, rq.input, range.first, range.second);
        ++count;
        continue;
      }
      if (sub.id == 3) continue;
      auto w = writtenLocals.find(changed->second);
      if (w == writtenLocals.end()) continue;
      // The written entry starts with Binaryen's function index: put the input's in its place.
      Cursor wc{rq.written, w->second.first, w->second.second};
      wc.u32("name section");
      writeU32(body, func);
      append(body, rq.written, wc.pos, w->second.second);
      ++count;
    }
    std::vector<uint8_t> content;
    writeU32(content, count);
    content.insert(content.end(), body.begin(), body.end());
    payload.push_back(sub.id);
    writeU32(payload, content.size());
    payload.insert(payload.end(), content.begin(), content.end());
  }
  std::vector<uint8_t> section{0};
  writeU32(section, payload.size());
  section.insert(section.end(), payload.begin(), payload.end());
  return section;
}

std::unordered_map<std::string, uint32_t> positions(const std::vector<std::string>& names) {
  std::unordered_map<std::string, uint32_t> m;
  for (uint32_t i = 0; i < names.size(); ++i) m.emplace(names[i], i);
  return m;
}

} // namespace

SpliceResult splice(const SpliceRequest& rq) {
  const BinaryModule& in = *rq.inputModule;
  BinaryModule out = readBinary(rq.written);
  auto mismatch = [](const char* what, size_t a, size_t b) {
    throw BinaryError(0, std::string("Binaryen's output has ") + std::to_string(b) + " " + what + " where the input has " +
                             std::to_string(a));
  };
  // Entries that bodies refer to by position without a name in the IR must keep their positions.
  if (in.tags.total() != out.tags.total()) mismatch("tags", in.tags.total(), out.tags.total());
  if (in.elementSegments != out.elementSegments) mismatch("element segments", in.elementSegments, out.elementSegments);
  if (in.dataSegments != out.dataSegments) mismatch("data segments", in.dataSegments, out.dataSegments);
  if (in.memories.total() != out.memories.total()) mismatch("memories", in.memories.total(), out.memories.total());
  if (rq.inputNames.functions.size() != in.functions.total())
    mismatch("named functions", in.functions.total(), rq.inputNames.functions.size());
  if (rq.writtenNames.functions.size() != out.functions.total())
    mismatch("functions for its names", rq.writtenNames.functions.size(), out.functions.total());
  if (rq.inputNames.globals.size() != in.globals.total() || rq.writtenNames.globals.size() != out.globals.total())
    mismatch("globals", in.globals.total(), out.globals.total());
  if (rq.inputNames.tables.size() != in.tables.total() || rq.writtenNames.tables.size() != out.tables.total())
    mismatch("tables", in.tables.total(), out.tables.total());

  auto byName = [](const std::vector<std::string>& from, const std::vector<std::string>& to) {
    auto pos = std::make_shared<std::unordered_map<std::string, uint32_t>>(positions(to));
    auto names = std::make_shared<std::vector<std::string>>(from);
    return [pos, names](uint32_t i) -> std::optional<uint32_t> {
      if (i >= names->size()) return std::nullopt;
      auto it = pos->find((*names)[i]);
      if (it == pos->end()) return std::nullopt;
      return it->second;
    };
  };
  IndexMaps maps;
  maps.function = byName(rq.writtenNames.functions, rq.inputNames.functions);
  maps.global = byName(rq.writtenNames.globals, rq.inputNames.globals);
  maps.table = byName(rq.writtenNames.tables, rq.inputNames.tables);
  maps.tag = [](uint32_t i) -> std::optional<uint32_t> { return i; };
  const bool typesMatchable = in.functionTypesOnly && out.functionTypesOnly;
  maps.type = [&](uint32_t i) -> std::optional<uint32_t> {
    if (!typesMatchable || i >= out.types.size()) return std::nullopt;
    for (uint32_t k = 0; k < in.types.size(); ++k)
      if (in.types[k] == out.types[i]) return k;
    return std::nullopt;
  };

  SpliceResult res;
  // New code entries, by defined-function position in the input.
  std::map<uint32_t, std::vector<uint8_t>> entries;
  std::map<uint32_t, uint32_t> changedInputToWritten;  // function index (imports counted)
  auto inPos = positions(rq.inputNames.functions);
  auto outPos = positions(rq.writtenNames.functions);
  for (const std::string& name : rq.changed) {
    auto i = inPos.find(name);
    auto o = outPos.find(name);
    if (i == inPos.end() || o == outPos.end() || i->second < in.functions.imported ||
        o->second < out.functions.imported) {
      res.notSpliced[name] = "not a defined function of both the input and Binaryen's output";
      continue;
    }
    const CodeEntry& e = out.code[o->second - out.functions.imported];
    std::vector<uint8_t> entry;
    DecodeResult d = decodeCodeEntry(rq.written.subspan(e.start, e.end - e.start), &maps, &entry, nullptr);
    if (!d.ok) {
      res.notSpliced[name] = "its new body cannot be re-encoded against the input's index spaces (" + d.why + ")";
      continue;
    }
    entries[i->second - in.functions.imported] = std::move(entry);
    changedInputToWritten[i->second] = o->second;
    res.changedDefined.insert(i->second - in.functions.imported);
  }

  if (res.notSpliced.empty()) {
    for (const std::string& name : rq.emptied) {
      auto i = inPos.find(name);
      if (i == inPos.end() || i->second < in.functions.imported || outPos.count(name)) continue;
      uint32_t defined = i->second - in.functions.imported;
      entries[defined] = {0x03, 0x00, 0x00, 0x0b};  // no locals; unreachable; end
      changedInputToWritten[i->second] = UINT32_MAX;  // no names: it has no locals
      res.changedDefined.insert(defined);
      res.emptied.insert(name);
    }
  }

  const bool anyChange = !entries.empty();
  append(res.bytes, rq.input, 0, 8);
  for (const Section& s : in.sections) {
    if (anyChange && isDebugSection(s)) {
      res.droppedDebugInfo = true;
      continue;
    }
    if (anyChange && s.id == uint8_t(SectionId::Code)) {
      std::vector<uint8_t> payload;
      writeU32(payload, in.code.size());
      for (uint32_t k = 0; k < in.code.size(); ++k) {
        auto it = entries.find(k);
        if (it != entries.end()) payload.insert(payload.end(), it->second.begin(), it->second.end());
        else append(payload, rq.input, in.code[k].start, in.code[k].end);
      }
      res.bytes.push_back(s.id);
      writeU32(res.bytes, payload.size());
      res.bytes.insert(res.bytes.end(), payload.begin(), payload.end());
      continue;
    }
    if (anyChange && s.id == 0 && s.customName == "name") {
      std::vector<uint8_t> names = rewriteNames(rq, s, out.findCustom("name"), changedInputToWritten);
      res.bytes.insert(res.bytes.end(), names.begin(), names.end());
      continue;
    }
    append(res.bytes, rq.input, s.start, s.end);
  }
  return res;
}

std::optional<std::string> firstStructuralDifference(Bytes input, Bytes output,
                                                     const std::set<uint32_t>& changedDefined, bool debugDropped) {
  if (input.size() == output.size() && std::memcmp(input.data(), output.data(), input.size()) == 0)
    return std::nullopt;
  BinaryModule a, b;
  try {
    a = readBinary(input);
  } catch (const BinaryError& e) {
    return "the input cannot be read (" + std::string(e.what()) + ")";
  }
  try {
    b = readBinary(output);
  } catch (const BinaryError& e) {
    return "the output cannot be read at byte offset " + std::to_string(e.offset()) + " (" + e.what() + ")";
  }
  if (std::memcmp(input.data(), output.data(), 8) != 0) return "the header differs";
  std::vector<const Section*> as, bs;
  for (const Section& s : a.sections)
    if (!(debugDropped && isDebugSection(s))) as.push_back(&s);
  for (const Section& s : b.sections) bs.push_back(&s);
  auto label = [](const Section& s) {
    static const char* names[] = {"custom", "type", "import", "function", "table", "memory", "global",
                                  "export", "start", "element", "code", "data", "data count", "tag"};
    std::string n = s.id < 14 ? names[s.id] : "unknown";
    return s.id == 0 ? "custom section '" + s.customName + "'" : n + " section";
  };
  for (size_t k = 0; k < std::max(as.size(), bs.size()); ++k) {
    if (k >= as.size()) return "the output has an extra " + label(*bs[k]);
    if (k >= bs.size()) return "the output lacks the " + label(*as[k]);
    const Section& x = *as[k];
    const Section& y = *bs[k];
    if (x.id != y.id || x.customName != y.customName)
      return "section " + std::to_string(k) + " is the " + label(y) + " where the input has the " + label(x);
    if (x.id == uint8_t(SectionId::Code)) {
      if (a.code.size() != b.code.size()) return "the code section has a different number of entries";
      for (uint32_t i = 0; i < a.code.size(); ++i) {
        if (changedDefined.count(i)) continue;
        const CodeEntry &ea = a.code[i], &eb = b.code[i];
        if (ea.end - ea.start != eb.end - eb.start ||
            std::memcmp(input.data() + ea.start, output.data() + eb.start, ea.end - ea.start) != 0)
          return "the body of function " + std::to_string(i + a.functions.imported) +
                 " changed, but it was not rewritten";
      }
      continue;
    }
    if (x.id == 0 && x.customName == "name" && !changedDefined.empty()) {
      std::vector<Subsection> sa, sb;
      try {
        sa = subsections(input, x);
        sb = subsections(output, y);
      } catch (const BinaryError& e) {
        return std::string("the name section cannot be read (") + e.what() + ")";
      }
      if (sa.size() != sb.size()) return "the name section has a different number of subsections";
      for (size_t i = 0; i < sa.size(); ++i) {
        if (sa[i].id != sb[i].id) return "the name section's subsections differ";
        if (sa[i].id == 2 || sa[i].id == 3) {
          auto ea = indirectEntries(input, sa[i]), eb = indirectEntries(output, sb[i]);
          for (const auto& [func, range] : ea) {
            if (func >= a.functions.imported && changedDefined.count(func - a.functions.imported)) continue;
            auto it = eb.find(func);
            if (it == eb.end() || range.second - range.first != it->second.second - it->second.first ||
                std::memcmp(input.data() + range.first, output.data() + it->second.first,
                            range.second - range.first) != 0)
              return "the local or label names of function " + std::to_string(func) + " changed";
          }
          for (const auto& [func, range] : eb)
            if (!ea.count(func)) return "the name section names locals of function " + std::to_string(func) +
                                        " that the input does not";
          continue;
        }
        if (sa[i].end - sa[i].start != sb[i].end - sb[i].start ||
            std::memcmp(input.data() + sa[i].start, output.data() + sb[i].start, sa[i].end - sa[i].start) != 0)
          return "name subsection " + std::to_string(sa[i].id) + " differs";
      }
      continue;
    }
    if (x.end - x.start != y.end - y.start ||
        std::memcmp(input.data() + x.start, output.data() + y.start, x.end - x.start) != 0)
      return "the " + label(x) + " differs";
  }
  return std::nullopt;
}

} // namespace eqsat::wasm
