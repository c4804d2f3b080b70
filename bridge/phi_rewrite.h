// Pushing pure operators through phis:
//   op(phi_M(x1..xn))                 = phi_M(op(x1)..op(xn))
//   op(phi_M(x1..xn), k)              = phi_M(op(x1,k)..op(xn,k))        (k a constant)
//   op(phi_M(x1..xn), phi_M(y1..yn))  = phi_M(op(x1,y1)..op(xn,yn))
//   op(select(a, b, c)) = select(op(a), op(b), c)      (and the binary forms above)
// Sound because a phi is the value of the edge taken (a select the value of
// the arm chosen) and the operators are pure and total (division and
// remainder are excluded). This is what lets a packed u64 that flows through
// a block result or a branchless select be narrowed edge by edge.
#pragma once

#include "egraph/rewrite.h"

namespace eqsat {

// Pure, total operators that may be pushed through a phi, select or loop phi
// (integer unary/binary/compare/convert; division and remainder excluded).
bool distributable(Op op);

class PhiDistribute final : public CustomRewrite {
public:
  explicit PhiDistribute(unsigned maxArity = 16) : maxArity_(maxArity) {}
  static constexpr const char* kName = "phi-select-distribute";
  const std::string& name() const override { return name_; }
  size_t run(EGraph& g) override;
private:
  std::string name_ = kName;
  unsigned maxArity_;
};

} // namespace eqsat
