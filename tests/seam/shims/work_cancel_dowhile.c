/* k_work_cancel_dw: decide with TWO EARLY RETURNS and a final computed return
 * inside a do { ... } while (0) block (a `break` skips to the computed pack);
 * {action:u8 lo, pending:u32 hi}. */
#include "seam_common.h"
struct k_work_dw { void *node; uint32_t flags; uint32_t pending; uint32_t cancels; uint8_t lock; };
#define W_QUEUED 1u
#define W_RUNNING 2u
#define W_CANCELING 4u
enum { WC_IDLE = 0, WC_BUSY = 1, WC_DEQUEUE = 2, WC_WAIT = 3 };
DECIDE uint64_t work_cancel_dw_decide(uint32_t flags, uint32_t pending) {
  uint32_t act = WC_WAIT, np = pending;
  do {
    if (!(flags & (W_QUEUED | W_RUNNING)))
      return ((uint64_t)pending << 32) | WC_IDLE;
    if (flags & W_CANCELING)
      return ((uint64_t)pending << 32) | WC_BUSY;
    if (flags & W_RUNNING)
      break;
    act = WC_DEQUEUE;
    np = pending ? pending - 1 : 0;
  } while (0);
  return ((uint64_t)np << 32) | act;
}
extern void sys_slist_remove_node(void *node);
int z_impl_k_work_cancel_dw(struct k_work_dw *w, _wait_q_t *wq) {
  uint32_t key = k_spin_lock(&w->lock);
  uint64_t r = work_cancel_dw_decide(w->flags, w->pending);
  uint32_t act = (uint32_t)r & 0xff;
  if (act == WC_IDLE || act == WC_BUSY) {
    k_spin_unlock(&w->lock, key);
    return act == WC_BUSY ? -EBUSY : 0;
  }
  w->pending = (uint32_t)(r >> 32);
  w->cancels++;
  if (act == WC_DEQUEUE) {
    sys_slist_remove_node(w->node);
    w->flags &= ~W_QUEUED;
    k_spin_unlock(&w->lock, key);
    return 1;
  }
  w->flags |= W_CANCELING;
  return z_pend_curr(&w->lock, key, wq, -1);
}
