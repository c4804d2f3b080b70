/* k_condvar_signal: BRANCHLESS (select) decide, three fields
 * {action:u8 @0, boost_prio:u8 @8, signals:u32 @32}; shim tests bits of the
 * action (r & 1, r & 2) and stores the hi half. */
#include "seam_common.h"
struct k_condvar { _wait_q_t wait_q; uint32_t signals; int32_t boost_prio; uint8_t lock; };
enum { CV_WAKE = 1, CV_BOOST = 2 };
DECIDE uint64_t condvar_signal_decide(int has_waiter, uint32_t signals, int32_t boost_prio,
                                      int32_t cur_prio) {
  uint32_t wake = has_waiter != 0;
  uint32_t boost = (wake && boost_prio < cur_prio) ? CV_BOOST : 0;
  uint32_t prio = boost ? (uint32_t)boost_prio : (uint32_t)cur_prio;
  uint32_t ns = signals + wake;
  return ((uint64_t)ns << 32) | ((uint64_t)(prio & 0xff) << 8) | (wake | boost);
}
extern int32_t z_thread_priority_get(struct k_thread *t);
int z_impl_k_condvar_signal(struct k_condvar *cv) {
  uint32_t key = k_spin_lock(&cv->lock);
  struct k_thread *t = z_unpend_first_thread(&cv->wait_q);
  int32_t prio = t ? z_thread_priority_get(t) : 0;
  uint64_t r = condvar_signal_decide(t != NULL, cv->signals, cv->boost_prio, prio);
  cv->signals = (uint32_t)(r >> 32);
  if (r & CV_WAKE) {
    if (r & CV_BOOST)
      z_thread_priority_set(t, (int)(int8_t)((r >> 8) & 0xff));
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
    z_reschedule(&cv->lock, key);
    return 0;
  }
  k_spin_unlock(&cv->lock, key);
  return 0;
}
