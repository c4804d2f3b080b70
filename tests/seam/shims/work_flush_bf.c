/* k_work_flush: decide returns a uint64_t BIT-FIELD struct by value
 * {act:8, cnt:24, id:32}; clang passes it through a hidden sret pointer and
 * writes it as ONE i64.store of a pack; the shim reloads it (i64.load) and
 * extracts the bit-fields with shifts and masks. */
#include "seam_common.h"
struct k_work_q;
struct k_work { void *node; void (*handler)(struct k_work *); struct k_work_q *queue; uint32_t flags; };
struct k_work_q { _wait_q_t notifyq; void *pending; uint32_t flushes; uint32_t seq; uint8_t lock; };
extern void z_work_insert_barrier(struct k_work_q *q, struct k_work *w, uint32_t id);
#define F_RUNNING 1u
#define F_QUEUED 4u
struct wf_res { uint64_t act:8, cnt:24, id:32; };
enum { WF_IDLE = 0, WF_BARRIER = 1, WF_WAIT = 2 };
DECIDE struct wf_res work_flush_decide(uint32_t flags, uint32_t flushes, uint32_t seq,
                                       int same_queue) {
  struct wf_res r = { WF_IDLE, flushes, seq };
  if (!(flags & (F_RUNNING | F_QUEUED)))
    return r;
  r.cnt = flushes + 1;
  r.id = seq + 1;
  r.act = (flags & F_QUEUED) && same_queue ? WF_BARRIER : WF_WAIT;
  return r;
}
int z_impl_k_work_flush(struct k_work *w, struct k_work_q *q) {
  uint32_t key = k_spin_lock(&q->lock);
  struct wf_res r = work_flush_decide(w->flags, q->flushes, q->seq, w->queue == q);
  q->flushes = (uint32_t)r.cnt;
  if (r.act == WF_IDLE) {
    k_spin_unlock(&q->lock, key);
    return 0;
  }
  q->seq = (uint32_t)r.id;
  if (r.act == WF_BARRIER)
    z_work_insert_barrier(q, w, (uint32_t)r.id);
  z_pend_curr(&q->lock, key, &q->notifyq, -1);
  return 1;
}
