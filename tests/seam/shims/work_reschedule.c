/* k_work_reschedule: four returns, {action:u8 lo, ret:i32 hi (signed)}; the shim
 * switches on five actions and returns the signed high half. */
#include "seam_common.h"
struct k_work_delayable { _wait_q_t wait_q; uint32_t flags; int32_t delay; uint8_t lock; };
enum { WR_SUBMIT = 0, WR_SCHEDULE = 1, WR_RESCHED = 2, WR_BUSY = 3, WR_INVAL = 4 };
#define F_QUEUED 1u
#define F_DELAYED 2u
#define F_CANCELING 4u
DECIDE uint64_t work_reschedule_decide(uint32_t flags, int32_t delay) {
  if (flags & F_CANCELING)
    return ((uint64_t)(uint32_t)-EBUSY << 32) | WR_BUSY;
  if (delay < 0)
    return ((uint64_t)(uint32_t)-EINVAL << 32) | WR_INVAL;
  if (delay == 0)
    return ((uint64_t)((flags & F_QUEUED) ? 0 : 1) << 32) | WR_SUBMIT;
  return ((uint64_t)1 << 32) | ((flags & F_DELAYED) ? WR_RESCHED : WR_SCHEDULE);
}
int z_impl_k_work_reschedule(struct k_work_delayable *dw, int32_t delay) {
  uint32_t key = k_spin_lock(&dw->lock);
  uint64_t r = work_reschedule_decide(dw->flags, delay);
  int ret = (int)(r >> 32);
  switch ((uint8_t)r) {
  case WR_SUBMIT:
    dw->flags = (dw->flags & ~F_DELAYED) | F_QUEUED;
    z_reschedule(&dw->lock, key);
    return ret;
  case WR_SCHEDULE:
    dw->flags |= F_DELAYED;
    dw->delay = delay;
    break;
  case WR_RESCHED:
    dw->delay = delay;
    break;
  case WR_BUSY:
  case WR_INVAL:
  default:
    k_spin_unlock(&dw->lock, key);
    return ret;
  }
  k_spin_unlock(&dw->lock, key);
  return ret;
}
