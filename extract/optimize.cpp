#include "extract/optimize.h"

namespace eqsat {

// Stage plumbing; the bridge (egraph/bridge) and emitter (extract/emit) fill these in.
void optimizeModule(BinaryenModuleRef module, const std::vector<Rewrite>& /*rules*/,
                    const OptimizeOptions& /*opts*/, OptimizeSummary& summary) {
  BinaryenIndex n = BinaryenGetNumFunctions(module);
  for (BinaryenIndex i = 0; i < n; ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(module, i);
    if (BinaryenFunctionImportGetModule(f)) continue;  // imports have no body
    FunctionSummary fs;
    fs.name = BinaryenFunctionGetName(f);
    fs.handled = false;
    fs.leftAloneReason = "identity pipeline";
    summary.functions++;
    summary.leftAlone++;
    summary.perFunction.push_back(std::move(fs));
  }
}

} // namespace eqsat
