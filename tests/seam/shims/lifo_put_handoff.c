/* k_lifo_put with waiter handoff: `bool` fields; {action:u8 lo, count:u32 hi}
 * where the action is a bool "handed off"; the count written before the dispatch;
 * the shim tests `if (r & 1)` directly on the u64; two return sites. */
#include "seam_common.h"
#include <stdbool.h>
struct k_lifo_b { _wait_q_t wait_q; void *head; uint32_t count; bool poll_armed;
                  bool nonempty; uint8_t lock; };
extern void z_handle_obj_poll_events(void *ev, uint32_t state);
DECIDE uint64_t lifo_put_decide(uint32_t count, bool has_waiter) {
  if (has_waiter)
    return ((uint64_t)count << 32) | 1u;
  return (uint64_t)(count + 1) << 32;
}
void z_impl_k_lifo_put_handoff(struct k_lifo_b *l, void *data) {
  uint32_t key = k_spin_lock(&l->lock);
  struct k_thread *t = z_unpend_first_thread(&l->wait_q);
  uint64_t r = lifo_put_decide(l->count, t != NULL);
  l->count = (uint32_t)(r >> 32);
  l->nonempty = (r >> 32) != 0;
  if (r & 1) {
    arch_thread_return_value_set(t, 0);
    *(void **)z_thread_swap_data(t) = data;
    z_ready_thread(t);
    z_reschedule(&l->lock, key);
    return;
  }
  *(void **)data = l->head;
  l->head = data;
  if (l->poll_armed) {
    l->poll_armed = false;
    z_handle_obj_poll_events(l, 1);
  }
  k_spin_unlock(&l->lock, key);
}
