// Checks on a printed function, line by line, like LLVM FileCheck's CHECK /
// CHECK-NEXT / CHECK-NOT in Binaryen's lit tests or Cranelift's `; check:`,
// `; nextln:` and `; not:`. Binaryen prints one expression per line, nested
// ones indented, so a check names one expression (its opening, or a whole
// leaf such as `(local.get $x)`) and `next:` ties it to the line before:
//
//   CHECK(checkLines(printedFunction(mod, "f"), {
//       "(local.set $x",
//       "next: (i32.eqz",
//       "next: (local.get $c)",
//       "not: (if",
//   }) == "");
//
// checkLines returns "" when every check holds, else the first that failed
// and the text (doctest prints it).
#pragma once

#include "wat_module.h"

#include <binaryen-c.h>

#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace eqsat::test {

// Function `name` of the module as Binaryen prints it.
inline std::string printedFunction(const Mod& mod, const char* name) {
  char* t = BinaryenModuleAllocateAndWriteText(mod.m);
  std::string s(t);
  free(t);
  size_t at = s.find(std::string("\n (func $") + name + " ");
  if (at == std::string::npos) return "";
  size_t end = s.find("\n (", at + 1);  // the next item of the module
  return s.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
}

inline std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Each check, in order, is a substring of a line after the lines the
// previous checks matched; `next: X` must be on the line right after the one
// the check before it matched (a check and the `next:` checks after it match
// together, at the first place where all of them do); `not: X` is on no line
// between the previous match and the next one (or the end).
inline std::string checkLines(const std::string& text, std::initializer_list<std::string_view> checks) {
  std::vector<std::string_view> lines;
  for (size_t at = 0; at <= text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    lines.push_back(trimmed(std::string_view(text).substr(at, end - at)));
    at = end + 1;
  }
  auto failed = [&](const char* what, std::string_view check) {
    return std::string(what) + " `" + std::string(check) + "` in:\n" + text;
  };
  auto has = [](std::string_view line, std::string_view what) { return line.find(what) != std::string_view::npos; };
  auto isNext = [](std::string_view c) { return c.substr(0, 5) == "next:"; };
  auto isNot = [](std::string_view c) { return c.substr(0, 4) == "not:"; };
  const std::vector<std::string_view> all(checks);
  size_t from = 0;  // the first line the next check may match
  std::vector<std::string_view> nots;
  auto checkNots = [&](size_t until) -> std::string {
    for (std::string_view n : nots)
      for (size_t i = from; i < until; ++i)
        if (has(lines[i], n)) return failed("found", n);
    nots.clear();
    return "";
  };
  for (size_t c = 0; c < all.size();) {
    if (isNot(all[c])) {
      nots.push_back(trimmed(all[c].substr(4)));
      ++c;
      continue;
    }
    // all[c] and the next: checks right after it, matched on consecutive lines.
    size_t group = c + 1;
    while (group < all.size() && isNext(all[group])) ++group;
    auto matchesAt = [&](size_t line) {
      for (size_t k = c; k < group; ++k) {
        std::string_view what = trimmed(isNext(all[k]) ? all[k].substr(5) : all[k]);
        if (line + (k - c) >= lines.size() || !has(lines[line + (k - c)], what)) return false;
      }
      return true;
    };
    const bool anchored = isNext(all[c]);  // right after the previous match
    size_t found = lines.size();
    for (size_t i = from; i < lines.size() && found == lines.size(); ++i) {
      if (matchesAt(i)) found = i;
      if (anchored) break;
    }
    if (found == lines.size()) return failed("no match from", all[c]);
    if (std::string why = checkNots(found); !why.empty()) return why;
    from = found + (group - c);
    c = group;
  }
  return checkNots(lines.size());
}

} // namespace eqsat::test
