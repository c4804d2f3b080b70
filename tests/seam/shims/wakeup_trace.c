/* k_wakeup + k_thread_resume, NEGATIVE CONTROL: each shim unpacks its decide's
 * {action:u8 @0, state:u32 @32} but also passes the WHOLE u64 to a local helper
 * sched_trace_decision that is noinline with 2 callers and a loop (so neither
 * clang nor wasm-opt's inliner inlines it): the u64 must stay a real i64 argument. */
#include "seam_common.h"
struct k_thread { _wait_q_t *pended_on; uint32_t base_state; uint32_t wakeups; uint8_t lock; };
extern void sys_trace_sched(struct k_thread *t, uint32_t word);
extern void z_unpend_thread(struct k_thread *t);
extern void z_abort_thread_timeout(struct k_thread *t);
#define _THREAD_PENDING 0x02u
#define _THREAD_SUSPENDED 0x10u
#define _THREAD_SLEEPING 0x04u
static uint64_t sched_ring[8];
static uint32_t sched_pos;
static __attribute__((noinline)) void sched_trace_decision(struct k_thread *t, uint64_t r) {
  sched_ring[sched_pos++ & 7] = r;
  for (uint32_t i = 0; i < (uint32_t)(r & 0xff); i++)
    sys_trace_sched(t, (uint32_t)(r >> (i * 8)));
}
enum { WK_NOOP = 0, WK_READY = 1, WK_UNPEND = 2 };
DECIDE uint64_t wakeup_decide(uint32_t state) {
  if (!(state & _THREAD_SLEEPING) || (state & _THREAD_SUSPENDED))
    return ((uint64_t)state << 32) | WK_NOOP;
  uint32_t ns = state & ~_THREAD_SLEEPING;
  return ((uint64_t)ns << 32) | ((state & _THREAD_PENDING) ? WK_UNPEND : WK_READY);
}
DECIDE uint64_t resume_decide(uint32_t state) {
  if (!(state & _THREAD_SUSPENDED))
    return ((uint64_t)state << 32) | WK_NOOP;
  return ((uint64_t)(state & ~_THREAD_SUSPENDED) << 32) | WK_READY;
}
void z_impl_k_wakeup(struct k_thread *t) {
  uint32_t key = k_spin_lock(&t->lock);
  uint64_t r = wakeup_decide(t->base_state);
  sched_trace_decision(t, r);
  t->base_state = (uint32_t)(r >> 32);
  if ((r & 0xff) == WK_NOOP) {
    k_spin_unlock(&t->lock, key);
    return;
  }
  z_abort_thread_timeout(t);
  if ((r & 0xff) == WK_UNPEND)
    z_unpend_thread(t);
  t->wakeups++;
  z_ready_thread(t);
  z_reschedule(&t->lock, key);
}
void z_impl_k_thread_resume(struct k_thread *t) {
  uint32_t key = k_spin_lock(&t->lock);
  uint64_t r = resume_decide(t->base_state);
  sched_trace_decision(t, r);
  t->base_state = (uint32_t)(r >> 32);
  if ((r & 0xff) == WK_READY)
    z_ready_thread(t);
  z_reschedule(&t->lock, key);
}
