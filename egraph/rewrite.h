// Rewrites: lhs pattern => rhs pattern, with an optional condition and
// computed constants, plus custom rewrites implemented in C++ (phi distribution).
#pragma once

#include "egraph/pattern.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace eqsat {

using Condition = std::function<bool(const EGraph&, const Subst&)>;
// Returns the constant bits for a Computed rhs node, or nullopt to skip this match.
using ComputeFn = std::function<std::optional<uint64_t>(const EGraph&, const Subst&)>;
// For a match the condition rejects: which part of it is false, with the
// values it saw ("condition 1 `(is_pow2 ?c)` is false: ?c = 6").
using ConditionWhy = std::function<std::string(const EGraph&, const Subst&)>;

struct Rewrite {
  std::string name;
  Pattern lhs;
  Pattern rhs;
  Condition condition;            // empty = always
  ConditionWhy whyRejected;       // empty = no description (rules built in code)
  std::vector<ComputeFn> computed;
};

// A rewrite implemented in code. `run` searches and applies in one step
// (called once per iteration, in the apply phase) and returns how many
// merges/additions changed the e-graph.
class CustomRewrite {
public:
  virtual ~CustomRewrite() = default;
  virtual const std::string& name() const = 0;
  virtual size_t run(EGraph& g) = 0;
};

// Instantiate a pattern (rhs) under a substitution. Returns kNoClass if a computed
// constant declines.
ClassId instantiate(EGraph& g, const Rewrite& rw, const Pattern& p, const Subst& s);

} // namespace eqsat
