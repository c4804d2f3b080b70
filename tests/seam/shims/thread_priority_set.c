/* k_thread_priority_set: SIGNED narrow fields {action:u8 @0, delta:i8 @8,
 * new_prio:i16 @16, deadline:i32 @32}; the shim extracts them with
 * (int8_t)(r >> 8), (int16_t)(r >> 16), (int32_t)(r >> 32) and uses them in
 * signed compares (delta > 0, np < cur->prio, dl < 0). */
#include "seam_common.h"
struct k_thread { int16_t prio; int16_t base_prio; int32_t deadline; uint32_t state; uint8_t lock; };
extern void z_requeue_thread(struct k_thread *t, int prio);
enum { PS_SAME = 0, PS_REQUEUE = 1, PS_RAISE_CUR = 2, PS_INVALID = 3 };
DECIDE uint64_t prio_set_decide(int32_t cur, int32_t want, int32_t deadline, int is_queued,
                                int is_current) {
  if (want < -16 || want > 15)
    return ((uint64_t)(uint32_t)-EINVAL << 32) | ((uint64_t)(uint16_t)(int16_t)cur << 16) |
           PS_INVALID;
  int8_t delta = (int8_t)(want - cur);
  int32_t dl = delta < 0 ? deadline + (int32_t)delta * 100 : deadline;
  uint64_t act = delta == 0 ? PS_SAME
               : (is_current && delta < 0) ? PS_RAISE_CUR
               : is_queued ? PS_REQUEUE : PS_SAME;
  return ((uint64_t)(uint32_t)dl << 32) | ((uint64_t)(uint16_t)(int16_t)want << 16) |
         ((uint64_t)(uint8_t)delta << 8) | act;
}
int z_impl_k_thread_priority_set(struct k_thread *t, int prio) {
  uint32_t key = k_spin_lock(&t->lock);
  struct k_thread *cur = _current_get();
  uint64_t r = prio_set_decide(t->prio, prio, t->deadline, (t->state & 1) != 0, t == cur);
  int16_t np = (int16_t)(r >> 16);
  int8_t delta = (int8_t)(r >> 8);
  int32_t dl = (int32_t)(r >> 32);
  if ((uint8_t)r == PS_INVALID) {
    k_spin_unlock(&t->lock, key);
    return dl;
  }
  t->prio = np;
  t->deadline = dl < 0 ? 0 : dl;
  if ((uint8_t)r == PS_REQUEUE)
    z_requeue_thread(t, np);
  if ((uint8_t)r == PS_RAISE_CUR)
    z_thread_priority_set(cur, np);
  if (delta > 0 && np < cur->prio) {
    z_reschedule(&t->lock, key);
    return delta;
  }
  k_spin_unlock(&t->lock, key);
  return delta;
}
