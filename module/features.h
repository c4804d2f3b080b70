// WebAssembly feature names: wasm-opt's --enable-* spelling, the names LLVM
// writes into the target_features section, and Binaryen's feature bits.
#pragma once

#include <binaryen-c.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eqsat::cli {

struct FeatureInfo {
  const char* option;          // wasm-opt spelling: "sign-ext" in --enable-sign-ext
  const char* targetFeature;   // name in the target_features section ("simd128", ...)
  BinaryenFeatures (*bit)();   // Binaryen's bit
};

// Every feature Binaryen 108 knows, in wasm-opt's --help order.
const std::vector<FeatureInfo>& allFeatureInfos();

// By option spelling ("sign-ext") or by target_features name ("simd128").
std::optional<BinaryenFeatures> featureByOption(std::string_view name);
std::optional<BinaryenFeatures> featureByTargetName(std::string_view name);

// "sign-ext, bulk-memory" (option spellings) for the bits set in `f`, MVP = "mvp".
std::string featureNames(BinaryenFeatures f);
// "--enable-sign-ext --enable-bulk-memory"
std::string enableFlags(BinaryenFeatures f);

// Features assumed for a module without a target_features section when no
// feature flag is given: MVP + sign-ext + mutable-globals (what clang emits by default).
BinaryenFeatures defaultFeatures();

// The feature part of the command line.
struct FeatureSelection {
  enum class Base { Detect, Mvp, All };
  Base base = Base::Detect;
  BinaryenFeatures enabled = 0;
  BinaryenFeatures disabled = 0;
};

// base (MVP / all / what the module's target_features section declares, or
// defaultFeatures() for a module without one: `declared` nullopt) plus
// --enable-* minus --disable-*.
BinaryenFeatures resolveFeatures(const FeatureSelection& sel, std::optional<BinaryenFeatures> declared);

} // namespace eqsat::cli
