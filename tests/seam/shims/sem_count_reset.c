/* k_sem_count_get with reset: {action:u8 lo, old_count:u32 hi}; three actions in
 * an if/else chain, three returns, the shim returns the high half (old count). */
#include "seam_common.h"
struct k_sem { _wait_q_t wait_q; uint32_t count; uint32_t limit; uint8_t lock; };
enum { SR_KEEP = 0, SR_RESET = 1, SR_WAKE = 2 };
DECIDE uint64_t sem_count_reset_decide(uint32_t count, int reset, int has_waiter) {
  if (!reset)
    return ((uint64_t)count << 32) | SR_KEEP;
  if (has_waiter)
    return ((uint64_t)count << 32) | SR_WAKE;
  return ((uint64_t)count << 32) | SR_RESET;
}
uint32_t z_impl_k_sem_count_reset(struct k_sem *sem, int reset) {
  uint32_t key = k_spin_lock(&sem->lock);
  struct k_thread *t = z_unpend_first_thread(&sem->wait_q);
  uint64_t r = sem_count_reset_decide(sem->count, reset, t != NULL);
  if ((r & 0xff) == SR_KEEP) {
    k_spin_unlock(&sem->lock, key);
    return (uint32_t)(r >> 32);
  }
  sem->count = 0;
  if ((r & 0xff) == SR_WAKE) {
    arch_thread_return_value_set(t, -EAGAIN);
    z_ready_thread(t);
    z_reschedule(&sem->lock, key);
    return (uint32_t)(r >> 32);
  }
  k_spin_unlock(&sem->lock, key);
  return (uint32_t)(r >> 32);
}
