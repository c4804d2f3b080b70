/* k_timer_start: the pack flows through a SELECT/phi of two different decides,
 * r = period ? timer_periodic_decide(..) : timer_oneshot_decide(..);
 * {action:u8 @0, first_ticks:u32 @32}; the shim switches on the action. */
#include "seam_common.h"
struct k_timer { _wait_q_t wait_q; uint32_t period; uint32_t status; uint32_t remaining;
                 void (*expiry_fn)(struct k_timer *); uint8_t lock; };
extern void z_abort_timeout(struct k_timer *t);
extern void z_add_timeout(struct k_timer *t, uint32_t ticks);
enum { TM_ARM = 0, TM_EXPIRE_NOW = 1, TM_STOP = 2 };
DECIDE uint64_t timer_oneshot_decide(int32_t duration) {
  if (duration < 0)
    return TM_STOP;
  if (duration == 0)
    return TM_EXPIRE_NOW;
  return ((uint64_t)(uint32_t)duration << 32) | TM_ARM;
}
DECIDE uint64_t timer_periodic_decide(int32_t duration, uint32_t period, uint32_t status) {
  uint32_t first = duration <= 0 ? period : (uint32_t)duration;
  return ((uint64_t)(first + (status & 1)) << 32) | (duration == 0 ? TM_EXPIRE_NOW : TM_ARM);
}
void z_impl_k_timer_start(struct k_timer *t, int32_t duration, uint32_t period) {
  uint32_t key = k_spin_lock(&t->lock);
  z_abort_timeout(t);
  uint64_t r = period ? timer_periodic_decide(duration, period, t->status)
                      : timer_oneshot_decide(duration);
  t->period = period;
  t->status = 0;
  t->remaining = (uint32_t)(r >> 32);
  switch ((uint32_t)r & 0xff) {
  case TM_ARM:
    z_add_timeout(t, (uint32_t)(r >> 32));
    break;
  case TM_EXPIRE_NOW:
    if (t->expiry_fn)
      t->expiry_fn(t);
    if (period)
      z_add_timeout(t, period);
    break;
  default:
    break;
  }
  k_spin_unlock(&t->lock, key);
}
