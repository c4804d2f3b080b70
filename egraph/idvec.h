// A compact vector of 32-bit ids: 16 bytes, up to two elements stored inline
// (most e-classes hold one node and few parents), heap storage beyond.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <span>

namespace eqsat {

class IdVec {
public:
  IdVec() { u_.ptr = nullptr; }
  ~IdVec() { release(); }
  IdVec(const IdVec&) = delete;
  IdVec& operator=(const IdVec&) = delete;
  IdVec(IdVec&& o) noexcept : n_(o.n_), cap_(o.cap_) {
    u_ = o.u_;
    o.n_ = 0;
    o.cap_ = kInline;
    o.u_.ptr = nullptr;
  }
  IdVec& operator=(IdVec&& o) noexcept {
    if (this != &o) {
      release();
      n_ = o.n_;
      cap_ = o.cap_;
      u_ = o.u_;
      o.n_ = 0;
      o.cap_ = kInline;
      o.u_.ptr = nullptr;
    }
    return *this;
  }

  uint32_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  uint32_t* data() { return cap_ <= kInline ? u_.inl : u_.ptr; }
  const uint32_t* data() const { return cap_ <= kInline ? u_.inl : u_.ptr; }
  uint32_t* begin() { return data(); }
  uint32_t* end() { return data() + n_; }
  const uint32_t* begin() const { return data(); }
  const uint32_t* end() const { return data() + n_; }
  uint32_t operator[](size_t i) const { return data()[i]; }
  uint32_t& operator[](size_t i) { return data()[i]; }
  uint32_t front() const { return data()[0]; }
  operator std::span<const uint32_t>() const { return {data(), n_}; }
  size_t capacityBytes() const { return cap_ > kInline ? size_t(cap_) * 4 : 0; }

  void push_back(uint32_t v) {
    if (n_ == cap_) grow(n_ + 1);
    data()[n_++] = v;
  }
  void append(const uint32_t* p, uint32_t k) {
    if (!k) return;
    if (n_ + k > cap_) grow(n_ + k);
    std::memcpy(data() + n_, p, size_t(k) * 4);
    n_ += k;
  }
  void append(const IdVec& o) { append(o.data(), o.n_); }
  void resize(uint32_t k) {  // shrink only
    if (k < n_) n_ = k;
  }
  void clearAndFree() {
    release();
    n_ = 0;
    cap_ = kInline;
    u_.ptr = nullptr;
  }

private:
  static constexpr uint32_t kInline = 2;
  union U {
    uint32_t* ptr;
    uint32_t inl[2];
  } u_;
  uint32_t n_ = 0, cap_ = kInline;

  void release() {
    if (cap_ > kInline) std::free(u_.ptr);
  }
  void grow(uint32_t need) {
    uint32_t nc = std::max<uint32_t>(need, cap_ * 2);
    if (nc < 4) nc = 4;
    uint32_t* p = static_cast<uint32_t*>(std::malloc(size_t(nc) * 4));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, data(), size_t(n_) * 4);
    release();
    u_.ptr = p;
    cap_ = nc;
  }
};
static_assert(sizeof(IdVec) == 16);

} // namespace eqsat
