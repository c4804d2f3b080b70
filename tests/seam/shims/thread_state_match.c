/* k_thread_state_step: decide is a Rust-like `match` over an enum state,
 * a switch whose every arm yields a PACK FROM A TABLE OF CONSTANTS
 * {action:u8 lo, next_state:u32 hi} (clang may turn it into a u64 lookup
 * table); the shim stores the next state and branches on the action. */
#include "seam_common.h"
struct k_tstate { _wait_q_t wait_q; uint32_t state; uint32_t wakes; uint8_t lock; };
enum tstate { ST_NEW = 0, ST_READY = 1, ST_RUNNING = 2, ST_PENDING = 3, ST_DEAD = 4 };
enum { TA_NONE = 0, TA_READY = 1, TA_PEND = 2, TA_ERR = 3 };
#define PK(a, s) (((uint64_t)(s) << 32) | (uint64_t)(a))
DECIDE uint64_t thread_state_decide(enum tstate st) {
  switch (st) {
  case ST_NEW:     return PK(TA_READY, ST_READY);
  case ST_READY:   return PK(TA_NONE, ST_RUNNING);
  case ST_RUNNING: return PK(TA_PEND, ST_PENDING);
  case ST_PENDING: return PK(TA_READY, ST_READY);
  case ST_DEAD:    return PK(TA_ERR, ST_DEAD);
  }
  return PK(TA_ERR, ST_DEAD);
}
int z_impl_k_thread_state_step(struct k_tstate *ts, struct k_thread *t) {
  uint32_t key = k_spin_lock(&ts->lock);
  uint64_t r = thread_state_decide((enum tstate)ts->state);
  uint32_t act = (uint32_t)r & 0xff;
  ts->state = (uint32_t)(r >> 32);
  if (act == TA_READY) {
    ts->wakes++;
    z_ready_thread(t);
    z_reschedule(&ts->lock, key);
    return 0;
  }
  if (act == TA_PEND)
    return z_pend_curr(&ts->lock, key, &ts->wait_q, -1);
  k_spin_unlock(&ts->lock, key);
  return act == TA_ERR ? -EINVAL : 0;
}
