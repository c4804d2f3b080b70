/* k_sched_boost_bf: decide's input is a BIT-FIELD STRUCT read from memory
 * (struct { uint32_t cnt:24, prio:8; }, passed by value as one i32);
 * {action:u8 lo, new_cnt:u32 hi}; the shim writes cnt back into the bitfield. */
#include "seam_common.h"
struct bf_state { uint32_t cnt:24, prio:8; };
struct k_sched_bf { _wait_q_t wait_q; struct bf_state st; uint32_t ceiling; uint8_t lock; };
enum { SB_NONE = 0, SB_BOOST = 1, SB_WAKE = 2 };
DECIDE uint64_t sched_bf_decide(struct bf_state st, uint32_t ceiling, int has_waiter) {
  uint32_t act = SB_NONE, nc = st.cnt;
  if (has_waiter) {
    act = SB_WAKE;
    nc = st.cnt ? st.cnt - 1 : 0;
  } else if (st.prio < ceiling) {
    act = SB_BOOST;
    nc = (st.cnt + 1) & 0xffffff;
  }
  return ((uint64_t)nc << 32) | act;
}
int z_impl_k_sched_boost_bf(struct k_sched_bf *s, struct k_thread *cur) {
  uint32_t key = k_spin_lock(&s->lock);
  struct k_thread *t = z_unpend_first_thread(&s->wait_q);
  uint64_t r = sched_bf_decide(s->st, s->ceiling, t != NULL);
  s->st.cnt = (uint32_t)(r >> 32);
  switch ((uint8_t)r) {
  case SB_WAKE:
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
    z_reschedule(&s->lock, key);
    return 1;
  case SB_BOOST:
    z_thread_priority_set(cur, (int)s->st.prio);
    /* fallthrough */
  default:
    k_spin_unlock(&s->lock, key);
    return 0;
  }
}
