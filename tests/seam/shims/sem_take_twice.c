/* k_sem_take_pair: the shim CALLS DECIDE TWICE IN A ROW on updated state (second
 * call sees the first's new count); {ok:u8 lo, count:u32 hi}; the shim
 * COMPARES THE FIELDS AGAINST EACH OTHER ((r2 & 0xff) < (r2 >> 32)). */
#include "seam_common.h"
struct k_sem2 { _wait_q_t wait_q; uint32_t count; uint32_t limit; uint32_t lowwater;
                uint8_t lock; };
extern void sys_trace_sem_low(struct k_sem2 *s, uint32_t c);
DECIDE uint64_t sem_pair_decide(uint32_t count, uint32_t want) {
  uint32_t ok = count >= want;
  return ((uint64_t)(ok ? count - want : count) << 32) | ok;
}
int z_impl_k_sem_take_pair(struct k_sem2 *s, uint32_t want_a, uint32_t want_b) {
  uint32_t key = k_spin_lock(&s->lock);
  uint64_t r = sem_pair_decide(s->count, want_a);
  s->count = (uint32_t)(r >> 32);
  if ((r & 0xff) == 0) {
    k_spin_unlock(&s->lock, key);
    return -EBUSY;
  }
  uint64_t r2 = sem_pair_decide(s->count, want_b);
  s->count = (uint32_t)(r2 >> 32);
  if ((r2 & 0xff) < (r2 >> 32))
    s->lowwater = (uint32_t)(r2 >> 32);
  else
    sys_trace_sem_low(s, (uint32_t)(r2 >> 32));
  k_spin_unlock(&s->lock, key);
  return (int)((r & 0xff) + (r2 & 0xff));
}
