#include "module/faithful.h"

namespace eqsat::wasm {
namespace {

bool imported(const char* module) { return module && *module; }

template <typename Ref, typename GetName, typename GetImport>
std::vector<std::string> ordered(BinaryenIndex n, Ref (*byIndex)(BinaryenModuleRef, BinaryenIndex),
                                 BinaryenModuleRef m, GetName name, GetImport importModule) {
  std::vector<std::string> imports, defined;
  for (BinaryenIndex i = 0; i < n; ++i) {
    Ref r = byIndex(m, i);
    (imported(importModule(r)) ? imports : defined).push_back(name(r));
  }
  imports.insert(imports.end(), defined.begin(), defined.end());
  return imports;
}

} // namespace

IndexNames indexNames(BinaryenModuleRef m) {
  IndexNames n;
  n.functions = ordered(BinaryenGetNumFunctions(m), BinaryenGetFunctionByIndex, m, BinaryenFunctionGetName,
                        BinaryenFunctionImportGetModule);
  n.globals = ordered(BinaryenGetNumGlobals(m), BinaryenGetGlobalByIndex, m, BinaryenGlobalGetName,
                      BinaryenGlobalImportGetModule);
  n.tables = ordered(BinaryenGetNumTables(m), BinaryenGetTableByIndex, m, BinaryenTableGetName,
                     BinaryenTableImportGetModule);
  return n;
}

InputImage makeInputImage(std::vector<uint8_t> bytes, std::optional<BinaryModule> ours,
                          const std::string& whyUnreadable, BinaryenModuleRef module) {
  InputImage img;
  img.bytes = std::move(bytes);
  if (ours) img.module = std::move(*ours);
  else img.unspliceable = "our reader cannot read it (" + whyUnreadable + ")";
  img.names = indexNames(module);
  if (!img.unspliceable && img.names.functions.size() != img.module.functions.total())
    img.unspliceable = "Binaryen's reading of it has " + std::to_string(img.names.functions.size()) +
                       " functions where the binary has " + std::to_string(img.module.functions.total());
  return img;
}

FaithfulOutput writeFaithful(const InputImage& input, BinaryenModuleRef optimized, const std::set<std::string>& changed,
                             std::vector<char> (*writeBinary)(BinaryenModuleRef)) {
  FaithfulOutput out;
  out.bytes = input.bytes;
  std::set<uint32_t> changedDefined;
  IndexNames writtenNames = indexNames(optimized);
  std::set<std::string> present(writtenNames.functions.begin(), writtenNames.functions.end()), gone;
  for (uint32_t i = input.module.functions.imported; i < input.names.functions.size(); ++i)
    if (!present.count(input.names.functions[i])) gone.insert(input.names.functions[i]);
  if (input.unspliceable) {
    for (const std::string& f : changed) out.keptOriginal[f] = *input.unspliceable;
  } else if (!changed.empty() || !gone.empty()) {
    std::vector<char> written = writeBinary(optimized);
    SpliceRequest rq;
    rq.input = input.bytes;
    rq.inputModule = &input.module;
    rq.inputNames = input.names;
    rq.written = Bytes(reinterpret_cast<const uint8_t*>(written.data()), written.size());
    rq.writtenNames = std::move(writtenNames);
    rq.changed = changed;
    rq.emptied = std::move(gone);
    try {
      SpliceResult r = splice(rq);
      out.bytes = std::move(r.bytes);
      out.keptOriginal = std::move(r.notSpliced);
      out.droppedDebugInfo = r.droppedDebugInfo;
      out.emptied = std::move(r.emptied);
      changedDefined = std::move(r.changedDefined);
      for (const std::string& f : changed)
        if (!out.keptOriginal.count(f)) out.replaced.insert(f);
    } catch (const BinaryError& e) {
      for (const std::string& f : changed)
        out.keptOriginal[f] = std::string("Binaryen's output cannot be matched with the input: ") + e.what();
    }
  }
  out.structuralDifference = firstStructuralDifference(input.bytes, out.bytes, changedDefined, out.droppedDebugInfo);
  return out;
}

} // namespace eqsat::wasm
