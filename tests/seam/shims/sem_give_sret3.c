/* k_sem_give, MEMORY SEAM (sret) with THREE fields: decide returns
 * struct dec { uint8_t act; uint32_t cnt; int32_t ret; } by value through a
 * hidden result pointer; three actions, the shim stores cnt and returns ret. */
#include "seam_common.h"
struct k_sem3 { _wait_q_t wait_q; uint32_t count; uint32_t limit; uint8_t lock; };
enum { SG_WAKE = 0, SG_INC = 1, SG_SAT = 2 };
struct dec { uint8_t act; uint32_t cnt; int32_t ret; };
DECIDE struct dec sem_give3_decide(uint32_t count, uint32_t limit, int has_waiter) {
  struct dec d;
  if (has_waiter) {
    d.act = SG_WAKE; d.cnt = count; d.ret = 0;
  } else if (count < limit) {
    d.act = SG_INC; d.cnt = count + 1; d.ret = 0;
  } else {
    d.act = SG_SAT; d.cnt = limit; d.ret = -EAGAIN;
  }
  return d;
}
int z_impl_k_sem_give_sret3(struct k_sem3 *s) {
  uint32_t key = k_spin_lock(&s->lock);
  struct k_thread *t = z_unpend_first_thread(&s->wait_q);
  struct dec d = sem_give3_decide(s->count, s->limit, t != NULL);
  s->count = d.cnt;
  if (d.act == SG_WAKE) {
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
    z_reschedule(&s->lock, key);
    return d.ret;
  }
  k_spin_unlock(&s->lock, key);
  return d.ret;
}
