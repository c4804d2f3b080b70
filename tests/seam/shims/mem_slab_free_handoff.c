/* k_mem_slab_free with waiter handoff: {action:u8 lo, num_used:u16 hi}; three
 * actions in a switch, the u16 count stored to a u16 field, two return sites. */
#include "seam_common.h"
struct k_mem_slab { _wait_q_t wait_q; void *free_list; uint8_t *buffer; uint32_t block_size;
                    uint16_t num_blocks; uint16_t num_used; uint8_t lock; };
enum { MF_FREE = 0, MF_HANDOFF = 1, MF_BAD = 2 };
DECIDE uint64_t mem_slab_free_handoff_decide(uint32_t used, uint32_t in_range, int has_waiter) {
  if (!in_range || used == 0)
    return ((uint64_t)used << 32) | MF_BAD;
  if (has_waiter)
    return ((uint64_t)used << 32) | MF_HANDOFF;
  return ((uint64_t)(used - 1) << 32) | MF_FREE;
}
void z_impl_k_mem_slab_free(struct k_mem_slab *slab, void *mem) {
  uint32_t key = k_spin_lock(&slab->lock);
  uint8_t *p = (uint8_t *)mem;
  uint32_t in = p >= slab->buffer && p < slab->buffer + slab->num_blocks * slab->block_size;
  struct k_thread *t = z_unpend_first_thread(&slab->wait_q);
  uint64_t r = mem_slab_free_handoff_decide(slab->num_used, in, t != NULL);
  switch (r & 0xff) {
  case MF_HANDOFF:
    arch_thread_return_value_set(t, 0);
    *(void **)z_thread_swap_data(t) = mem;
    z_ready_thread(t);
    z_reschedule(&slab->lock, key);
    return;
  case MF_FREE:
    *(void **)mem = slab->free_list;
    slab->free_list = mem;
    slab->num_used = (uint16_t)(r >> 32);
    break;
  default:
    break;
  }
  k_spin_unlock(&slab->lock, key);
}
