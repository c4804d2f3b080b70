/* k_event_clear: four returns, {action:u8 lo, events:u32 hi}; four actions in an
 * if/else chain; the shim stores the hi half only on some paths, returns it on others. */
#include "seam_common.h"
struct k_event { _wait_q_t wait_q; uint32_t events; uint32_t wait_mask; uint8_t lock; };
enum { EC_NOP = 0, EC_CLEAR = 1, EC_WAKE = 2, EC_ALL = 3 };
DECIDE uint64_t event_clear_decide(uint32_t cur, uint32_t clr, uint32_t wait_mask) {
  uint32_t ev = cur & ~clr;
  if (ev == cur)
    return ((uint64_t)cur << 32) | EC_NOP;
  if (ev == 0)
    return EC_ALL;
  if ((ev & wait_mask) == wait_mask && wait_mask != 0)
    return ((uint64_t)ev << 32) | EC_WAKE;
  return ((uint64_t)ev << 32) | EC_CLEAR;
}
uint32_t z_impl_k_event_clear(struct k_event *e, uint32_t events) {
  uint32_t key = k_spin_lock(&e->lock);
  uint32_t prev = e->events;
  uint64_t r = event_clear_decide(prev, events, e->wait_mask);
  uint64_t act = r & 0xff;
  if (act == EC_NOP) {
    k_spin_unlock(&e->lock, key);
    return (uint32_t)(r >> 32);
  } else if (act == EC_ALL) {
    e->events = 0;
    e->wait_mask = 0;
  } else if (act == EC_WAKE) {
    e->events = (uint32_t)(r >> 32);
    struct k_thread *t = z_unpend_first_thread(&e->wait_q);
    arch_thread_return_value_set(t, (int)(r >> 32));
    z_ready_thread(t);
    z_reschedule(&e->lock, key);
    return prev;
  } else {
    e->events = (uint32_t)(r >> 32);
  }
  k_spin_unlock(&e->lock, key);
  return prev;
}
