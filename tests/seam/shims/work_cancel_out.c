/* k_work_cancel, MEMORY SEAM (out pointer) whose slot is READ BEFORE the call: the
 * shim sets o.flags = w->flags and o.ret = flags & RUNNING, tests o.flags itself,
 * then the decide reads o->flags and writes o->flags / o->action always but o->ret
 * only on some paths, so later reads of o.ret may see the shim's initial value. */
#include "seam_common.h"
struct k_work_q;
struct k_work { void *node; void (*handler)(struct k_work *); struct k_work_q *queue;
                uint32_t flags; };
struct k_work_q { _wait_q_t notifyq; void *pending; uint32_t cancels; uint8_t lock; };
extern int sys_slist_find_and_remove(void *list, void *node);
extern void z_abort_timeout_work(struct k_work *w);
#define F_RUNNING 1u
#define F_CANCELING 2u
#define F_QUEUED 4u
#define F_DELAYED 8u
struct wc_out { uint32_t flags; uint32_t action; int32_t ret; };
enum { WC_IDLE = 0, WC_DEQUEUE = 1, WC_REMOTE = 2, WC_WAIT = 3, WC_BUSY = 4 };
DECIDE void work_cancel_decide(int queued_here, struct wc_out *o) {
  uint32_t f = o->flags;
  if (f & F_CANCELING) {
    o->action = WC_BUSY;
    return;
  }
  if (f & F_QUEUED) {
    o->action = queued_here ? WC_DEQUEUE : WC_REMOTE;
    o->flags = (f & ~(F_QUEUED | F_DELAYED)) | (f & F_RUNNING ? F_CANCELING : 0);
    o->ret = (int32_t)(o->flags & (F_RUNNING | F_CANCELING));
    return;
  }
  o->action = f & F_RUNNING ? WC_WAIT : WC_IDLE;
  o->flags = f & F_RUNNING ? f | F_CANCELING : f & ~F_DELAYED;
}
int z_impl_k_work_cancel(struct k_work *w, struct k_work_q *q) {
  uint32_t key = k_spin_lock(&q->lock);
  struct wc_out o;
  o.flags = w->flags;
  o.ret = (int32_t)(o.flags & F_RUNNING);
  if (o.flags & F_DELAYED)
    z_abort_timeout_work(w);
  work_cancel_decide(w->queue == q, &o);
  w->flags = o.flags;
  if (o.action == WC_DEQUEUE) {
    sys_slist_find_and_remove(&q->pending, w);
    q->cancels++;
  }
  k_spin_unlock(&q->lock, key);
  return o.action == WC_BUSY ? -EBUSY : o.ret;
}
