/* k_sched_unlock: nesting counter as a SIGNED BYTE @24 unpacked with
 * (int8_t)(r >> 24), {action:2 bits @0, resched:bool @7, nest:i8 @24,
 * preempt_count:u32 @32}. */
#include "seam_common.h"
struct _cpu { int8_t sched_locked; uint8_t swap_pending; uint16_t pad; uint32_t preempt_count;
              uint32_t underflows; uint8_t lock; };
enum { SL_UNLOCKED = 0, SL_STILL = 1, SL_UNDERFLOW = 2 };
DECIDE uint64_t sched_unlock_decide(int8_t locked, uint32_t preempt, int swap_pending) {
  if (locked >= 0)
    return ((uint64_t)preempt << 32) | ((uint64_t)(uint8_t)locked << 24) | SL_UNDERFLOW;
  int8_t nl = (int8_t)(locked + 1);
  uint64_t resched = nl == 0 && swap_pending;
  return ((uint64_t)(preempt + 1) << 32) | ((uint64_t)(uint8_t)nl << 24) | (resched << 7) |
         (nl == 0 ? SL_UNLOCKED : SL_STILL);
}
int z_impl_k_sched_unlock(struct _cpu *c) {
  uint32_t key = k_spin_lock(&c->lock);
  uint64_t r = sched_unlock_decide(c->sched_locked, c->preempt_count, c->swap_pending);
  int8_t nl = (int8_t)(r >> 24);
  c->sched_locked = nl;
  if ((r & 3) == SL_UNDERFLOW) {
    c->underflows++;
    k_spin_unlock(&c->lock, key);
    return -EINVAL;
  }
  c->preempt_count = (uint32_t)(r >> 32);
  if ((r >> 7) & 1) {
    c->swap_pending = 0;
    z_reschedule(&c->lock, key);
    return 0;
  }
  k_spin_unlock(&c->lock, key);
  return (int)nl;
}
