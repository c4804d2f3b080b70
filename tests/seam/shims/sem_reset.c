/* k_sem_reset: {ret:int32 lo, count:u32 hi} packed with `*` and `+` and an
 * int low field: (uint64_t)nc * 0x100000000 + ret.  The usual conversions
 * SIGN-EXTEND ret, so clang keeps an i64.add of i64.extend_i32_s (not an or):
 * hi is nc - 1 when ret < 0.  Shim: (int)r in a signed compare, hi stored. */
#include "seam_common.h"
struct k_sem { _wait_q_t wait_q; uint32_t count; uint32_t limit; uint32_t resets; uint8_t lock; };
DECIDE uint64_t sem_reset_decide(uint32_t count, uint32_t limit, int has_waiter, int drain) {
  int ret = has_waiter ? -EAGAIN : (count > limit ? -EINVAL : (int)count);
  uint32_t nc = drain ? 0 : (count > limit ? limit : count) / 2;
  return (uint64_t)nc * 0x100000000ull + ret;
}
int z_impl_k_sem_reset(struct k_sem *sem, int drain) {
  uint32_t key = k_spin_lock(&sem->lock);
  struct k_thread *t = z_unpend_first_thread(&sem->wait_q);
  uint64_t r = sem_reset_decide(sem->count, sem->limit, t != NULL, drain);
  int ret = (int)r;
  sem->count = (uint32_t)(r >> 32);
  sem->resets++;
  if (ret < 0 && t != NULL) {
    arch_thread_return_value_set(t, ret);
    z_ready_thread(t);
    z_reschedule(&sem->lock, key);
    return ret;
  }
  k_spin_unlock(&sem->lock, key);
  return ret < 0 ? ret : 0;
}
