/* k_timer_stop, MEMORY SEAM (sret): decide returns {u8 action @0, u8 pad,
 * u16 pad, u32 status @4, i32 ret @8} through a hidden result pointer;
 * three actions, the shim stores status and branches with if/else. */
#include "seam_common.h"
struct k_timer { _wait_q_t wait_q; uint32_t status; uint32_t period; int32_t remaining;
                 uint8_t lock; };
enum { TS_IDLE = 0, TS_STOP = 1, TS_STOP_WAKE = 2 };
struct ts_result { uint8_t action; uint32_t status; int32_t ret; };
DECIDE struct ts_result timer_stop_decide(int32_t remaining, uint32_t status, int has_waiter) {
  struct ts_result r;
  r.status = status;
  r.ret = 0;
  if (remaining <= 0) { r.action = TS_IDLE; r.ret = -EINVAL; }
  else if (has_waiter) { r.action = TS_STOP_WAKE; r.status = 0; }
  else { r.action = TS_STOP; r.status = 0; }
  return r;
}
int z_impl_k_timer_stop_sret(struct k_timer *tm) {
  uint32_t key = k_spin_lock(&tm->lock);
  struct k_thread *t = z_unpend_first_thread(&tm->wait_q);
  struct ts_result r = timer_stop_decide(tm->remaining, tm->status, t != NULL);
  tm->status = r.status;
  if (r.action == TS_IDLE) {
    k_spin_unlock(&tm->lock, key);
    return r.ret;
  } else if (r.action == TS_STOP_WAKE) {
    tm->remaining = 0;
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
    z_reschedule(&tm->lock, key);
    return r.ret;
  }
  tm->remaining = 0;
  k_spin_unlock(&tm->lock, key);
  return r.ret;
}
