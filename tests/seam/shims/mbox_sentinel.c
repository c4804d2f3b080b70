/* k_mbox_match: decide returns (uint64_t)-1 as an ERROR SENTINEL, checked with
 * r == UINT64_MAX; otherwise {action:u8 lo, delta:i32 hi} with the high half
 * SIGN-EXTENDED ((int32_t)(r >> 32)) and mixed with unsigned arithmetic. */
#include "seam_common.h"
struct k_mbox { _wait_q_t tx_q; _wait_q_t rx_q; int32_t credit; uint32_t size; uint32_t errs;
                uint8_t lock; };
enum { MM_COPY = 0, MM_WAIT = 1, MM_SHRINK = 2 };
DECIDE uint64_t mbox_match_decide(uint32_t have, uint32_t want, int32_t credit) {
  if (want > 4096 || (credit < 0 && have == 0))
    return UINT64_MAX;
  if (have >= want)
    return ((uint64_t)(uint32_t)(int32_t)(have - want) << 32) | MM_COPY;
  if (credit > 0)
    return ((uint64_t)(uint32_t)(credit - (int32_t)(want - have)) << 32) | MM_SHRINK;
  return ((uint64_t)(uint32_t)-(int32_t)want << 32) | MM_WAIT;
}
int z_impl_k_mbox_match(struct k_mbox *m, uint32_t want, int32_t timeout) {
  uint32_t key = k_spin_lock(&m->lock);
  uint64_t r = mbox_match_decide(m->size, want, m->credit);
  if (r == UINT64_MAX) {
    m->errs++;
    k_spin_unlock(&m->lock, key);
    return -EINVAL;
  }
  int32_t delta = (int32_t)(r >> 32);
  unsigned act = (unsigned)r & 0xff;
  if (act == MM_WAIT) {
    if (timeout == K_NO_WAIT) {
      k_spin_unlock(&m->lock, key);
      return -ENOMSG;
    }
    return z_pend_curr(&m->lock, key, &m->rx_q, timeout) + delta;
  }
  if (act == MM_SHRINK)
    m->credit = delta < 0 ? 0 : delta;
  else
    m->size = (uint32_t)delta;
  k_spin_unlock(&m->lock, key);
  return delta > 0 ? (int)want : delta;
}
