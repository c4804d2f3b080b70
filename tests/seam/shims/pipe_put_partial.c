/* k_pipe_put accepting a partial write: {action:u8 lo, n:u32 hi}; four actions
 * tested with if-chains, the count written through *written and returned. */
#include "seam_common.h"
struct k_pipe { _wait_q_t readers; uint8_t *buf; uint32_t size; uint32_t bytes_used;
                uint32_t write_idx; uint8_t lock; };
enum { PP_NONE = 0, PP_FULL = 1, PP_PARTIAL = 2, PP_WAKE = 3 };
DECIDE uint64_t pipe_put_partial_decide(uint32_t used, uint32_t size, uint32_t len,
                                        uint32_t min_xfer, int has_reader) {
  uint32_t space = size - used;
  uint32_t n = len < space ? len : space;
  if (n == 0)
    return PP_NONE;
  if (n < min_xfer)
    return ((uint64_t)n << 32) | PP_FULL;
  if (has_reader)
    return ((uint64_t)n << 32) | PP_WAKE;
  return ((uint64_t)n << 32) | (n < len ? PP_PARTIAL : PP_WAKE);
}
int z_impl_k_pipe_put_partial(struct k_pipe *p, const void *data, uint32_t len,
                              uint32_t *written, uint32_t min_xfer) {
  uint32_t key = k_spin_lock(&p->lock);
  struct k_thread *t = z_unpend_first_thread(&p->readers);
  uint64_t r = pipe_put_partial_decide(p->bytes_used, p->size, len, min_xfer, t != NULL);
  uint32_t act = (uint32_t)(r & 0xff);
  uint32_t n = (uint32_t)(r >> 32);
  if (act == PP_NONE) {
    *written = 0;
    k_spin_unlock(&p->lock, key);
    return -EAGAIN;
  }
  if (act == PP_FULL) {
    *written = 0;
    k_spin_unlock(&p->lock, key);
    return -(int)n;
  }
  memcpy_to(p->buf + p->write_idx, data, n);
  p->write_idx = (p->write_idx + n) % p->size;
  p->bytes_used += n;
  *written = n;
  if (act == PP_WAKE && t != NULL) {
    arch_thread_return_value_set(t, (int)n);
    z_ready_thread(t);
    z_reschedule(&p->lock, key);
    return (int)n;
  }
  k_spin_unlock(&p->lock, key);
  return (int)n;
}
