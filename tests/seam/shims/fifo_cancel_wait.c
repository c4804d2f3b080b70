/* k_fifo_cancel_wait: one return site; {action:u8 lo, cancelled:u32 hi}; two
 * actions, the action tested twice, the high half returned. */
#include "seam_common.h"
struct k_fifo { _wait_q_t wait_q; void *head; uint32_t cancelled; uint8_t lock; };
enum { FC_NONE = 0, FC_WAKE = 1 };
DECIDE uint64_t fifo_cancel_wait_decide(uint32_t cancelled, int has_waiter) {
  return has_waiter ? (((uint64_t)(cancelled + 1) << 32) | FC_WAKE)
                    : ((uint64_t)cancelled << 32);
}
uint32_t z_impl_k_fifo_cancel_wait(struct k_fifo *f) {
  uint32_t key = k_spin_lock(&f->lock);
  struct k_thread *t = z_unpend_first_thread(&f->wait_q);
  uint64_t r = fifo_cancel_wait_decide(f->cancelled, t != NULL);
  if (r & FC_WAKE) {
    arch_thread_return_value_set(t, 0);
    *(void **)z_thread_swap_data(t) = NULL;
    z_ready_thread(t);
  }
  f->cancelled = (uint32_t)(r >> 32);
  if (r & FC_WAKE)
    z_reschedule(&f->lock, key);
  else
    k_spin_unlock(&f->lock, key);
  return (uint32_t)(r >> 32);
}
