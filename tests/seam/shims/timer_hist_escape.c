/* k_timer_hist_record, NEGATIVE CONTROL: {action:u8 lo, ticks:u32 hi} is unpacked,
 * but the whole u64 ESCAPES by being stored whole (i64.store) into a ring of past
 * decisions h->hist[h->pos & 7]; a pack must survive. */
#include "seam_common.h"
struct k_timer_hist { uint64_t hist[8]; uint32_t pos; uint32_t remaining; uint32_t fired;
                      uint8_t lock; };
extern void z_timer_fire(struct k_timer_hist *h, uint32_t ticks);
enum { TH_WAIT = 0, TH_FIRE = 1, TH_STOP = 2 };
DECIDE uint64_t timer_hist_decide(uint32_t remaining, uint32_t elapsed, int stopped) {
  if (stopped)
    return TH_STOP;
  if (elapsed >= remaining)
    return ((uint64_t)(elapsed - remaining) << 32) | TH_FIRE;
  return ((uint64_t)(remaining - elapsed) << 32) | TH_WAIT;
}
uint32_t z_impl_k_timer_hist_record(struct k_timer_hist *h, uint32_t elapsed, int stopped) {
  uint32_t key = k_spin_lock(&h->lock);
  uint64_t r = timer_hist_decide(h->remaining, elapsed, stopped);
  h->hist[h->pos & 7] = r;
  h->pos++;
  if ((r & 0xff) == TH_FIRE) {
    h->fired++;
    z_timer_fire(h, (uint32_t)(r >> 32));
  } else if ((r & 0xff) == TH_WAIT) {
    h->remaining = (uint32_t)(r >> 32);
  }
  k_spin_unlock(&h->lock, key);
  return (uint32_t)(r >> 32);
}
