/* k_tick_announce_slice: odd layout {action:u8 @0, slices:u16 @8..23, overrun:bool @63};
 * the shim tests the flag as (int64_t)r < 0 and extracts the count with
 * (r >> 8) & 0xffff; bits 24..62 are always zero. */
#include "seam_common.h"
struct k_slice { uint32_t elapsed; uint32_t slice_ticks; uint32_t overruns; uint16_t slices;
                 uint8_t lock; };
extern void z_sched_timeslice(struct k_thread *t, uint32_t n);
extern void sys_trace_overrun(uint32_t elapsed);
enum { TA_IDLE = 0, TA_SLICE = 1, TA_EXPIRE = 2 };
DECIDE uint64_t tick_slice_decide(uint32_t elapsed, uint32_t slice_ticks, uint32_t limit) {
  if (slice_ticks == 0)
    return TA_IDLE;
  uint32_t n = elapsed / slice_ticks;
  uint64_t over = n > limit;
  if (over)
    n = limit;
  return (over << 63) | ((uint64_t)(n & 0xffff) << 8) | (n ? TA_EXPIRE : TA_SLICE);
}
int z_impl_k_tick_announce_slice(struct k_slice *s, uint32_t limit) {
  uint32_t key = k_spin_lock(&s->lock);
  uint64_t r = tick_slice_decide(s->elapsed, s->slice_ticks, limit);
  if ((int64_t)r < 0) {
    s->overruns++;
    sys_trace_overrun(s->elapsed);
  }
  uint32_t n = (uint32_t)(r >> 8) & 0xffff;
  s->slices = (uint16_t)n;
  switch (r & 0xff) {
  case TA_EXPIRE:
    z_sched_timeslice(_current_get(), n);
    s->elapsed -= n * s->slice_ticks;
    break;
  case TA_SLICE:
    break;
  default:
    k_spin_unlock(&s->lock, key);
    return -EINVAL;
  }
  k_spin_unlock(&s->lock, key);
  return (int)n;
}
