/* k_pipe_xfer: decide computes MIN/MAX of two counts: n = min(want, avail),
 * high-water mark = max(hwm, used + n); pack {action:u8 @0, n:u16 @8, hwm:u32 @32};
 * the shim copies n bytes, stores the hwm, and returns n. */
#include "seam_common.h"
struct k_pipe_x { _wait_q_t wait_q; uint8_t *buf; uint32_t size; uint32_t used; uint32_t hwm;
                  uint8_t lock; };
enum { PX_COPY = 0, PX_EMPTY = 1, PX_FULL = 2 };
static inline uint32_t umin(uint32_t a, uint32_t b) { return a < b ? a : b; }
static inline uint32_t umax(uint32_t a, uint32_t b) { return a > b ? a : b; }
DECIDE uint64_t pipe_xfer_decide(uint32_t want, uint32_t size, uint32_t used, uint32_t hwm) {
  uint32_t avail = size - used;
  uint32_t n = umin(umin(want, avail), 0xffff);
  uint32_t nh = umax(hwm, used + n);
  uint32_t act = want == 0 ? PX_EMPTY : (n == 0 ? PX_FULL : PX_COPY);
  return ((uint64_t)nh << 32) | ((uint64_t)n << 8) | act;
}
int z_impl_k_pipe_xfer(struct k_pipe_x *p, const void *data, uint32_t want) {
  uint32_t key = k_spin_lock(&p->lock);
  uint64_t r = pipe_xfer_decide(want, p->size, p->used, p->hwm);
  uint32_t n = (uint32_t)(r >> 8) & 0xffff;
  switch ((uint8_t)r) {
  case PX_COPY:
    memcpy_to(p->buf + p->used, data, n);
    p->used += n;
    p->hwm = (uint32_t)(r >> 32);
    k_spin_unlock(&p->lock, key);
    return (int)n;
  case PX_EMPTY:
    k_spin_unlock(&p->lock, key);
    return 0;
  default:
    return z_pend_curr(&p->lock, key, &p->wait_q, K_NO_WAIT) ? -EAGAIN : 0;
  }
}
