// Union-find over 32-bit class ids with path halving. Roots are chosen by the
// caller (EGraph::merge picks the root deterministically).
#pragma once

#include <cstdint>
#include <vector>

namespace eqsat {

class UnionFind {
public:
  uint32_t makeSet() {
    uint32_t id = uint32_t(parent_.size());
    parent_.push_back(id);
    return id;
  }
  uint32_t size() const { return uint32_t(parent_.size()); }
  // No path compression (usable on a const e-graph).
  uint32_t find(uint32_t x) const {
    while (parent_[x] != x) x = parent_[x];
    return x;
  }
  // Path halving.
  uint32_t findMut(uint32_t x) {
    while (parent_[x] != x) {
      uint32_t g = parent_[parent_[x]];
      parent_[x] = g;
      x = g;
    }
    return x;
  }
  bool isRoot(uint32_t x) const { return parent_[x] == x; }
  // Make `child` (a root) point at `root` (a root).
  void link(uint32_t child, uint32_t root) { parent_[child] = root; }
  void reserve(size_t n) { parent_.reserve(n); }
  size_t memoryBytes() const { return parent_.capacity() * sizeof(uint32_t); }

private:
  std::vector<uint32_t> parent_;
};

} // namespace eqsat
