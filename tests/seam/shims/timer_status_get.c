/* k_timer_status_get, NEGATIVE CONTROL: {action:u8 lo, status:u32 hi} is unpacked,
 * but the whole u64 ESCAPES: it is passed to a tracing hook and stored whole in
 * t->last_decision (i64.store), so a pack must survive in the shim. */
#include "seam_common.h"
struct k_timer { _wait_q_t wait_q; uint32_t period; uint32_t status; uint64_t last_decision;
                 uint8_t lock; };
extern void sys_port_trace_k_timer_status(struct k_timer *t, uint64_t decision);
extern void z_add_timeout(struct k_timer *t, uint32_t ticks);
enum { TS_READ = 0, TS_READ_RESTART = 1, TS_SATURATED = 2 };
DECIDE uint64_t timer_status_decide(uint32_t status, uint32_t period, int running,
                                    uint32_t max_count) {
  uint32_t act = (status >= max_count && max_count != 0) ? TS_SATURATED
               : (status != 0 && period != 0 && !running) ? TS_READ_RESTART : TS_READ;
  uint32_t st = act == TS_SATURATED ? max_count : status;
  return ((uint64_t)st << 32) | act;
}
uint32_t z_impl_k_timer_status_get(struct k_timer *t, uint32_t max_count, int running) {
  uint32_t key = k_spin_lock(&t->lock);
  uint64_t r = timer_status_decide(t->status, t->period, running, max_count);
  sys_port_trace_k_timer_status(t, r);
  t->last_decision = r;
  t->status = 0;
  if ((r & 0xff) == TS_READ_RESTART)
    z_add_timeout(t, t->period);
  k_spin_unlock(&t->lock, key);
  return (uint32_t)(r >> 32);
}
