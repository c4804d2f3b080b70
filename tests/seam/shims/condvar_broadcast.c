/* k_condvar_broadcast: decide called in a LOOP over the waiters; {action:u8 lo,
 * woken:u32 hi}, the hi half feeds the next iteration's decide (loop-carried
 * unpack); STOP puts the thread back (limit reached), WAKE_YIELD drops the lock. */
#include "seam_common.h"
struct k_condvar { _wait_q_t wait_q; uint32_t woken_total; uint32_t batch; uint8_t lock; };
extern int32_t z_thread_priority_get(struct k_thread *t);
extern void z_pend_thread_front(_wait_q_t *q, struct k_thread *t);
enum { CB_STOP = 0, CB_WAKE = 1, CB_WAKE_YIELD = 2 };
DECIDE uint64_t condvar_bcast_decide(uint32_t woken, uint32_t batch, uint32_t limit,
                                     int32_t prio) {
  if ((limit != 0 && woken >= limit) || prio < -16)
    return ((uint64_t)woken << 32) | CB_STOP;
  uint32_t nw = woken + 1;
  if (batch != 0 && nw % batch == 0)
    return ((uint64_t)nw << 32) | CB_WAKE_YIELD;
  return ((uint64_t)nw << 32) | CB_WAKE;
}
int z_impl_k_condvar_broadcast(struct k_condvar *cv, uint32_t limit) {
  uint32_t key = k_spin_lock(&cv->lock);
  uint32_t woken = 0;
  struct k_thread *t;
  while ((t = z_unpend_first_thread(&cv->wait_q)) != NULL) {
    uint64_t r = condvar_bcast_decide(woken, cv->batch, limit, z_thread_priority_get(t));
    woken = (uint32_t)(r >> 32);
    if ((r & 0xff) == CB_STOP) {
      z_pend_thread_front(&cv->wait_q, t);
      break;
    }
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
    if ((r & 0xff) == CB_WAKE_YIELD) {
      k_spin_unlock(&cv->lock, key);
      key = k_spin_lock(&cv->lock);
    }
  }
  cv->woken_total += woken;
  z_reschedule(&cv->lock, key);
  return (int)woken;
}
