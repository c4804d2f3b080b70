/* k_thread_resume: {action:u8 lo, new_state:u8 hi}; three actions tested with an
 * if-chain, the u8 state stored to a u8 field on two paths; five return sites. */
#include "seam_common.h"
struct k_thread_ctl { _wait_q_t wait_q; struct k_thread *thread; uint8_t state;
                      uint8_t resumes; uint8_t lock; };
#define TS_SUSPENDED 0x10u
#define TS_PENDING 0x02u
#define TS_DEAD 0x08u
enum { TR_NOP = 0, TR_READY = 1, TR_KEEP_PENDED = 2, TR_DEAD = 3 };
extern void z_mark_thread_as_not_suspended(struct k_thread *t);
DECIDE uint64_t thread_resume_decide(uint32_t state) {
  if (state & TS_DEAD)
    return TR_DEAD;
  if (!(state & TS_SUSPENDED))
    return ((uint64_t)state << 32) | TR_NOP;
  uint32_t ns = state & ~TS_SUSPENDED & 0xff;
  if (ns & TS_PENDING)
    return ((uint64_t)ns << 32) | TR_KEEP_PENDED;
  return ((uint64_t)ns << 32) | TR_READY;
}
int z_impl_k_thread_resume(struct k_thread_ctl *c) {
  uint32_t key = k_spin_lock(&c->lock);
  uint64_t r = thread_resume_decide(c->state);
  uint32_t act = (uint32_t)r & 0xff;
  if (act == TR_DEAD) {
    k_spin_unlock(&c->lock, key);
    return -EINVAL;
  }
  if (act == TR_NOP) {
    k_spin_unlock(&c->lock, key);
    return 0;
  }
  c->state = (uint8_t)(r >> 32);
  c->resumes++;
  z_mark_thread_as_not_suspended(c->thread);
  if (act == TR_KEEP_PENDED) {
    k_spin_unlock(&c->lock, key);
    return 1;
  }
  if (c->wait_q.head != NULL) {
    struct k_thread *t = z_unpend_first_thread(&c->wait_q);
    arch_thread_return_value_set(t, (int)(uint8_t)(r >> 32));
    z_ready_thread(t);
  }
  z_ready_thread(c->thread);
  z_reschedule(&c->lock, key);
  return 0;
}
