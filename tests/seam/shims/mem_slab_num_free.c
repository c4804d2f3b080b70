/* k_mem_slab_num_free_get: {action:u8 lo, free:u16 @ bit 8, used:u32 hi}; three
 * returns; the shim reads the 16-bit field and stores the high half. */
#include "seam_common.h"
struct k_mem_slab { _wait_q_t wait_q; uint32_t num_blocks; uint32_t num_used;
                    uint16_t last_free; uint16_t flags; uint8_t lock; };
enum { MS_OK = 0, MS_FULL = 1, MS_BAD = 2 };
DECIDE uint64_t slab_num_free_decide(uint32_t blocks, uint32_t used) {
  if (used > blocks)
    return ((uint64_t)blocks << 32) | MS_BAD;
  if (used == blocks)
    return ((uint64_t)used << 32) | MS_FULL;
  return ((uint64_t)used << 32) | ((uint64_t)(uint16_t)(blocks - used) << 8) | MS_OK;
}
uint32_t z_impl_k_mem_slab_num_free_get(struct k_mem_slab *s) {
  uint32_t key = k_spin_lock(&s->lock);
  uint64_t r = slab_num_free_decide(s->num_blocks, s->num_used);
  uint8_t act = (uint8_t)r;
  uint16_t nfree = (uint16_t)(r >> 8);
  s->num_used = (uint32_t)(r >> 32);
  if (act == MS_BAD) {
    k_spin_unlock(&s->lock, key);
    return 0;
  }
  if (act == MS_OK)
    s->last_free = nfree;
  k_spin_unlock(&s->lock, key);
  return nfree;
}
