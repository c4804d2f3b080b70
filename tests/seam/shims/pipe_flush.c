/* k_pipe_flush over the pending writers: decide in a LOOP, {action:u8 @0,
 * taken:u32 @32}; the shim ACCUMULATES total += r >> 32 (total is size_t, the
 * u64 sum is truncated) into the next decide's budget, and STOP / PART break
 * the loop. */
#include "seam_common.h"
struct k_pipe { _wait_q_t writers; uint32_t bytes_used; uint32_t flushed; uint8_t lock; };
extern uint32_t z_pipe_writer_pending(struct k_thread *t);
extern void z_pend_thread_front(_wait_q_t *q, struct k_thread *t);
enum { PF_TAKE_ALL = 0, PF_TAKE_PART = 1, PF_STOP = 2 };
DECIDE uint64_t pipe_flush_decide(uint32_t pending, uint32_t budget) {
  if (budget == 0 || pending == 0)
    return PF_STOP;
  if (pending <= budget)
    return ((uint64_t)pending << 32) | PF_TAKE_ALL;
  return ((uint64_t)budget << 32) | PF_TAKE_PART;
}
uint32_t z_impl_k_pipe_flush(struct k_pipe *p, uint32_t budget) {
  uint32_t key = k_spin_lock(&p->lock);
  size_t total = 0;
  struct k_thread *t;
  while ((t = z_unpend_first_thread(&p->writers)) != NULL) {
    uint64_t r = pipe_flush_decide(z_pipe_writer_pending(t), budget - total);
    if ((r & 0xff) == PF_STOP) {
      z_pend_thread_front(&p->writers, t);
      break;
    }
    total += r >> 32;
    if ((r & 0xff) == PF_TAKE_PART) {
      z_pend_thread_front(&p->writers, t);
      break;
    }
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
  }
  p->flushed += total;
  p->bytes_used -= total;
  z_reschedule(&p->lock, key);
  return total;
}
