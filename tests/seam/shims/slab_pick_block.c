/* k_slab_pick_block: decide built from NESTED TERNARIES, {action:u8 lo, slot:u32 hi};
 * the shim uses the HIGH HALF AS AN ARRAY INDEX into a struct array
 * (&pool->blocks[r >> 32]) and writes through it. */
#include "seam_common.h"
struct blk { uint32_t owner; uint16_t gen; uint16_t flags; void *mem; };
struct k_slab_pool { struct blk blocks[16]; uint32_t used_mask; uint32_t last; uint32_t nfail;
                     uint8_t lock; };
enum { PB_TAKE = 0, PB_REUSE = 1, PB_FULL = 2 };
DECIDE uint64_t slab_pick_decide(uint32_t used_mask, uint32_t last, uint32_t owner_hint) {
  uint32_t free = ~used_mask & 0xffff;
  uint32_t slot = free == 0 ? 0
                : (free & (1u << (last & 15))) ? (last & 15)
                : (uint32_t)__builtin_ctz(free);
  uint32_t act = free == 0 ? PB_FULL : (owner_hint != 0 && slot == (last & 15)) ? PB_REUSE
                                                                               : PB_TAKE;
  return ((uint64_t)slot << 32) | act;
}
void *z_impl_k_slab_pick_block(struct k_slab_pool *p, uint32_t owner) {
  uint32_t key = k_spin_lock(&p->lock);
  uint64_t r = slab_pick_decide(p->used_mask, p->last, owner);
  if ((r & 0xff) == PB_FULL) {
    p->nfail++;
    k_spin_unlock(&p->lock, key);
    return NULL;
  }
  struct blk *b = &p->blocks[r >> 32];
  b->owner = owner;
  if ((r & 0xff) == PB_REUSE)
    b->gen++;
  else
    b->flags = 1;
  p->used_mask |= 1u << (uint32_t)(r >> 32);
  p->last = (uint32_t)(r >> 32);
  k_spin_unlock(&p->lock, key);
  return b->mem;
}
