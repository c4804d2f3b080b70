/* k_queue_append vs k_queue_prepend: {action:u8 lo, count:u16 hi}; three actions,
 * two returns, the u16 count stored back to a u16 field on one path. */
#include "seam_common.h"
struct k_queue { _wait_q_t wait_q; void *head; void *tail; uint16_t count; uint16_t limit;
                 uint8_t lock; };
extern void sys_sflist_append(void *list, void *node);
extern void sys_sflist_prepend(void *list, void *node);
enum { QA_WAKE = 0, QA_APPEND = 1, QA_PREPEND = 2, QA_FULL = 3 };
DECIDE uint64_t queue_append_prepend_decide(uint32_t count, uint32_t limit, int has_waiter,
                                            int at_tail) {
  if (has_waiter)
    return ((uint64_t)count << 32) | QA_WAKE;
  if (limit != 0 && count >= limit)
    return ((uint64_t)count << 32) | QA_FULL;
  return ((uint64_t)((count + 1) & 0xffff) << 32) | (at_tail ? QA_APPEND : QA_PREPEND);
}
int z_impl_k_queue_put(struct k_queue *q, void *data, int at_tail) {
  uint32_t key = k_spin_lock(&q->lock);
  struct k_thread *t = z_unpend_first_thread(&q->wait_q);
  uint64_t r = queue_append_prepend_decide(q->count, q->limit, t != NULL, at_tail);
  uint8_t act = (uint8_t)r;
  if (act == QA_WAKE) {
    arch_thread_return_value_set(t, 0);
    *(void **)z_thread_swap_data(t) = data;
    z_ready_thread(t);
    z_reschedule(&q->lock, key);
    return 0;
  }
  if (act == QA_APPEND)
    sys_sflist_append(&q->head, data);
  else if (act == QA_PREPEND)
    sys_sflist_prepend(&q->head, data);
  q->count = (uint16_t)(r >> 32);
  k_spin_unlock(&q->lock, key);
  return act == QA_FULL ? -ENOMEM : 0;
}
