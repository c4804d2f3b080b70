/* k_futex_wake_n: GOTO OUT cleanup style (single unlock at the label); the unpacked
 * fields {action:u8 lo, nwake:u32 hi} are passed to TWO DIFFERENT CALLS IN
 * DIFFERENT ORDERS (trace(act, n) and z_wake_n(n, act)). */
#include "seam_common.h"
struct k_futex_q { _wait_q_t wait_q; uint32_t nwaiters; uint32_t woken; uint8_t lock; };
extern void sys_trace_futex_wake(uint32_t act, uint32_t n);
extern uint32_t z_wake_n(_wait_q_t *q, uint32_t n, uint32_t how);
enum { FK_NONE = 0, FK_SOME = 1, FK_ALL = 2, FK_BAD = 3 };
DECIDE uint64_t futex_wake_decide(uint32_t nwaiters, int32_t want, uint32_t flags) {
  if (want < -1 || (flags & ~3u))
    return ((uint64_t)(uint32_t)-EINVAL << 32) | FK_BAD;
  if (nwaiters == 0)
    return FK_NONE;
  if (want == -1 || (uint32_t)want >= nwaiters)
    return ((uint64_t)nwaiters << 32) | FK_ALL;
  return ((uint64_t)(uint32_t)want << 32) | FK_SOME;
}
int z_impl_k_futex_wake_n(struct k_futex_q *f, int32_t want, uint32_t flags) {
  int ret = 0;
  uint32_t key = k_spin_lock(&f->lock);
  uint64_t r = futex_wake_decide(f->nwaiters, want, flags);
  uint32_t act = (uint32_t)(r & 0xff);
  uint32_t n = (uint32_t)(r >> 32);
  if (act == FK_BAD) {
    ret = (int)n;
    goto out;
  }
  sys_trace_futex_wake(act, n);
  if (act == FK_NONE)
    goto out;
  n = z_wake_n(&f->wait_q, n, act);
  f->nwaiters -= n;
  f->woken += n;
  ret = (int)n;
  if (act == FK_ALL) {
    z_reschedule(&f->lock, key);
    return ret;
  }
out:
  k_spin_unlock(&f->lock, key);
  return ret;
}
