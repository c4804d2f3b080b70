/* k_msgq_put_front: {action:u8 lo, new read index:u32 hi}; four actions in a
 * `switch`, returns from the middle; the index and used count written after the
 * dispatch on the copy path only; a waiting reader gets the message directly. */
#include "seam_common.h"
struct k_msgq_f { _wait_q_t wait_q; uint32_t msg_size; uint32_t max_msgs; uint8_t *buffer_start;
                  uint32_t read_idx; uint32_t used_msgs; uint8_t lock; };
enum { PF_COPY = 0, PF_HANDOFF = 1, PF_FULL = 2, PF_PEND = 3 };
DECIDE uint64_t msgq_put_front_decide(uint32_t used, uint32_t max, uint32_t read_idx,
                                      int has_reader, int32_t timeout) {
  if (has_reader)
    return ((uint64_t)read_idx << 32) | PF_HANDOFF;
  if (used >= max)
    return timeout == K_NO_WAIT ? (((uint64_t)read_idx << 32) | PF_FULL)
                                : (((uint64_t)read_idx << 32) | PF_PEND);
  uint32_t ni = read_idx == 0 ? max - 1 : read_idx - 1;
  return ((uint64_t)ni << 32) | PF_COPY;
}
int z_impl_k_msgq_put_front(struct k_msgq_f *q, const void *data, int32_t timeout) {
  uint32_t key = k_spin_lock(&q->lock);
  struct k_thread *t = q->used_msgs == 0 ? z_unpend_first_thread(&q->wait_q) : NULL;
  uint64_t r = msgq_put_front_decide(q->used_msgs, q->max_msgs, q->read_idx, t != NULL, timeout);
  switch (r & 0xff) {
  case PF_HANDOFF:
    memcpy_to(z_thread_swap_data(t), data, q->msg_size);
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
    z_reschedule(&q->lock, key);
    return 0;
  case PF_FULL:
    k_spin_unlock(&q->lock, key);
    return -ENOMSG;
  case PF_PEND:
    return z_pend_curr(&q->lock, key, &q->wait_q, timeout);
  default:
    break;
  }
  uint32_t idx = (uint32_t)(r >> 32);
  memcpy_to(q->buffer_start + idx * q->msg_size, data, q->msg_size);
  q->read_idx = idx;
  q->used_msgs++;
  k_spin_unlock(&q->lock, key);
  return 0;
}
