/* k_msgq_get: three fields {action:u8 @0, read_idx:u16 @8, used_msgs:u32 @32};
 * if/else decide with 3 return sites; shim unpacks (r & 0xffff00) >> 8 and r >> 32,
 * tests the action with a chain of compares. */
#include "seam_common.h"
struct k_msgq { _wait_q_t wait_q; uint32_t msg_size; uint32_t max_msgs; uint8_t *buffer_start;
                uint32_t read_idx; uint32_t used_msgs; uint8_t lock; };
enum { MG_COPY = 0, MG_COPY_WAKE = 1, MG_EMPTY = 2, MG_PEND = 3 };
DECIDE uint64_t msgq_get_decide(uint32_t used, uint32_t max, uint32_t ridx, int has_writer,
                                int32_t timeout) {
  if (used == 0)
    return ((uint64_t)(ridx & 0xffff) << 8) | (timeout == K_NO_WAIT ? MG_EMPTY : MG_PEND);
  uint32_t next = ridx + 1 >= max ? 0 : ridx + 1;
  if (has_writer)
    return ((uint64_t)used << 32) | ((uint64_t)(next & 0xffff) << 8) | MG_COPY_WAKE;
  return ((uint64_t)(used - 1) << 32) | ((uint64_t)(next & 0xffff) << 8) | MG_COPY;
}
int z_impl_k_msgq_get(struct k_msgq *q, void *data, int32_t timeout) {
  uint32_t key = k_spin_lock(&q->lock);
  struct k_thread *t = (struct k_thread *)q->wait_q.head;
  uint32_t cur = q->read_idx;
  uint64_t r = msgq_get_decide(q->used_msgs, q->max_msgs, cur, t != NULL, timeout);
  uint32_t act = (uint32_t)r & 0xff;
  if (act == MG_EMPTY) {
    k_spin_unlock(&q->lock, key);
    return -ENOMSG;
  }
  if (act == MG_PEND) {
    int ret = z_pend_curr(&q->lock, key, &q->wait_q, timeout);
    if (ret == 0)
      memcpy_to(data, z_thread_swap_data(_current_get()), q->msg_size);
    return ret;
  }
  memcpy_to(data, q->buffer_start + cur * q->msg_size, q->msg_size);
  q->read_idx = (uint32_t)((r & 0xffff00) >> 8);
  q->used_msgs = (uint32_t)(r >> 32);
  if (act == MG_COPY_WAKE) {
    t = z_unpend_first_thread(&q->wait_q);
    memcpy_to(q->buffer_start + cur * q->msg_size, z_thread_swap_data(t), q->msg_size);
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
    z_reschedule(&q->lock, key);
    return 0;
  }
  k_spin_unlock(&q->lock, key);
  return 0;
}
