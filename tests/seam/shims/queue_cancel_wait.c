/* k_queue_cancel_wait: one return site (ternary), {action:u8 lo, cancels:u32 hi};
 * two actions; the shim stores the high half to q->cancels. */
#include "seam_common.h"
struct k_queue { _wait_q_t wait_q; uint32_t cancels; uint32_t flags; uint8_t lock; };
enum { QC_NONE = 0, QC_WAKE = 1 };
DECIDE uint64_t queue_cancel_decide(uint32_t cancels, int has_waiter) {
  return ((uint64_t)(cancels + (has_waiter != 0)) << 32) | (has_waiter ? QC_WAKE : QC_NONE);
}
void z_impl_k_queue_cancel_wait(struct k_queue *q) {
  uint32_t key = k_spin_lock(&q->lock);
  struct k_thread *t = z_unpend_first_thread(&q->wait_q);
  uint64_t r = queue_cancel_decide(q->cancels, t != NULL);
  q->cancels = (uint32_t)(r >> 32);
  if ((r & 0xff) == QC_WAKE) {
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
  }
  z_reschedule(&q->lock, key);
}
