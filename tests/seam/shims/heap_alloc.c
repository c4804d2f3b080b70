/* k_heap_alloc: a POINTER in the low half {mem:u32 address @0, len:u32 @32}
 * (0 = no memory); the shim turns (uint32_t)r back into a pointer, tests it
 * against NULL, writes a header through it and uses the hi half as a length. */
#include "seam_common.h"
struct k_heap { _wait_q_t wait_q; uint8_t *base; uint32_t size; uint32_t next_free;
                uint32_t allocs; uint8_t lock; };
extern void memzero(void *dst, uint32_t n);
DECIDE uint64_t heap_alloc_decide(uint8_t *base, uint32_t size, uint32_t next, uint32_t bytes,
                                  uint32_t align) {
  uint32_t a = align ? align : 4;
  uint32_t start = (next + 4 + a - 1) & ~(a - 1);
  uint32_t len = (bytes + 3) & ~3u;
  if (bytes == 0 || start < next || start + len > size || start + len < start)
    return 0;
  return ((uint64_t)len << 32) | (uint32_t)(uintptr_t)(base + start);
}
void *z_impl_k_heap_alloc(struct k_heap *h, uint32_t bytes, uint32_t align, int32_t timeout) {
  uint32_t key = k_spin_lock(&h->lock);
  uint64_t r = heap_alloc_decide(h->base, h->size, h->next_free, bytes, align);
  uint8_t *mem = (uint8_t *)(uintptr_t)(uint32_t)r;
  uint32_t len = (uint32_t)(r >> 32);
  if (mem == NULL) {
    if (timeout == K_NO_WAIT) {
      k_spin_unlock(&h->lock, key);
      return NULL;
    }
    if (z_pend_curr(&h->lock, key, &h->wait_q, timeout) != 0)
      return NULL;
    return z_thread_swap_data(_current_get());
  }
  ((uint32_t *)mem)[-1] = len;
  h->next_free = (uint32_t)(mem - h->base) + len;
  h->allocs++;
  k_spin_unlock(&h->lock, key);
  memzero(mem, len);
  return mem;
}
