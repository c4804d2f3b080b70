/* k_timer_stop with a stop/expiry callback: {action:u8 lo, status:u32 hi};
 * actions as bit flags (`act & TS_CALLBACK`), a `bool` running field, the status
 * written to the struct after the callback; waiters woken with the high half. */
#include "seam_common.h"
#include <stdbool.h>
struct k_timer_c;
typedef void (*k_timer_stop_t)(struct k_timer_c *t);
struct k_timer_c { _wait_q_t wait_q; k_timer_stop_t stop_fn; uint32_t status;
                   bool running; uint8_t lock; };
extern void z_abort_timeout(struct k_timer_c *t);
#define TS_ABORT 0x1u
#define TS_CALLBACK 0x2u
#define TS_WAKE 0x4u
DECIDE uint64_t timer_stop_decide(bool running, int has_cb, int has_waiter, uint32_t status) {
  if (!running)
    return (uint64_t)status << 32;
  uint32_t a = TS_ABORT;
  if (has_cb)
    a |= TS_CALLBACK;
  if (has_waiter)
    a |= TS_WAKE;
  return a;
}
void z_impl_k_timer_stop_cb(struct k_timer_c *t) {
  uint32_t key = k_spin_lock(&t->lock);
  uint64_t r = timer_stop_decide(t->running, t->stop_fn != NULL, t->wait_q.head != NULL,
                                 t->status);
  if (!(r & TS_ABORT)) {
    k_spin_unlock(&t->lock, key);
    return;
  }
  z_abort_timeout(t);
  t->running = false;
  if (r & TS_CALLBACK)
    t->stop_fn(t);
  t->status = (uint32_t)(r >> 32);
  if (r & TS_WAKE) {
    struct k_thread *w = z_unpend_first_thread(&t->wait_q);
    arch_thread_return_value_set(w, (int)(r >> 32));
    z_ready_thread(w);
    z_reschedule(&t->lock, key);
    return;
  }
  k_spin_unlock(&t->lock, key);
}
