/* k_work_submit_to_queue: {action:u8 lo, new_flags:u32 hi}; decide tests flag
 * bits (5 return sites); shim SWITCHES on the action with 6 cases (br_table). */
#include "seam_common.h"
struct k_work_q;
struct k_work { void *node; void (*handler)(struct k_work *); struct k_work_q *queue; uint32_t flags; };
struct k_work_q { _wait_q_t notifyq; void *pending; uint32_t flags; uint32_t submitted; uint8_t lock; };
extern void sys_slist_append(void *list, void *node);
extern void notify_queue_locked(struct k_work_q *q);
extern void z_work_trace_reject(struct k_work *w, int why);
#define F_RUNNING 1u
#define F_CANCELING 2u
#define F_QUEUED 4u
#define Q_DRAIN 1u
#define Q_STARTED 4u
enum { WS_ALREADY = 0, WS_QUEUE = 1, WS_REQUEUE = 2, WS_CANCELING = 3, WS_DRAINING = 4,
       WS_NOTSTARTED = 5 };
DECIDE uint64_t work_submit_decide(uint32_t wflags, uint32_t qflags, int same_queue) {
  if (wflags & F_CANCELING)
    return ((uint64_t)wflags << 32) | WS_CANCELING;
  if (wflags & F_QUEUED)
    return ((uint64_t)wflags << 32) | WS_ALREADY;
  if (!(qflags & Q_STARTED))
    return ((uint64_t)wflags << 32) | WS_NOTSTARTED;
  if ((qflags & Q_DRAIN) && !same_queue)
    return ((uint64_t)wflags << 32) | WS_DRAINING;
  return ((uint64_t)(wflags | F_QUEUED) << 32) | ((wflags & F_RUNNING) ? WS_REQUEUE : WS_QUEUE);
}
int z_work_submit_to_queue(struct k_work_q *q, struct k_work *w) {
  uint32_t key = k_spin_lock(&q->lock);
  uint64_t r = work_submit_decide(w->flags, q->flags, w->queue == q);
  w->flags = (uint32_t)(r >> 32);
  int ret;
  switch ((uint8_t)r) {
  case WS_ALREADY: ret = 0; break;
  case WS_QUEUE: w->queue = q; /* fallthrough */
  case WS_REQUEUE:
    sys_slist_append(&q->pending, w);
    notify_queue_locked(q);
    q->submitted++;
    ret = (uint8_t)r;
    break;
  case WS_CANCELING: z_work_trace_reject(w, 1); ret = -EBUSY; break;
  case WS_DRAINING: z_work_trace_reject(w, 2); ret = -EBUSY; break;
  case WS_NOTSTARTED: z_work_trace_reject(w, 3); ret = -19 /* ENODEV */; break;
  default: ret = -EINVAL; break;
  }
  k_spin_unlock(&q->lock, key);
  return ret;
}
