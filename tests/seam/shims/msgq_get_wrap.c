/* k_msgq_get with read-index wrap-around: {action:u8 lo, next_read:u16 hi};
 * four actions in a switch, four returns; the u16 index is stored to a u16 field. */
#include "seam_common.h"
struct k_msgq { _wait_q_t wait_q; uint32_t msg_size; uint16_t max_msgs; uint16_t read_idx;
                uint8_t *buffer_start; uint32_t used_msgs; uint8_t lock; };
enum { MG_COPY = 0, MG_COPY_WAKE = 1, MG_EMPTY = 2, MG_PEND = 3 };
DECIDE uint64_t msgq_get_wrap_decide(uint32_t used, uint32_t read_idx, uint32_t max_msgs,
                                     int has_writer, int32_t timeout) {
  if (used == 0)
    return timeout == K_NO_WAIT ? MG_EMPTY : MG_PEND;
  uint32_t next = read_idx + 1;
  if (next >= max_msgs)
    next = 0;
  return ((uint64_t)(next & 0xffff) << 32) | (has_writer ? MG_COPY_WAKE : MG_COPY);
}
int z_impl_k_msgq_get_wrap(struct k_msgq *q, void *data, int32_t timeout) {
  uint32_t key = k_spin_lock(&q->lock);
  uint64_t r = msgq_get_wrap_decide(q->used_msgs, q->read_idx, q->max_msgs,
                                    q->wait_q.head != NULL, timeout);
  switch ((uint32_t)r & 0xff) {
  case MG_COPY:
    memcpy_to(data, q->buffer_start + q->read_idx * q->msg_size, q->msg_size);
    q->read_idx = (uint16_t)(r >> 32);
    q->used_msgs--;
    k_spin_unlock(&q->lock, key);
    return 0;
  case MG_COPY_WAKE: {
    memcpy_to(data, q->buffer_start + q->read_idx * q->msg_size, q->msg_size);
    q->read_idx = (uint16_t)(r >> 32);
    struct k_thread *t = z_unpend_first_thread(&q->wait_q);
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
    z_reschedule(&q->lock, key);
    return 0;
  }
  case MG_EMPTY:
    k_spin_unlock(&q->lock, key);
    return -ENOMSG;
  default:
    return z_pend_curr(&q->lock, key, &q->wait_q, timeout);
  }
}
