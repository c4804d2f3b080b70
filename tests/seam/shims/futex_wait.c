/* k_futex_wait: 3-BIT action switched with a br_table and a default, plus
 * {timed:bool @7, spins:u8 @24, expected_or_errno:u32 @32}; unpacked with r & 7,
 * (r >> 7) & 1, (r >> 24) & 0xff and r >> 32. */
#include "seam_common.h"
struct z_futex_data { _wait_q_t wait_q; uint32_t waiters; uint32_t spins; uint8_t lock; };
struct k_futex { uint32_t val; struct z_futex_data *data; };
#define EOWNERDEAD 130
#define ETIMEDOUT 116
extern void arch_spin_relax(uint32_t n);
enum { FW_MISMATCH = 0, FW_PEND = 1, FW_PEND_TIMED = 2, FW_SPIN = 3, FW_DEAD = 4,
       FW_NOWAIT = 5 };
DECIDE uint64_t futex_wait_decide(uint32_t val, uint32_t expected, int32_t timeout,
                                  uint32_t spins, int owner_dead) {
  if (owner_dead)
    return ((uint64_t)(uint32_t)-EOWNERDEAD << 32) | FW_DEAD;
  if (val != expected)
    return ((uint64_t)val << 32) | FW_MISMATCH;
  if (timeout == K_NO_WAIT)
    return ((uint64_t)(uint32_t)-ETIMEDOUT << 32) | FW_NOWAIT;
  if (spins < 4)
    return ((uint64_t)expected << 32) | ((uint64_t)(spins + 1) << 24) | FW_SPIN;
  uint64_t timed = timeout > 0;
  return ((uint64_t)expected << 32) | ((uint64_t)(spins & 0xff) << 24) | (timed << 7) |
         (timed ? FW_PEND_TIMED : FW_PEND);
}
int z_impl_k_futex_wait(struct k_futex *f, uint32_t expected, int32_t timeout, int owner_dead) {
  struct z_futex_data *d = f->data;
  uint32_t key = k_spin_lock(&d->lock);
  uint64_t r = futex_wait_decide(f->val, expected, timeout, d->spins, owner_dead);
  d->spins = (uint32_t)((r >> 24) & 0xff);
  switch (r & 7) {
  case FW_MISMATCH:
    k_spin_unlock(&d->lock, key);
    return (int)(r >> 32) == 0 ? -EINVAL : -EAGAIN;
  case FW_SPIN:
    k_spin_unlock(&d->lock, key);
    arch_spin_relax(d->spins);
    return -EAGAIN;
  case FW_PEND:
  case FW_PEND_TIMED:
    d->waiters++;
    return z_pend_curr(&d->lock, key, &d->wait_q, (r >> 7) & 1 ? timeout : -1);
  case FW_DEAD:
    f->val = 0;
    /* fallthrough */
  case FW_NOWAIT:
    k_spin_unlock(&d->lock, key);
    return (int)(r >> 32);
  default:
    k_spin_unlock(&d->lock, key);
    return -EINVAL;
  }
}
