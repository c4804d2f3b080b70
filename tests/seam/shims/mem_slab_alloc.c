/* k_mem_slab_alloc: SIGNED hi field {action:u8 lo, int32 used_or_errno hi} packed
 * with ((uint64_t)(int64_t)v << 32) (i64.extend_i32_s); shim unpacks
 * (int32_t)((int64_t)r >> 32), compares (uint8_t)r; 3 return sites in decide. */
#include "seam_common.h"
struct k_mem_slab { _wait_q_t wait_q; uint32_t num_blocks; uint32_t block_size; char *free_list;
                    uint32_t num_used; uint32_t max_used; uint8_t lock; };
enum { MS_TAKE = 0, MS_NOMEM = 1, MS_PEND = 2 };
DECIDE uint64_t mem_slab_alloc_decide(uint32_t used, uint32_t num_blocks, int has_free,
                                      int32_t timeout) {
  if (has_free && used < num_blocks)
    return ((uint64_t)(int64_t)(int32_t)(used + 1) << 32) | MS_TAKE;
  if (timeout == K_NO_WAIT)
    return ((uint64_t)(int64_t)-ENOMEM << 32) | MS_NOMEM;
  return ((uint64_t)(int64_t)-EAGAIN << 32) | MS_PEND;
}
int z_impl_k_mem_slab_alloc(struct k_mem_slab *s, void **mem, int32_t timeout) {
  uint32_t key = k_spin_lock(&s->lock);
  uint64_t r = mem_slab_alloc_decide(s->num_used, s->num_blocks, s->free_list != NULL, timeout);
  int32_t v = (int32_t)((int64_t)r >> 32);
  if ((uint8_t)r == MS_TAKE) {
    *mem = s->free_list;
    s->free_list = *(char **)s->free_list;
    s->num_used = (uint32_t)v;
    if ((uint32_t)v > s->max_used)
      s->max_used = (uint32_t)v;
    k_spin_unlock(&s->lock, key);
    return 0;
  }
  if ((uint8_t)r == MS_NOMEM) {
    *mem = NULL;
    k_spin_unlock(&s->lock, key);
    return v;
  }
  int ret = z_pend_curr(&s->lock, key, &s->wait_q, timeout);
  *mem = ret == 0 ? z_thread_swap_data(_current_get()) : NULL;
  return ret == 0 ? 0 : v;
}
