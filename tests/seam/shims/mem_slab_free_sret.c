/* k_mem_slab_free, MEMORY SEAM (out pointer): decide is void and writes
 * {u32 action @0, u32 num_used @4, char *new_free @8} through an explicit out
 * pointer to a shim stack local; 3 write sites (invalid / handoff / push). */
#include "seam_common.h"
struct k_mem_slab { _wait_q_t wait_q; char *buffer; uint32_t num_blocks; uint32_t block_size;
                    char *free_list; uint32_t num_used; uint8_t lock; };
struct mf_out { uint32_t action; uint32_t num_used; char *new_free; };
enum { MF_PUSH = 0, MF_HANDOFF = 1, MF_INVALID = 2 };
DECIDE void mem_slab_free_decide(char *blk, char *buf, uint32_t nblocks, uint32_t bsize,
                                 uint32_t used, char *free_list, int has_waiter,
                                 struct mf_out *o) {
  o->new_free = free_list;
  o->num_used = used;
  if (blk < buf || blk >= buf + nblocks * bsize || ((uint32_t)(blk - buf) & (bsize - 1))) {
    o->action = MF_INVALID;
    return;
  }
  if (has_waiter) {
    o->action = MF_HANDOFF;
    return;
  }
  o->action = MF_PUSH;
  o->num_used = used - 1;
  o->new_free = blk;
}
int z_impl_k_mem_slab_free(struct k_mem_slab *s, void *mem) {
  uint32_t key = k_spin_lock(&s->lock);
  struct mf_out o;
  mem_slab_free_decide((char *)mem, s->buffer, s->num_blocks, s->block_size, s->num_used,
                       s->free_list, s->wait_q.head != NULL, &o);
  if (o.action == MF_INVALID) {
    k_spin_unlock(&s->lock, key);
    return -EINVAL;
  }
  if (o.action == MF_HANDOFF) {
    struct k_thread *t = z_unpend_first_thread(&s->wait_q);
    *(void **)z_thread_swap_data(t) = mem;
    arch_thread_return_value_set(t, 0);
    z_ready_thread(t);
    z_reschedule(&s->lock, key);
    return 0;
  }
  *(char **)mem = s->free_list;
  s->free_list = o.new_free;
  s->num_used = o.num_used;
  k_spin_unlock(&s->lock, key);
  return 0;
}
