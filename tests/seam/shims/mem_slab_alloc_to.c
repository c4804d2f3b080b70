/* k_mem_slab_alloc with timeout: {action:u8 lo, new free count:u16 hi}; uint16_t
 * counters; `if/else if` on `==`; the count written back before the dispatch;
 * single exit through `ret`; pend path returns z_pend_curr's result. */
#include "seam_common.h"
struct k_mem_slab_t { _wait_q_t wait_q; void *free_list; uint16_t num_free;
                      uint16_t num_used; uint16_t max_used; uint8_t lock; };
enum { SA_NOMEM = 0, SA_TAKE = 1, SA_PEND = 2 };
DECIDE uint64_t mem_slab_alloc_to_decide(uint16_t num_free, int32_t timeout) {
  if (num_free != 0)
    return ((uint64_t)(uint16_t)(num_free - 1) << 32) | SA_TAKE;
  if (timeout == K_NO_WAIT)
    return SA_NOMEM;
  return SA_PEND;
}
int z_impl_k_mem_slab_alloc_to(struct k_mem_slab_t *slab, void **mem, int32_t timeout) {
  int ret;
  uint32_t key = k_spin_lock(&slab->lock);
  uint64_t r = mem_slab_alloc_to_decide(slab->num_free, timeout);
  slab->num_free = (uint16_t)(r >> 32);
  if ((r & 0xff) == SA_TAKE) {
    *mem = slab->free_list;
    slab->free_list = *(void **)slab->free_list;
    slab->num_used++;
    if (slab->num_used > slab->max_used)
      slab->max_used = slab->num_used;
    k_spin_unlock(&slab->lock, key);
    ret = 0;
  } else if ((r & 0xff) == SA_NOMEM) {
    *mem = NULL;
    k_spin_unlock(&slab->lock, key);
    ret = -ENOMEM;
  } else {
    ret = z_pend_curr(&slab->lock, key, &slab->wait_q, timeout);
    if (ret == 0)
      *mem = z_thread_swap_data(_current_get());
  }
  return ret;
}
