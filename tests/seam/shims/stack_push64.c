/* k_stack_push with 64-bit stack_data_t: SIGNED hi field
 * {action:u8 lo, int32 depth_or_errno hi}; the pushed data is a genuine u64
 * (param, i64.store) that must stay i64 while the seam pack is removed. */
#include "seam_common.h"
struct k_stack64 { _wait_q_t wait_q; uint64_t *base; int32_t depth; int32_t cap;
                   uint32_t pushes; uint8_t lock; };
enum { S6_STORE = 0, S6_HANDOFF = 1, S6_FULL = 2 };
DECIDE uint64_t stack64_push_decide(int32_t depth, int32_t cap, int has_waiter, uint64_t data) {
  if (has_waiter)
    return ((uint64_t)(int64_t)depth << 32) | S6_HANDOFF;
  if (depth >= cap || depth < 0)
    return ((uint64_t)(int64_t)-ENOMEM << 32) | S6_FULL;
  /* a zero word pushed on an odd slot counts double (sentinel padding) */
  int32_t inc = (data == 0 && (depth & 1)) ? 2 : 1;
  int32_t nd = depth + inc > cap ? cap : depth + inc;
  return ((uint64_t)(int64_t)nd << 32) | S6_STORE;
}
int z_impl_k_stack_push64(struct k_stack64 *s, uint64_t data) {
  uint32_t key = k_spin_lock(&s->lock);
  struct k_thread *t = z_unpend_first_thread(&s->wait_q);
  uint64_t r = stack64_push_decide(s->depth, s->cap, t != NULL, data);
  int32_t nd = (int32_t)((int64_t)r >> 32);
  if ((r & 0xff) == S6_HANDOFF) {
    *(uint64_t *)z_thread_swap_data(t) = data;
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
    z_reschedule(&s->lock, key);
    return 0;
  }
  if (nd < 0) {
    k_spin_unlock(&s->lock, key);
    return nd;
  }
  s->base[s->depth] = data;
  s->depth = nd;
  s->pushes++;
  k_spin_unlock(&s->lock, key);
  return 0;
}
