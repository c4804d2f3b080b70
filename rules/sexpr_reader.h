// The s-expression reader of rule patterns and expressions (private to rules/):
// text -> SExp tree with the offset of every term, and the number syntax of
// their literals. Errors are PosError, an offset in the text and a message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eqsat::rules::detail {

// An error at an offset inside a pattern or condition string.
struct PosError {
  unsigned pos;
  std::string msg;
};

struct SExp {
  bool list = false;
  std::string atom;
  std::vector<SExp> items;
  unsigned pos = 0;
};

struct SReader {
  const std::string& text;
  size_t pos = 0;
  unsigned depth = 0;
  size_t terms = 0;
  // Patterns and expressions nest far less than this; deeper input is refused
  // before the recursion (here and in every later pass over the tree) can overflow the stack.
  static constexpr unsigned kMaxDepth = 256;
  // And they are far smaller than this: the load-time check evaluates every
  // term thousands of times, and the matcher and the e-graph hold them all.
  static constexpr size_t kMaxTerms = 1000;

  SExp read();
  SExp readAll();  // one expression and nothing after it

private:
  void skipSpace();
};

// Parses [+-](decimal | 0x hex) with '_' separators into sign and magnitude;
// false when malformed, throws std::overflow_error past 64 bits.
bool parseNumber(const std::string& atom, bool& negative, uint64_t& magnitude);
bool looksNumeric(const std::string& atom);
// A literal for width `bits`: signed or unsigned values that fit are accepted.
std::optional<uint64_t> literalFor(const std::string& atom, unsigned bits, unsigned pos);

} // namespace eqsat::rules::detail
