// The s-expression reader of rule patterns and expressions, and the number
// syntax of their literals (rules/sexpr_reader.h).
#include "rules/sexpr_reader.h"

#include <cctype>
#include <stdexcept>

namespace eqsat::rules::detail {

void SReader::skipSpace() {
  while (pos < text.size() && isspace(static_cast<unsigned char>(text[pos]))) ++pos;
}

SExp SReader::read() {
  skipSpace();
  if (pos >= text.size()) throw PosError{unsigned(pos), "unexpected end of text"};
  SExp e;
  e.pos = unsigned(pos);
  if (++terms > kMaxTerms)
    throw PosError{e.pos, "more than " + std::to_string(kMaxTerms) +
                              " terms (operators, variables and constants) in one expression"};
  if (text[pos] == '(') {
    if (++depth > kMaxDepth)
      throw PosError{e.pos, "nested deeper than " + std::to_string(kMaxDepth) + " levels"};
    e.list = true;
    ++pos;
    for (;;) {
      skipSpace();
      if (pos >= text.size())
        throw PosError{e.pos, "unbalanced parenthesis: this `(` is never closed"};
      if (text[pos] == ')') {
        ++pos;
        break;
      }
      e.items.push_back(read());
    }
    if (e.items.empty()) throw PosError{e.pos, "empty list `()`"};
    --depth;
    return e;
  }
  if (text[pos] == ')') throw PosError{unsigned(pos), "unexpected `)`"};
  size_t begin = pos;
  while (pos < text.size() && !isspace(static_cast<unsigned char>(text[pos])) && text[pos] != '(' && text[pos] != ')')
    ++pos;
  e.atom = text.substr(begin, pos - begin);
  return e;
}

SExp SReader::readAll() {
  SExp e = read();
  skipSpace();
  if (pos < text.size()) throw PosError{unsigned(pos), "unexpected text after the end of the expression"};
  return e;
}

bool parseNumber(const std::string& atom, bool& negative, uint64_t& magnitude) {
  size_t i = 0;
  negative = false;
  if (i < atom.size() && (atom[i] == '-' || atom[i] == '+')) {
    negative = atom[i] == '-';
    ++i;
  }
  if (i >= atom.size()) return false;
  unsigned base = 10;
  if (atom.size() - i > 2 && atom[i] == '0' && (atom[i + 1] == 'x' || atom[i + 1] == 'X')) {
    base = 16;
    i += 2;
  }
  magnitude = 0;
  bool anyDigit = false;
  for (; i < atom.size(); ++i) {
    char c = atom[i];
    if (c == '_' && anyDigit) continue;
    unsigned digit;
    if (c >= '0' && c <= '9') digit = unsigned(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f') digit = unsigned(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F') digit = unsigned(c - 'A' + 10);
    else return false;
    if (magnitude > (~uint64_t(0) - digit) / base) throw std::overflow_error("overflow");
    magnitude = magnitude * base + digit;
    anyDigit = true;
  }
  return anyDigit;
}

bool looksNumeric(const std::string& atom) {
  size_t i = (atom.size() && (atom[0] == '-' || atom[0] == '+')) ? 1 : 0;
  return i < atom.size() && isdigit(static_cast<unsigned char>(atom[i]));
}

std::optional<uint64_t> literalFor(const std::string& atom, unsigned bits, unsigned pos) {
  bool negative;
  uint64_t magnitude;
  try {
    if (!parseNumber(atom, negative, magnitude)) throw PosError{pos, "malformed number `" + atom + "`"};
  } catch (const std::overflow_error&) {
    throw PosError{pos, "number `" + atom + "` does not fit in 64 bits"};
  }
  if (bits == 32) {
    if (negative ? magnitude > 0x80000000ull : magnitude > 0xffffffffull) return std::nullopt;
  } else if (negative && magnitude > 0x8000000000000000ull) {
    return std::nullopt;
  }
  uint64_t value = negative ? uint64_t(0) - magnitude : magnitude;
  return bits == 32 ? (value & 0xffffffffu) : value;
}

} // namespace eqsat::rules::detail
