/* k_mbox_put: TWO DECIDES in one shim: a match decide {action:u8 lo, size:u32 hi}
 * picks the transfer size, then a completion decide {action:u8 lo, remaining:u32 hi}
 * takes the first's hi half as input. */
#include "seam_common.h"
struct k_mbox_msg { uint32_t size; uint32_t info; void *tx_data; int32_t tx_target; };
struct k_mbox { _wait_q_t tx_q; _wait_q_t rx_q; uint32_t sent; uint8_t lock; };
extern int32_t z_mbox_rx_source(struct k_thread *t);
extern uint32_t z_mbox_rx_size(struct k_thread *t);
extern void *z_mbox_rx_buffer(struct k_thread *t);
enum { MB_MATCH = 0, MB_NOMATCH = 1, MB_PEND = 2 };
enum { MC_DONE = 0, MC_TRUNC = 1 };
DECIDE uint64_t mbox_match_decide(int has_rx, int32_t target, int32_t rx_id, uint32_t tx_size,
                                  uint32_t rx_size, int32_t timeout) {
  if (has_rx && (target == -1 || target == rx_id)) {
    uint32_t n = tx_size < rx_size ? tx_size : rx_size;
    return ((uint64_t)n << 32) | MB_MATCH;
  }
  return ((uint64_t)tx_size << 32) | (timeout == K_NO_WAIT ? MB_NOMATCH : MB_PEND);
}
DECIDE uint64_t mbox_done_decide(uint32_t sent, uint32_t wanted) {
  return sent < wanted ? (((uint64_t)(wanted - sent) << 32) | MC_TRUNC) : MC_DONE;
}
int z_impl_k_mbox_put(struct k_mbox *mb, struct k_mbox_msg *tx, int32_t timeout) {
  uint32_t key = k_spin_lock(&mb->lock);
  struct k_thread *rx = (struct k_thread *)mb->rx_q.head;
  uint64_t m = mbox_match_decide(rx != NULL, tx->tx_target, rx ? z_mbox_rx_source(rx) : 0,
                                 tx->size, rx ? z_mbox_rx_size(rx) : 0, timeout);
  if ((uint8_t)m == MB_NOMATCH) {
    k_spin_unlock(&mb->lock, key);
    return -ENOMSG;
  }
  if ((uint8_t)m == MB_PEND)
    return z_pend_curr(&mb->lock, key, &mb->tx_q, timeout);
  uint32_t n = (uint32_t)(m >> 32);
  rx = z_unpend_first_thread(&mb->rx_q);
  memcpy_to(z_mbox_rx_buffer(rx), tx->tx_data, n);
  uint64_t d = mbox_done_decide(n, tx->size);
  tx->size = (uint32_t)(d >> 32);
  mb->sent += n;
  arch_thread_return_value_set(rx, (d & 0xff) == MC_TRUNC ? (int)n : 0);
  z_ready_thread(rx);
  z_reschedule(&mb->lock, key);
  return (d & 0xff) == MC_TRUNC ? -EAGAIN : 0;
}
