/* k_poll: the decide contains a LOOP (unknown trip count) over the event array and
 * packs {action:u8 @0, first_ready:u8 @8, nready:u16 @16, not_ready_mask:u32 @32};
 * the shim indexes ev[] with (r >> 8) & 0xff and returns (r >> 16) & 0xffff. */
#include "seam_common.h"
struct k_poll_event { uint32_t type; uint32_t state; void *obj; };
struct k_poller { _wait_q_t wait_q; uint32_t mode; uint32_t polls; uint8_t lock; };
#define K_POLL_STATE_HANDLED 0x100u
enum { KP_READY = 0, KP_NONE = 1, KP_PEND = 2 };
DECIDE uint64_t poll_decide(const struct k_poll_event *ev, uint32_t num, int32_t timeout) {
  uint32_t first = 0xff, cnt = 0, rest = 0;
  for (uint32_t i = 0; i < num; i++) {
    if (ev[i].state & 0xff) {
      if (first == 0xff)
        first = i & 0xff;
      cnt++;
    } else {
      rest |= 1u << (i & 31);
    }
  }
  uint64_t act = cnt ? KP_READY : (timeout == K_NO_WAIT ? KP_NONE : KP_PEND);
  return ((uint64_t)rest << 32) | ((uint64_t)(cnt & 0xffff) << 16) | ((uint64_t)first << 8) |
         act;
}
int z_impl_k_poll(struct k_poller *p, struct k_poll_event *ev, uint32_t num, int32_t timeout) {
  uint32_t key = k_spin_lock(&p->lock);
  uint64_t r = poll_decide(ev, num, timeout);
  p->polls++;
  if ((r & 0xff) == KP_READY) {
    ev[(r >> 8) & 0xff].state |= K_POLL_STATE_HANDLED;
    k_spin_unlock(&p->lock, key);
    return (int)((r >> 16) & 0xffff);
  }
  if ((r & 0xff) == KP_NONE) {
    k_spin_unlock(&p->lock, key);
    return -EAGAIN;
  }
  p->mode = (uint32_t)(r >> 32);
  return z_pend_curr(&p->lock, key, &p->wait_q, timeout);
}
