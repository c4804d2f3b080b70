/* z_tick_sleep: {action:u8 @0, flags:u8 @8, ticks:i32 @32}; the shim passes the
 * ticks to z_add_thread_timeout, keeps the flags byte (r >> 8) live across two
 * calls (z_add_thread_timeout, arch_swap) and recovers the signed ticks with
 * (int64_t)r / 4294967296 (signed DIVISION by 2^32: rounds toward zero, so it is
 * hi + 1 when hi < 0 and lo != 0, not a plain i64.shr_s). */
#include "seam_common.h"
extern void z_add_thread_timeout(struct k_thread *t, int32_t ticks);
extern uint32_t sys_clock_tick_get32(void);
static uint8_t sched_spinlock;
enum { SL_NOWAIT = 0, SL_YIELD = 1, SL_SLEEP = 2, SL_FOREVER = 3 };
#define SLF_ABS 1u
#define SLF_LATE 2u
DECIDE uint64_t tick_sleep_decide(int32_t timeout, uint32_t now, int abs) {
  if (timeout == K_NO_WAIT)
    return SL_NOWAIT;
  if (timeout < 0)
    return ((uint64_t)(int64_t)-1 << 32) | SL_FOREVER;
  int32_t ticks = abs ? (int32_t)((uint32_t)timeout - now) : timeout + 1;
  uint32_t fl = (abs ? SLF_ABS : 0) | (ticks <= 0 ? SLF_LATE : 0);
  return ((uint64_t)(int64_t)ticks << 32) | (fl << 8) | (ticks <= 0 ? SL_YIELD : SL_SLEEP);
}
int32_t z_tick_sleep(int32_t timeout, int abs) {
  uint32_t now = sys_clock_tick_get32();
  uint64_t r = tick_sleep_decide(timeout, now, abs);
  int32_t ticks = (int32_t)((int64_t)r / 4294967296LL);
  uint32_t key = k_spin_lock(&sched_spinlock);
  if ((r & 0xff) == SL_NOWAIT) {
    k_spin_unlock(&sched_spinlock, key);
    return 0;
  }
  if ((r & 0xff) == SL_YIELD) {
    arch_swap(key);
    return ticks;
  }
  struct k_thread *cur = _current_get();
  z_add_thread_timeout(cur, ticks);
  int ret = arch_swap(key);
  if ((r & 0xff) == SL_FOREVER)
    return ret;
  uint32_t late = sys_clock_tick_get32() - now;
  if ((r >> 8) & SLF_ABS)
    return (int32_t)((uint32_t)ticks - late);
  return ticks - 1 - (int32_t)late;
}
