#include "rules/ruleset_blob.h"

#include "rules/loader.h"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <type_traits>

namespace eqsat::rules::detail {

namespace {

constexpr char kMagic[] = "eqsat-rules-blob 1\n";

// FNV-1a over a file's bytes: tells an edited ruleset from the bundled one.
uint64_t contentHash(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

// The bytes of a regular file (a device or FIFO is never a bundled ruleset).
std::optional<std::string> fileContents(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in ? std::streamoff(in.tellg()) : -1;
  if (size < 0) return std::nullopt;
  std::string bytes(size_t(size), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), std::streamsize(bytes.size()))) return std::nullopt;
  return bytes;
}

std::string fileNameOf(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// Where paths in a ruleset come from: the top file as given, and the
// directory the loader joins its includes to ("a/b/x.json" -> "a/b/").
struct PathBase {
  std::string top, directory;
  explicit PathBase(const std::string& topFile)
      : top(topFile), directory((std::filesystem::path(topFile).parent_path() / "").string()) {}
};

// How a path (or a "PATH:LINE:COL" location) is stored.
enum class PathStored : uint8_t { AsIs, AfterDirectory, AfterTop };

class Writer {
public:
  explicit Writer(PathBase base) : base_(std::move(base)) {}
  std::string bytes;

  void u64(uint64_t v) {
    do {
      uint8_t b = v & 0x7f;
      v >>= 7;
      bytes.push_back(char(v ? b | 0x80 : b));
    } while (v);
  }
  void s64(int64_t v) { u64(uint64_t(v)); }
  void str(const std::string& s) {
    u64(s.size());
    bytes += s;
  }
  // A path starting with the top file, or under its directory, is stored without that part.
  void path(const std::string& p) {
    auto startsWith = [&](const std::string& prefix) { return !prefix.empty() && p.compare(0, prefix.size(), prefix) == 0; };
    const PathStored how = startsWith(base_.top)         ? PathStored::AfterTop
                           : startsWith(base_.directory) ? PathStored::AfterDirectory
                                                         : PathStored::AsIs;
    u64(uint64_t(how));
    str(how == PathStored::AfterTop         ? p.substr(base_.top.size())
        : how == PathStored::AfterDirectory ? p.substr(base_.directory.size())
                                            : p);
  }
  void ints(const std::vector<int>& v) {
    u64(v.size());
    for (int k : v) s64(k);
  }

  // The field visitors of recordFields (below), writing each field.
  void text(const std::string& s) { str(s); }
  void location(const std::string& p) { path(p); }
  template <class T> void number(const T& v) {
    if constexpr (std::is_signed_v<T>) s64(int64_t(v));
    else u64(uint64_t(v));
  }
  void indices(const std::vector<int>& v) { ints(v); }
  void type(const std::optional<Ty>& t) { u64(t ? uint64_t(*t) + 1 : 0); }
  template <class T, class Each> void list(const std::vector<T>& v, Each&& each) {
    u64(v.size());
    for (const T& x : v) each(x);
  }

private:
  PathBase base_;
};

class Reader {
public:
  Reader(std::string_view bytes, PathBase base) : bytes_(bytes), base_(std::move(base)) {}
  bool failed = false;

  bool atEnd() const { return at_ >= bytes_.size(); }
  bool take(std::string_view expected) {
    if (bytes_.substr(at_, expected.size()) != expected) return fail();
    at_ += expected.size();
    return true;
  }
  uint64_t u64() {
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (at_ >= bytes_.size()) return fail(), 0;
      const uint8_t b = uint8_t(bytes_[at_++]);
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return fail(), 0;
  }
  int64_t s64() { return int64_t(u64()); }
  // A count of things each taking at least one byte: no more than remain.
  size_t count() {
    uint64_t n = u64();
    if (n > bytes_.size() - std::min(at_, bytes_.size())) return fail(), 0;
    return size_t(n);
  }
  std::string_view view() {
    size_t n = count();
    std::string_view s = bytes_.substr(at_, n);
    at_ += n;
    return s;
  }
  std::string str() { return std::string(view()); }
  std::string path() {
    const auto how = PathStored(u64());
    const std::string_view stored = view();
    const std::string_view prefix = how == PathStored::AfterTop         ? std::string_view(base_.top)
                                    : how == PathStored::AfterDirectory ? std::string_view(base_.directory)
                                                                        : std::string_view();
    std::string p;
    p.reserve(prefix.size() + stored.size());
    p.append(prefix).append(stored);
    return p;
  }
  std::vector<int> ints() {
    std::vector<int> v(count());
    for (int& k : v) k = int(s64());
    return v;
  }

  // The field visitors of recordFields (below), reading each field.
  void text(std::string& s) { s = str(); }
  void location(std::string& p) { p = path(); }
  template <class T> void number(T& v) {
    if constexpr (std::is_signed_v<T>) v = T(s64());
    else v = T(u64());
  }
  void indices(std::vector<int>& v) { v = ints(); }
  void type(std::optional<Ty>& t) {
    const uint64_t v = u64();
    t = v ? std::optional<Ty>(Ty(v - 1)) : std::nullopt;
  }
  template <class T, class Each> void list(std::vector<T>& v, Each&& each) {
    v.resize(count());
    for (T& x : v) each(x);
  }

private:
  std::string_view bytes_;
  size_t at_ = 0;
  PathBase base_;

  bool fail() {
    failed = true;
    at_ = bytes_.size();
    return false;
  }
};

// The fields of a rule and of an example, in blob order: the one list both
// directions follow. `Blob` is Writer (with const records) or Reader.
template <class Blob, class Rule> void recordFields(Blob& b, Rule& r) {
  b.text(r.name);
  b.text(r.comment);
  b.location(r.file);
  b.number(r.index);
  b.number(r.line);
  b.number(r.col);
  b.text(r.lhsText);
  b.text(r.rhsText);
  b.list(r.condTexts, [&](auto& c) { b.text(c); });
  b.list(r.vars, [&](auto& v) {
    b.text(v.name);
    b.number(v.isConst);
    b.number(v.tv);
  });
  for (auto* side : {&r.lhs, &r.rhs})
    b.list(*side, [&](auto& t) {
      b.number(t.kind);
      b.number(t.op);
      b.number(t.tv);
      b.number(t.var);
      b.number(t.value);
      b.indices(t.kids);
      b.number(t.pos);
    });
  b.list(r.exprs, [&](auto& e) {
    b.number(e.kind);
    b.number(e.w);
    b.number(e.op);
    b.number(e.value);
    b.number(e.var);
    b.indices(e.kids);
  });
  b.indices(r.conds);
  b.indices(r.computed);
  b.list(r.tvs, [&](auto& t) { b.type(t); });
}

template <class Blob, class Ex> void exampleFields(Blob& b, Ex& e) {
  b.text(e.in);
  b.text(e.out);
  b.text(e.rule);
  b.location(e.where);
  b.location(e.file);
}

// Layout, after kMagic: the number of rulesets; for each, the top file's
// name, the payload's size, then the payload: the files read (path, size,
// hash), name, description, rules, examples.
void writeRuleset(Writer& blob, const std::string& top) {
  ParsedRuleset p = parseRulesetFile(top);
  Writer payload{PathBase(top)};
  payload.u64(p.files.size());
  for (const std::string& f : p.files) {
    std::optional<std::string> bytes = fileContents(f);
    if (!bytes) throw RuleError(f + ": cannot read file");
    payload.path(f);
    payload.u64(bytes->size());
    payload.u64(contentHash(*bytes));
  }
  payload.str(p.name);
  payload.str(p.description);
  payload.u64(p.rules.size());
  for (const RuleAst& r : p.rules) recordFields(payload, r);
  payload.u64(p.examples.size());
  for (const Example& e : p.examples) exampleFields(payload, e);
  blob.str(fileNameOf(top));
  blob.str(payload.bytes);
}

// The ruleset of a payload, when every file it was parsed from has the same
// contents today, found from `top` as the loader would.
std::optional<ParsedRuleset> readRuleset(std::string_view payloadBytes, const std::string& top, RulesetParts parts) {
  Reader payload(payloadBytes, PathBase(top));
  ParsedRuleset p;
  p.files.resize(payload.count());
  for (std::string& f : p.files) {
    f = payload.path();
    const uint64_t size = payload.u64(), hash = payload.u64();
    if (payload.failed) return std::nullopt;
    std::optional<std::string> bytes = fileContents(f);
    if (!bytes || bytes->size() != size || contentHash(*bytes) != hash) return std::nullopt;
  }
  p.name = payload.str();
  p.description = payload.str();
  p.rules.resize(payload.count());
  for (RuleAst& r : p.rules) recordFields(payload, r);
  // The examples are last: left unread, the payload's bytes (bounded by
  // its stored size) hold them.
  if (parts == RulesetParts::RulesOnly) return payload.failed ? std::nullopt : std::optional<ParsedRuleset>(std::move(p));
  p.examples.resize(payload.count());
  for (Example& e : p.examples) exampleFields(payload, e);
  if (payload.failed || !payload.atEnd()) return std::nullopt;
  return p;
}

} // namespace

std::string writeRulesetBlob(const std::vector<std::string>& topFiles) {
  Writer blob{PathBase("")};
  blob.bytes = kMagic;
  blob.u64(topFiles.size());
  for (const std::string& top : topFiles) writeRuleset(blob, top);
  return blob.bytes;
}

std::optional<ParsedRuleset> readRulesetBlob(std::string_view blob, const std::string& path, RulesetParts parts) {
  Reader r(blob, PathBase(""));
  if (!r.take(kMagic)) return std::nullopt;
  // Every entry is walked before one is read, so that a blob cut short is
  // refused whichever entry the cut leaves whole.
  const std::string name = fileNameOf(path);
  std::optional<std::string_view> found;
  for (size_t i = 0, n = r.count(); i < n && !r.failed; ++i) {
    const std::string_view top = r.view(), payload = r.view();
    if (!r.failed && top == name && !found) found = payload;
  }
  if (r.failed || !found) return std::nullopt;
  return readRuleset(*found, path, parts);
}

} // namespace eqsat::rules::detail
