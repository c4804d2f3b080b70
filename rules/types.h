// Type inference of rules (private to rules/): type variables unified over the
// terms of a rule while it is compiled; typingsOf and typingLabel (rules/ast.h)
// enumerate the typings of a polymorphic rule.
#pragma once

#include "egraph/ops.h"

#include <optional>
#include <string>
#include <vector>

namespace eqsat::rules::detail {

// Union-find over type variables; a class is bound to a type or still free.
struct TypeUnifier {
  std::vector<int> parent;
  std::vector<std::optional<Ty>> type;  // of each class representative

  int fresh(std::optional<Ty> bound = std::nullopt);
  int find(int var);
  std::optional<Ty> get(int var);
  // Merges two classes; false when they are bound to different types.
  bool unify(int a, int b);
};

// The type's name, or "any type" for a free type variable.
std::string typeText(std::optional<Ty> type);

} // namespace eqsat::rules::detail
