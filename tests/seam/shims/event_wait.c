/* k_event_wait: decide packs through BLOCK RESULTS (pack assigned in nested
 * if/else, one return); {action:u8 lo, events:u32 hi}; shim masks events with the
 * hi half on MATCH_CLEAR and stores the hi half as the wait mask on PEND. */
#include "seam_common.h"
struct k_event { _wait_q_t wait_q; uint32_t events; uint32_t wait_mask; uint8_t lock; };
#define K_EVENT_WAIT_ALL 1u
#define K_EVENT_WAIT_RESET 2u
enum { EW_MATCH = 0, EW_MATCH_CLEAR = 1, EW_NONE = 2, EW_PEND = 3 };
DECIDE uint64_t event_wait_decide(uint32_t cur, uint32_t desired, uint32_t options,
                                  int32_t timeout) {
  uint32_t match = cur & desired;
  int ok = (options & K_EVENT_WAIT_ALL) ? match == desired : match != 0;
  uint64_t r;
  if (ok)
    r = ((uint64_t)match << 32) | ((options & K_EVENT_WAIT_RESET) ? EW_MATCH_CLEAR : EW_MATCH);
  else if (timeout == K_NO_WAIT)
    r = EW_NONE;
  else
    r = ((uint64_t)desired << 32) | EW_PEND;
  return r;
}
uint32_t z_impl_k_event_wait(struct k_event *e, uint32_t events, uint32_t options,
                             int32_t timeout) {
  uint32_t key = k_spin_lock(&e->lock);
  uint64_t r = event_wait_decide(e->events, events, options, timeout);
  uint32_t act = (uint32_t)r & 0xff;
  if (act <= EW_MATCH_CLEAR) {
    if (act == EW_MATCH_CLEAR)
      e->events &= ~(uint32_t)(r >> 32);
    k_spin_unlock(&e->lock, key);
    return (uint32_t)(r >> 32);
  }
  if (act == EW_NONE) {
    k_spin_unlock(&e->lock, key);
    return 0;
  }
  e->wait_mask = (uint32_t)(r >> 32);
  if (z_pend_curr(&e->lock, key, &e->wait_q, timeout) != 0)
    return 0;
  return *(uint32_t *)z_thread_swap_data(_current_get());
}
