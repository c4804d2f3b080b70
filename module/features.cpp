#include "module/features.h"

namespace eqsat::cli {

const std::vector<FeatureInfo>& allFeatureInfos() {
  static const std::vector<FeatureInfo> infos = {
      {"threads", "atomics", BinaryenFeatureAtomics},
      {"mutable-globals", "mutable-globals", BinaryenFeatureMutableGlobals},
      {"nontrapping-float-to-int", "nontrapping-fptoint", BinaryenFeatureNontrappingFPToInt},
      {"simd", "simd128", BinaryenFeatureSIMD128},
      {"bulk-memory", "bulk-memory", BinaryenFeatureBulkMemory},
      {"sign-ext", "sign-ext", BinaryenFeatureSignExt},
      {"exception-handling", "exception-handling", BinaryenFeatureExceptionHandling},
      {"tail-call", "tail-call", BinaryenFeatureTailCall},
      {"reference-types", "reference-types", BinaryenFeatureReferenceTypes},
      {"multivalue", "multivalue", BinaryenFeatureMultivalue},
      {"gc", "gc", BinaryenFeatureGC},
      {"memory64", "memory64", BinaryenFeatureMemory64},
      {"typed-function-references", "typed-function-references",
       BinaryenFeatureTypedFunctionReferences},
      {"relaxed-simd", "relaxed-simd", BinaryenFeatureRelaxedSIMD},
      {"extended-const", "extended-const", BinaryenFeatureExtendedConst},
  };
  return infos;
}

std::optional<BinaryenFeatures> featureByOption(std::string_view name) {
  for (const auto& fi : allFeatureInfos())
    if (name == fi.option) return fi.bit();
  return std::nullopt;
}

std::optional<BinaryenFeatures> featureByTargetName(std::string_view name) {
  for (const auto& fi : allFeatureInfos())
    if (name == fi.targetFeature) return fi.bit();
  return std::nullopt;
}

std::string featureNames(BinaryenFeatures f) {
  std::string out;
  for (const auto& fi : allFeatureInfos()) {
    if (f & fi.bit()) {
      if (!out.empty()) out += ", ";
      out += fi.option;
    }
  }
  return out.empty() ? "mvp" : out;
}

std::string enableFlags(BinaryenFeatures f) {
  std::string out;
  for (const auto& fi : allFeatureInfos()) {
    if (f & fi.bit()) {
      if (!out.empty()) out += ' ';
      out += "--enable-";
      out += fi.option;
    }
  }
  return out;
}

BinaryenFeatures defaultFeatures() {
  return BinaryenFeatureMVP() | BinaryenFeatureSignExt() | BinaryenFeatureMutableGlobals();
}

BinaryenFeatures resolveFeatures(const FeatureSelection& sel, std::optional<BinaryenFeatures> declared) {
  BinaryenFeatures base = 0;
  switch (sel.base) {
  case FeatureSelection::Base::Mvp: base = BinaryenFeatureMVP(); break;
  case FeatureSelection::Base::All: base = BinaryenFeatureAll(); break;
  case FeatureSelection::Base::Detect:
    base = declared ? *declared : defaultFeatures();
    break;
  }
  return (base | sel.enabled) & ~sel.disabled;
}

} // namespace eqsat::cli
