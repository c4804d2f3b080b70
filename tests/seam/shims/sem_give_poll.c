/* k_sem_give with a limit and a poll-event signal: {action flags:u8 lo, count:u32 hi};
 * actions are bit flags tested with `if (act & FLAG)`; the count is written back
 * before the dispatch; single exit through a local `ret`. */
#include "seam_common.h"
struct k_poll_signal_ev;
struct k_sem_p { _wait_q_t wait_q; uint32_t count; uint32_t limit;
                 struct k_poll_signal_ev *poll_ev; uint8_t lock; };
extern void z_handle_obj_poll_events(struct k_poll_signal_ev *ev, uint32_t state);
#define SG_WAKE 0x1u
#define SG_POLL 0x2u
#define SG_SAT  0x4u
DECIDE uint64_t sem_give_poll_decide(uint32_t count, uint32_t limit, int has_waiter,
                                     int has_poll) {
  if (has_waiter)
    return ((uint64_t)count << 32) | SG_WAKE;
  if (count >= limit)
    return ((uint64_t)limit << 32) | SG_SAT;
  if (has_poll)
    return ((uint64_t)(count + 1) << 32) | SG_POLL;
  return (uint64_t)(count + 1) << 32;
}
int z_impl_k_sem_give_poll(struct k_sem_p *sem) {
  int ret = 0;
  uint32_t key = k_spin_lock(&sem->lock);
  struct k_thread *t = z_unpend_first_thread(&sem->wait_q);
  uint64_t r = sem_give_poll_decide(sem->count, sem->limit, t != NULL, sem->poll_ev != NULL);
  uint32_t act = (uint32_t)(r & 0xff);
  sem->count = (uint32_t)(r >> 32);
  if (act & SG_WAKE) {
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
  }
  if (act & SG_POLL)
    z_handle_obj_poll_events(sem->poll_ev, (uint32_t)(r >> 32));
  if (act & SG_SAT)
    ret = -EAGAIN;
  if (act & (SG_WAKE | SG_POLL))
    z_reschedule(&sem->lock, key);
  else
    k_spin_unlock(&sem->lock, key);
  return ret;
}
