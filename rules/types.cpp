// Type inference of rules: the unifier of type variables used while a rule is
// compiled, and the enumeration of the typings of a polymorphic rule.
#include "rules/types.h"

#include "rules/ast.h"

#include <set>

namespace eqsat::rules::detail {

int TypeUnifier::fresh(std::optional<Ty> bound) {
  parent.push_back(int(parent.size()));
  type.push_back(bound);
  return int(parent.size() - 1);
}

int TypeUnifier::find(int var) {
  while (parent[var] != var) var = parent[var] = parent[parent[var]];
  return var;
}

std::optional<Ty> TypeUnifier::get(int var) { return type[find(var)]; }

bool TypeUnifier::unify(int a, int b) {
  a = find(a);
  b = find(b);
  if (a == b) return true;
  if (type[a] && type[b] && *type[a] != *type[b]) return false;
  if (!type[a]) type[a] = type[b];
  parent[b] = a;
  return true;
}

std::string typeText(std::optional<Ty> type) { return type ? tyName(*type) : "any type"; }

std::vector<Typing> typingsOf(const RuleAst& r) {
  std::vector<int> polymorphic;
  std::set<int> used;
  for (auto& t : r.lhs) used.insert(t.tv);
  for (auto& t : r.rhs) used.insert(t.tv);
  for (auto& v : r.vars) used.insert(v.tv);
  for (int tv : used)
    if (!r.tvs[tv]) polymorphic.push_back(tv);
  std::vector<Typing> out;
  Typing base(r.tvs.size(), Ty::none);
  for (size_t i = 0; i < r.tvs.size(); ++i)
    if (r.tvs[i]) base[i] = *r.tvs[i];
  size_t count = size_t(1) << polymorphic.size();
  for (size_t choice = 0; choice < count; ++choice) {
    Typing t = base;
    for (size_t k = 0; k < polymorphic.size(); ++k) t[polymorphic[k]] = (choice >> k) & 1 ? Ty::i64 : Ty::i32;
    out.push_back(t);
  }
  return out;
}

std::string typingLabel(const RuleAst& r, const Typing& t) {
  std::string s;
  for (auto& v : r.vars) {
    if (!s.empty()) s += ' ';
    s += "?" + v.name + ":" + tyName(t[v.tv]);
  }
  return s;
}

} // namespace eqsat::rules::detail
