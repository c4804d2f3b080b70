// Positions in a ruleset file (private to rules/): the line and column of a
// byte offset, and a scanner over already validated JSON text that finds
// where each member and element starts, so that errors point into the file.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace eqsat::rules::detail {

struct LineCol {
  unsigned line = 1, col = 1;
};

// "FILE:LINE:COL" of a byte offset of `text`, for a single lookup (an error
// message); a JsonScan answers many lookups from one index.
std::string locate(const std::string& file, const std::string& text, size_t offset);

// Offsets of the values of a JSON text that nlohmann::json has parsed already,
// and their lines and columns (from an index of line starts built once, so that
// locating every rule of a file costs a binary search each, not a rescan).
struct JsonScan {
  const std::string& text;
  std::vector<size_t> lineStarts;  // offset of the first byte of each line

  explicit JsonScan(const std::string& scanned);

  struct Member {
    std::string key;
    size_t keyPos, valuePos;
  };

  size_t skipSpace(size_t pos) const;
  size_t skipString(size_t pos) const;  // pos at the opening quote
  size_t skipValue(size_t pos) const;
  std::string stringAt(size_t pos) const;         // naive decode (keys)
  std::vector<Member> members(size_t pos) const;  // pos at '{'
  std::vector<size_t> elements(size_t pos) const; // pos at '['
  // Raw offset of the decoded character `index` of the string starting at quote `pos`.
  size_t rawOffsetInString(size_t pos, unsigned index) const;
  // The line and column of a byte offset of `text` (offsets past the end are
  // the end), and "FILE:LINE:COL" of it.
  LineCol lineColOf(size_t offset) const;
  std::string locate(const std::string& file, size_t offset) const;
};

} // namespace eqsat::rules::detail
