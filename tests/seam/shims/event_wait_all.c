/* k_event_wait_all: {action:u8 lo, matched events:u32 hi}; three actions compared
 * with `==`; single exit through `ret`; the high half both returned and stored
 * (events cleared when reset is asked) after the dispatch. */
#include "seam_common.h"
struct k_event_a { _wait_q_t wait_q; uint32_t events; uint32_t wait_mask; uint8_t lock; };
enum { EW_MATCH = 0, EW_NONE = 1, EW_PEND = 2 };
DECIDE uint64_t event_wait_all_decide(uint32_t events, uint32_t want, int32_t timeout) {
  uint32_t m = events & want;
  if (m == want)
    return ((uint64_t)m << 32) | EW_MATCH;
  if (timeout == K_NO_WAIT)
    return EW_NONE;
  return ((uint64_t)want << 32) | EW_PEND;
}
uint32_t z_impl_k_event_wait_all(struct k_event_a *e, uint32_t events, int reset,
                                 int32_t timeout) {
  uint32_t ret;
  uint32_t key = k_spin_lock(&e->lock);
  uint64_t r = event_wait_all_decide(e->events, events, timeout);
  uint32_t act = (uint32_t)r & 0xff;
  if (act == EW_PEND) {
    e->wait_mask |= (uint32_t)(r >> 32);
    ret = z_pend_curr(&e->lock, key, &e->wait_q, timeout) == 0 ? events : 0;
  } else {
    ret = (uint32_t)(r >> 32);
    if (act == EW_MATCH && reset)
      e->events &= ~(uint32_t)(r >> 32);
    k_spin_unlock(&e->lock, key);
  }
  return ret;
}
