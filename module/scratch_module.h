// A module of declarations only, in which one worker thread emits candidate
// bodies and runs the post-emission pipeline on them (module/optimize.cpp).
//
// Adding and removing functions (the temporary candidate function, the fold
// stage's mergeTails) is not thread-safe on a shared Binaryen module, and
// every candidate ever emitted would stay in that module's arena. A scratch
// module per worker has neither problem: it holds what the emitter and the
// passes read of a module (features, globals with their mutability and
// initial values, tables, every function's name and signature, imports with
// their module and base names), function bodies are `unreachable` stubs,
// and it is thrown away and rebuilt once enough was emitted into it, which
// returns the memory. The chosen body is copied into the real module.
//
// Nothing of the scratch module shows in the output: the emitter and the
// passes read signatures, global types and features, the same in both
// modules, so a body emitted and tidied here is the one emitted in the real
// module (checked by scripts/output-hashes.sh).
#pragma once

#include <binaryen-c.h>

#include <cstddef>

namespace eqsat {

class ScratchModule {
public:
  explicit ScratchModule(BinaryenModuleRef real);
  ~ScratchModule();
  ScratchModule(const ScratchModule&) = delete;
  ScratchModule& operator=(const ScratchModule&) = delete;

  BinaryenModuleRef module() const { return scratch_; }

  // Counts what was emitted for one function (its instruction count stands
  // for the candidates' size); past renewAfter() the scratch module is
  // rebuilt, so that its arena does not grow with the whole module.
  void emitted(size_t instructions);

  // Instructions emitted into one scratch module before it is rebuilt: two
  // per function of the module, at least kRenewMinInstructions and at most
  // kRenewMaxInstructions. A rebuild declares every function again, so the
  // bound grows with the functions to keep rebuilds a small share of the
  // emission work; below it, a smaller arena.
  size_t renewAfter() const { return renewAfter_; }
  static constexpr size_t kRenewMinInstructions = 500;
  static constexpr size_t kRenewMaxInstructions = 5000;

private:
  void build();

  BinaryenModuleRef real_;
  BinaryenModuleRef scratch_ = nullptr;
  size_t emitted_ = 0;
  size_t renewAfter_;
};

} // namespace eqsat
