/* k_msgq_purge: {action:u8 lo, used_msgs:u32 hi}, two returns; the shim stores
 * the high half and branches on the action in a switch (3 actions). */
#include "seam_common.h"
struct k_msgq { _wait_q_t wait_q; uint32_t msg_size; uint32_t max_msgs; uint8_t *buffer_start;
                uint8_t *read_ptr; uint8_t *write_ptr; uint32_t used_msgs; uint8_t lock; };
enum { MP_EMPTY = 0, MP_WAKE = 1, MP_RESET = 2 };
DECIDE uint64_t msgq_purge_decide(uint32_t used, int has_waiter) {
  if (has_waiter)
    return ((uint64_t)used << 32) | MP_WAKE;
  return used == 0 ? MP_EMPTY : MP_RESET;
}
void z_impl_k_msgq_purge(struct k_msgq *q) {
  uint32_t key = k_spin_lock(&q->lock);
  struct k_thread *t = z_unpend_first_thread(&q->wait_q);
  uint64_t r = msgq_purge_decide(q->used_msgs, t != NULL);
  q->used_msgs = (uint32_t)(r >> 32);
  switch (r & 0xff) {
  case MP_WAKE:
    arch_thread_return_value_set(t, -ENOMSG);
    z_ready_thread(t);
    z_reschedule(&q->lock, key);
    return;
  case MP_RESET:
    q->read_ptr = q->write_ptr;
    break;
  default:
    break;
  }
  k_spin_unlock(&q->lock, key);
}
