// A Binaryen module parsed from wasm text, for the unit tests.
#pragma once

#include <binaryen-c.h>

#include <cstdlib>
#include <string>

namespace eqsat::test {

struct Mod {
  // Binaryen's text parser writes into its input: give it a mutable copy.
  explicit Mod(const char* wat) : text(wat), m(BinaryenModuleParse(text.data())) {}
  Mod(const Mod&) = delete;
  Mod& operator=(const Mod&) = delete;
  ~Mod() { BinaryenModuleDispose(m); }
  std::string text;
  BinaryenModuleRef m;
  BinaryenFunctionRef fn(const char* name) const { return BinaryenGetFunction(m, name); }
  BinaryenExpressionRef body(const char* name) const { return BinaryenFunctionGetBody(fn(name)); }
  // The module's text without white space.
  std::string compactText() const {
    char* t = BinaryenModuleAllocateAndWriteText(m);
    std::string s;
    for (const char* c = t; *c; ++c)
      if (*c != ' ' && *c != '\n') s += *c;
    free(t);
    return s;
  }
};

} // namespace eqsat::test
