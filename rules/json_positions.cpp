// Positions in a ruleset file: line and column of an offset, and JsonScan,
// which finds the offsets of JSON values (rules/json_positions.h).
#include "rules/json_positions.h"

#include <algorithm>
#include <cstring>

namespace eqsat::rules::detail {

// One lookup (an error message): the index is built for it.
std::string locate(const std::string& file, const std::string& text, size_t offset) {
  return JsonScan(text).locate(file, offset);
}

JsonScan::JsonScan(const std::string& scanned) : text(scanned) {
  lineStarts.push_back(0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') lineStarts.push_back(i + 1);
}

LineCol JsonScan::lineColOf(size_t offset) const {
  offset = std::min(offset, text.size());
  auto next = std::upper_bound(lineStarts.begin(), lineStarts.end(), offset);
  size_t line = static_cast<size_t>(next - lineStarts.begin()) - 1;
  LineCol lc;
  lc.line = static_cast<unsigned>(line + 1);
  lc.col = static_cast<unsigned>(offset - lineStarts[line] + 1);
  return lc;
}

std::string JsonScan::locate(const std::string& file, size_t offset) const {
  LineCol lc = lineColOf(offset);
  return file + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col);
}

size_t JsonScan::skipSpace(size_t pos) const {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) ++pos;
  return pos;
}

size_t JsonScan::skipString(size_t pos) const {
  ++pos;
  while (pos < text.size() && text[pos] != '"') pos += (text[pos] == '\\') ? 2 : 1;
  return pos + 1;
}

size_t JsonScan::skipValue(size_t pos) const {
  pos = skipSpace(pos);
  if (pos >= text.size()) return pos;
  char first = text[pos];
  if (first == '"') return skipString(pos);
  if (first == '{' || first == '[') {
    // Counts brackets instead of recursing: the nesting depth is the input's,
    // and a file nested deeply enough would overflow the stack.
    size_t depth = 0;
    while (pos < text.size()) {
      char c = text[pos];
      if (c == '"') {
        pos = skipString(pos);
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      else if ((c == '}' || c == ']') && --depth == 0) return pos + 1;
      ++pos;
    }
    return pos;
  }
  while (pos < text.size() && !strchr(" \t\r\n,:]}", text[pos])) ++pos;
  return pos;
}

std::string JsonScan::stringAt(size_t pos) const {
  size_t end = skipString(pos);
  return text.substr(pos + 1, end - pos - 2);
}

std::vector<JsonScan::Member> JsonScan::members(size_t pos) const {
  std::vector<Member> out;
  pos = skipSpace(pos) + 1;
  for (;;) {
    pos = skipSpace(pos);
    if (pos >= text.size() || text[pos] == '}') return out;
    if (text[pos] == ',') {
      ++pos;
      continue;
    }
    Member m;
    m.keyPos = pos;
    m.key = stringAt(pos);
    pos = skipSpace(skipString(pos));
    if (pos < text.size() && text[pos] == ':') ++pos;
    m.valuePos = skipSpace(pos);
    pos = skipValue(m.valuePos);
    out.push_back(m);
  }
}

std::vector<size_t> JsonScan::elements(size_t pos) const {
  std::vector<size_t> out;
  pos = skipSpace(pos) + 1;
  for (;;) {
    pos = skipSpace(pos);
    if (pos >= text.size() || text[pos] == ']') return out;
    if (text[pos] == ',') {
      ++pos;
      continue;
    }
    out.push_back(pos);
    pos = skipValue(pos);
  }
}

size_t JsonScan::rawOffsetInString(size_t pos, unsigned index) const {
  size_t q = pos + 1;
  for (unsigned i = 0; i < index && q < text.size() && text[q] != '"'; ++i) {
    if (text[q] == '\\') q += (q + 1 < text.size() && text[q + 1] == 'u') ? 6 : 2;
    else ++q;
  }
  return q;
}

} // namespace eqsat::rules::detail
