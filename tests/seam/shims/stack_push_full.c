/* k_stack_push with a full check: uint16_t counters; {action:u8 lo, depth:u16 hi};
 * the action compared with an `==` chain; the high half passed to a trace call
 * and stored to a u16 field; three return sites. */
#include "seam_common.h"
struct k_stack16 { _wait_q_t wait_q; uint32_t *base; uint16_t depth; uint16_t cap;
                   uint16_t peak; uint8_t lock; };
extern void sys_trace_stack_depth(void *s, uint32_t depth);
enum { SU_PUSH = 0, SU_HANDOFF = 1, SU_FULL = 2 };
DECIDE uint64_t stack_push_full_decide(uint16_t depth, uint16_t cap, int has_waiter) {
  if (has_waiter)
    return ((uint64_t)depth << 32) | SU_HANDOFF;
  if (depth >= cap)
    return ((uint64_t)depth << 32) | SU_FULL;
  return ((uint64_t)(uint16_t)(depth + 1) << 32) | SU_PUSH;
}
int z_impl_k_stack_push_full(struct k_stack16 *s, uint32_t data) {
  uint32_t key = k_spin_lock(&s->lock);
  struct k_thread *t = z_unpend_first_thread(&s->wait_q);
  uint64_t r = stack_push_full_decide(s->depth, s->cap, t != NULL);
  uint8_t act = (uint8_t)r;
  if (act == SU_FULL) {
    k_spin_unlock(&s->lock, key);
    return -ENOMEM;
  }
  if (act == SU_HANDOFF) {
    *(uint32_t *)z_thread_swap_data(t) = data;
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
    z_reschedule(&s->lock, key);
    return 0;
  }
  uint16_t nd = (uint16_t)(r >> 32);
  s->base[nd - 1] = data;
  s->depth = nd;
  if (nd > s->peak)
    s->peak = nd;
  sys_trace_stack_depth(s, (uint32_t)(r >> 32));
  k_spin_unlock(&s->lock, key);
  return 0;
}
