// Pushing pure operators through loop-carried values:
//   op(loopphi_L(e, b1..bn)) = loopphi'_L(op(e), op(b1)..op(bn))
// where e is the value on entry and b_i the value on back edge i. It holds by
// induction over the iterations, since the new loop-carried value is written
// on every edge with op of what the original one is written with. A
// loop-carried u64 that packs two fields thus becomes one i32 loop-carried
// value per field. Only 64-bit loop-carried values are split. Likewise a loop-carried value that every back edge leaves
// unchanged is its entry value.
#pragma once

#include "bridge/bridge.h"
#include "egraph/rewrite.h"

#include <set>
#include <tuple>

namespace eqsat {

class LoopPhiDistribute final : public CustomRewrite {
public:
  explicit LoopPhiDistribute(FunctionGraph& fg, unsigned maxDerivedPerLoop = 16)
      : fg_(fg), maxDerived_(maxDerivedPerLoop) {}
  static constexpr const char* kName = "loopphi-distribute";
  const std::string& name() const override { return name_; }
  size_t run(EGraph& g) override;
private:
  std::string name_ = kName;
  FunctionGraph& fg_;
  unsigned maxDerived_;
  // (merge, carried index, op, imm, constant operand class, operand position)
  std::set<std::tuple<uint32_t, size_t, Op, uint64_t, ClassId, int>> done_;
  std::vector<unsigned> derived_;
  uint32_t nextSlot_ = 0x80000000u;
};

} // namespace eqsat
