/* z_add_timeout with 64-bit k_ticks_t: {action:u8 @0, delta_ticks:u32 @32}; the
 * shim adds the ZERO-EXTENDED hi half to a genuine 64-bit tick count
 * (deadline = now + (r >> 32), i64.add) and stores the u64 deadline: the seam
 * pack must go while the 64-bit tick arithmetic stays. */
#include "seam_common.h"
struct _timeout { struct _timeout *next; uint64_t deadline; uint32_t dticks; uint32_t pad; };
struct k_timeout_q { struct _timeout *head; uint64_t curr_tick; uint32_t count; uint8_t lock; };
extern void sys_clock_set_timeout(int32_t ticks, int idle);
extern void z_timeout_expire(struct _timeout *to);
extern void z_timeout_insert_sorted(struct k_timeout_q *q, struct _timeout *to);
enum { TA_INSERT = 0, TA_FIRST = 1, TA_EXPIRED = 2, TA_FOREVER = 3 };
DECIDE uint64_t timeout_add_decide(int64_t timeout, uint64_t now, uint64_t head_deadline,
                                   int has_head) {
  if (timeout == -1)
    return TA_FOREVER;
  if (timeout <= 0)
    return TA_EXPIRED;
  uint32_t d = timeout > 0x7fffffff ? 0x7fffffffu : (uint32_t)timeout;
  if (!has_head || now + d < head_deadline)
    return ((uint64_t)d << 32) | TA_FIRST;
  return ((uint64_t)d << 32) | TA_INSERT;
}
int z_add_timeout64(struct k_timeout_q *q, struct _timeout *to, int64_t timeout) {
  uint32_t key = k_spin_lock(&q->lock);
  uint64_t now = q->curr_tick;
  uint64_t r = timeout_add_decide(timeout, now, q->head ? q->head->deadline : 0, q->head != NULL);
  if ((r & 0xff) == TA_FOREVER) {
    k_spin_unlock(&q->lock, key);
    return -EINVAL;
  }
  if ((r & 0xff) == TA_EXPIRED) {
    k_spin_unlock(&q->lock, key);
    z_timeout_expire(to);
    return 0;
  }
  to->deadline = now + (r >> 32);
  to->dticks = (uint32_t)(r >> 32);
  q->count++;
  if ((r & 0xff) == TA_FIRST) {
    to->next = q->head;
    q->head = to;
    sys_clock_set_timeout((int32_t)(r >> 32), 0);
  } else {
    z_timeout_insert_sorted(q, to);
  }
  k_spin_unlock(&q->lock, key);
  return 0;
}
