#include "module/scratch_module.h"

#include <algorithm>
#include <string>

namespace eqsat {

namespace {

bool imported(const char* importModule) { return importModule && *importModule; }

void declareGlobals(BinaryenModuleRef real, BinaryenModuleRef scratch) {
  for (BinaryenIndex i = 0, n = BinaryenGetNumGlobals(real); i < n; ++i) {
    BinaryenGlobalRef g = BinaryenGetGlobalByIndex(real, i);
    const char* name = BinaryenGlobalGetName(g);
    const BinaryenType type = BinaryenGlobalGetType(g);
    const bool isMutable = BinaryenGlobalIsMutable(g);
    if (imported(BinaryenGlobalImportGetModule(g))) {
      BinaryenAddGlobalImport(scratch, name, BinaryenGlobalImportGetModule(g), BinaryenGlobalImportGetBase(g), type,
                              isMutable);
      continue;
    }
    BinaryenAddGlobal(scratch, name, type, isMutable, BinaryenExpressionCopy(BinaryenGlobalGetInitExpr(g), scratch));
  }
}

void declareFunctions(BinaryenModuleRef real, BinaryenModuleRef scratch) {
  for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(real); i < n; ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(real, i);
    const char* name = BinaryenFunctionGetName(f);
    const BinaryenType params = BinaryenFunctionGetParams(f), results = BinaryenFunctionGetResults(f);
    if (imported(BinaryenFunctionImportGetModule(f))) {
      BinaryenAddFunctionImport(scratch, name, BinaryenFunctionImportGetModule(f), BinaryenFunctionImportGetBase(f),
                                params, results);
      continue;
    }
    BinaryenAddFunction(scratch, name, params, results, nullptr, 0, BinaryenUnreachable(scratch));
  }
}

// Binaryen 108's C API tells neither a table's element type nor whether a
// table is imported by another name than its module's: funcref, as the
// emitter's call_indirect only names the table.
void declareTables(BinaryenModuleRef real, BinaryenModuleRef scratch) {
  for (BinaryenIndex i = 0, n = BinaryenGetNumTables(real); i < n; ++i) {
    BinaryenTableRef t = BinaryenGetTableByIndex(real, i);
    const BinaryenIndex max = BinaryenTableHasMax(t) ? BinaryenTableGetMax(t) : BinaryenIndex(-1);
    BinaryenAddTable(scratch, BinaryenTableGetName(t), BinaryenTableGetInitial(t), max, BinaryenTypeFuncref());
  }
}

} // namespace

ScratchModule::ScratchModule(BinaryenModuleRef real)
    : real_(real), renewAfter_(std::clamp<size_t>(2 * size_t(BinaryenGetNumFunctions(real)), kRenewMinInstructions,
                                                  kRenewMaxInstructions)) {
  build();
}

ScratchModule::~ScratchModule() {
  if (scratch_) BinaryenModuleDispose(scratch_);
}

void ScratchModule::build() {
  if (scratch_) BinaryenModuleDispose(scratch_);
  scratch_ = BinaryenModuleCreate();
  BinaryenModuleSetFeatures(scratch_, BinaryenModuleGetFeatures(real_));
  declareGlobals(real_, scratch_);
  declareTables(real_, scratch_);
  declareFunctions(real_, scratch_);
  emitted_ = 0;
}

void ScratchModule::emitted(size_t instructions) {
  emitted_ += instructions;
  if (emitted_ > renewAfter_) build();
}

} // namespace eqsat
