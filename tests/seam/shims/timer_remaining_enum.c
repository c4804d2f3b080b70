/* k_timer_remaining_get as a RUST-LIKE ENUM {discriminant:u32 lo, payload:u32 hi}
 * (Stopped | Expired(status) | Running(ticks) | Err(errno)); the shim matches
 * with switch ((uint32_t)r) on the full 32-bit discriminant, and r is a select
 * between the decide's result and the constant Stopped (timer not armed). */
#include "seam_common.h"
struct k_timer { _wait_q_t wait_q; uint32_t deadline; uint32_t period; uint32_t status;
                 uint32_t armed; uint8_t lock; };
extern void z_add_timeout(struct k_timer *t, uint32_t ticks);
#define EOVERFLOW 75
enum { RM_STOPPED = 0, RM_EXPIRED = 1, RM_RUNNING = 2, RM_ERR = 3 };
DECIDE uint64_t timer_remaining_decide(uint32_t deadline, uint32_t now, uint32_t status,
                                       uint32_t period) {
  if ((int32_t)(deadline - now) > 0)
    return ((uint64_t)(deadline - now) << 32) | RM_RUNNING;
  if (status >= 0xffff)
    return ((uint64_t)(uint32_t)-EOVERFLOW << 32) | RM_ERR;
  if (period == 0)
    return ((uint64_t)(status + 1) << 32) | RM_EXPIRED;
  uint32_t missed = (now - deadline) / period + 1;
  return ((uint64_t)(status + missed) << 32) | RM_EXPIRED;
}
int32_t z_impl_k_timer_remaining_get(struct k_timer *t, uint32_t now) {
  uint32_t key = k_spin_lock(&t->lock);
  uint64_t r = t->armed ? timer_remaining_decide(t->deadline, now, t->status, t->period)
                        : RM_STOPPED;
  int32_t ret;
  switch ((uint32_t)r) {
  case RM_STOPPED:
    ret = 0;
    break;
  case RM_EXPIRED:
    t->status = (uint32_t)(r >> 32);
    if (t->period)
      z_add_timeout(t, t->period);
    else
      t->armed = 0;
    ret = 0;
    break;
  case RM_RUNNING:
    ret = (int32_t)(r >> 32);
    break;
  case RM_ERR:
    t->armed = 0;
    ret = (int32_t)(r >> 32);
    break;
  default:
    ret = -EINVAL;
  }
  k_spin_unlock(&t->lock, key);
  return ret;
}
