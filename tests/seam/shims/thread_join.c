/* k_thread_join: SIGNED hi field {action:u8 @0, int32 ticks_or_ret @32}; the shim
 * unpacks the hi half right after the decide but uses it only AFTER several calls
 * (z_pend_curr, tracing), so the unpacked value is live across calls. */
#include "seam_common.h"
struct k_thread { _wait_q_t join_queue; uint32_t base_state; struct k_thread *join_target;
                  uint32_t joins; uint8_t lock; };
#define _THREAD_DEAD 0x08u
#define EDEADLK 45
extern void sys_trace_thread_join(struct k_thread *t, int32_t timeout, int ret);
enum { TJ_DONE = 0, TJ_BUSY = 1, TJ_DEADLK = 2, TJ_PEND = 3 };
DECIDE uint64_t thread_join_decide(uint32_t state, int is_self, int joins_me, int32_t timeout) {
  if (state & _THREAD_DEAD)
    return TJ_DONE;
  if (is_self || joins_me)
    return ((uint64_t)(int64_t)-EDEADLK << 32) | TJ_DEADLK;
  if (timeout == K_NO_WAIT)
    return ((uint64_t)(int64_t)-EBUSY << 32) | TJ_BUSY;
  int32_t ticks = timeout < 0 ? timeout : timeout + 1;
  return ((uint64_t)(int64_t)ticks << 32) | TJ_PEND;
}
int z_impl_k_thread_join(struct k_thread *t, int32_t timeout) {
  uint32_t key = k_spin_lock(&t->lock);
  struct k_thread *cur = _current_get();
  uint64_t r = thread_join_decide(t->base_state, t == cur, cur->join_target == t, timeout);
  int32_t v = (int32_t)((int64_t)r >> 32);
  t->joins++;
  if ((uint8_t)r == TJ_PEND) {
    cur->join_target = t;
    int ret = z_pend_curr(&t->lock, key, &t->join_queue, v);
    cur->join_target = NULL;
    sys_trace_thread_join(t, v, ret);
    return ret == -EAGAIN && v > 0 ? -EAGAIN : ret;
  }
  if ((uint8_t)r == TJ_DONE)
    z_thread_priority_set(cur, (int)t->joins);
  k_spin_unlock(&t->lock, key);
  sys_trace_thread_join(t, timeout, v);
  return v;
}
