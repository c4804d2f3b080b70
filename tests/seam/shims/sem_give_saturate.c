/* k_sem_give_sat: decide with SATURATING arithmetic in the high half
 * (cnt == UINT32_MAX ? cnt : cnt + 1), {action:u8 lo, count:u32 hi};
 * two actions, the shim stores the count on both paths. */
#include "seam_common.h"
struct k_sem_s { _wait_q_t wait_q; uint32_t count; uint32_t overflows; uint8_t lock; };
enum { GS_WAKE = 1, GS_COUNT = 2, GS_OVF = 3 };
DECIDE uint64_t sem_sat_decide(uint32_t cnt, int has_waiter) {
  uint32_t act = has_waiter ? GS_WAKE : (cnt == UINT32_MAX ? GS_OVF : GS_COUNT);
  uint32_t nc = has_waiter ? cnt : (cnt == UINT32_MAX ? cnt : cnt + 1);
  return ((uint64_t)nc << 32) | act;
}
int z_impl_k_sem_give_saturate(struct k_sem_s *s) {
  uint32_t key = k_spin_lock(&s->lock);
  struct k_thread *t = z_unpend_first_thread(&s->wait_q);
  uint64_t r = sem_sat_decide(s->count, t != NULL);
  s->count = (uint32_t)(r >> 32);
  if ((r & 0xff) == GS_WAKE) {
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
    z_reschedule(&s->lock, key);
    return 0;
  }
  if ((r & 0xff) == GS_OVF)
    s->overflows++;
  k_spin_unlock(&s->lock, key);
  return 0;
}
