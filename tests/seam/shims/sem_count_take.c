/* k_sem_count_get + k_sem_take combo: three returns, {action:u8 lo, value:i32 hi}
 * where the high half is the new count or a negative errno (signed). */
#include "seam_common.h"
struct k_sem { _wait_q_t wait_q; uint32_t count; uint32_t limit; uint8_t lock; };
enum { ST_TAKEN = 0, ST_BUSY = 1, ST_PEND = 2 };
DECIDE uint64_t sem_count_take_decide(uint32_t count, int32_t timeout) {
  if (count > 0)
    return ((uint64_t)(count - 1) << 32) | ST_TAKEN;
  if (timeout == K_NO_WAIT)
    return ((uint64_t)(uint32_t)-EBUSY << 32) | ST_BUSY;
  return ((uint64_t)(uint32_t)-EAGAIN << 32) | ST_PEND;
}
int z_impl_k_sem_count_take(struct k_sem *sem, int32_t timeout, uint32_t *count_before) {
  uint32_t key = k_spin_lock(&sem->lock);
  *count_before = sem->count;
  uint64_t r = sem_count_take_decide(sem->count, timeout);
  int32_t v = (int32_t)(r >> 32);
  uint32_t act = (uint32_t)r & 0xff;
  if (act == ST_TAKEN) {
    sem->count = (uint32_t)v;
    k_spin_unlock(&sem->lock, key);
    return 0;
  } else if (act == ST_BUSY) {
    k_spin_unlock(&sem->lock, key);
    return v;
  } else {
    return z_pend_curr(&sem->lock, key, &sem->wait_q, timeout);
  }
}
