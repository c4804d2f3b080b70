/* k_timer_status_sync: {action:u8 lo, value:i32 hi} where hi is the status or a
 * negative errno (sign-extended pack); three actions, three returns, status reset. */
#include "seam_common.h"
struct k_timer { _wait_q_t wait_q; uint32_t period; uint32_t status; int32_t running;
                 uint8_t lock; };
enum { TS_EXPIRED = 0, TS_STOPPED = 1, TS_PEND = 2 };
DECIDE uint64_t timer_status_sync_decide(uint32_t status, int32_t running, int in_isr) {
  if (status != 0)
    return ((uint64_t)status << 32) | TS_EXPIRED;
  if (!running)
    return TS_STOPPED;
  if (in_isr)
    return ((uint64_t)(int64_t)-EAGAIN << 32) | TS_STOPPED;
  return TS_PEND;
}
extern int k_is_in_isr(void);
int z_impl_k_timer_status_sync(struct k_timer *tm) {
  int isr = k_is_in_isr();
  uint32_t key = k_spin_lock(&tm->lock);
  uint64_t r = timer_status_sync_decide(tm->status, tm->running, isr);
  int32_t v = (int32_t)((int64_t)r >> 32);
  if ((uint8_t)r == TS_PEND) {
    int ret = z_pend_curr(&tm->lock, key, &tm->wait_q, -1);
    if (ret == 0) {
      ret = (int)tm->status;
      tm->status = 0;
    }
    return ret;
  }
  if ((uint8_t)r == TS_EXPIRED)
    tm->status = 0;
  k_spin_unlock(&tm->lock, key);
  return v;
}
