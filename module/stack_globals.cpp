// exposedStackGlobals (module/optimize.h): the stack pointers whose dead
// frame slots must keep their stores.
#include "module/optimize.h"

#include "ir/binaryen_ops.h"
#include "ir/expression_kind.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace eqsat {

std::unordered_set<std::string> exposedStackGlobals(BinaryenModuleRef module) {
  // Stack pointers that code other than a function's balanced reserve/restore
  // moves (emscripten's stackAlloc / stackRestore, or an exported global):
  // moving them exposes old frames, so dead frame slots must keep their stores.
  std::unordered_set<std::string> exposed;
  // clang's convention is a mutable i32 global of the module's own, named
  // __stack_pointer or not named at all (Binaryen then calls it global$N).
  // An imported one is shared with code outside the module; one named
  // otherwise follows another convention (AssemblyScript's shadow stack,
  // whose collector scans the frames of other functions).
  for (BinaryenIndex i = 0, n = BinaryenGetNumGlobals(module); i < n; ++i) {
    BinaryenGlobalRef g = BinaryenGetGlobalByIndex(module, i);
    const std::string name = BinaryenGlobalGetName(g);
    const char* importModule = BinaryenGlobalImportGetModule(g);
    const bool unnamed = name.rfind("global$", 0) == 0 && name.size() > 7 &&
                         name.find_first_not_of("0123456789", 7) == std::string::npos;
    if ((importModule && *importModule) || !(name == "__stack_pointer" || unnamed)) exposed.insert(name);
  }
  for (BinaryenIndex i = 0, n = BinaryenGetNumExports(module); i < n; ++i) {
    BinaryenExportRef ex = BinaryenGetExportByIndex(module, i);
    if (BinaryenExportGetKind(ex) == BinaryenExternalGlobal()) exposed.insert(BinaryenExportGetValue(ex));
  }
  for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(module); i < n; ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(module, i);
    const char* importModule = BinaryenFunctionImportGetModule(f);
    if (importModule && *importModule) continue;  // imports have no body
    std::unordered_map<std::string, int> sets;
    bool known = true;
    std::vector<BinaryenExpressionRef> stack{BinaryenFunctionGetBody(f)};  // iterative: any depth
    while (!stack.empty()) {
      BinaryenExpressionRef e = stack.back();
      stack.pop_back();
      if (exprKind(e) == ExprKind::GlobalSet) sets[BinaryenGlobalSetGetName(e)]++;
      if (!forEachChild(e, [&](BinaryenExpressionRef c) { stack.push_back(c); })) known = false;
    }
    for (auto& [g, k] : sets)
      if (k < 2 || !known) exposed.insert(g);  // a lone write moves it for good
  }
  return exposed;
}

} // namespace eqsat
