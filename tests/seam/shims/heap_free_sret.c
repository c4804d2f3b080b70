/* k_heap_free, MEMORY SEAM (sret) with 6 fields {u8 action @0, u8 bucket @1,
 * u16 chunk_sz @2, void *merged @4, u32 free_bytes @8, i32 ret @12}; the shim uses
 * only action, free_bytes and ret (bucket, chunk_sz, merged are dead). */
#include "seam_common.h"
struct k_heap { _wait_q_t wait_q; uint8_t *base; uint32_t size; uint32_t free_bytes;
                uint32_t frees; uint8_t lock; };
extern void sys_heap_free(struct k_heap *h, void *mem);
enum { HF_NULL = 0, HF_FREE = 1, HF_WAKE = 2, HF_INVALID = 3 };
struct hf_result { uint8_t action; uint8_t bucket; uint16_t chunk_sz; void *merged;
                   uint32_t free_bytes; int32_t ret; };
DECIDE struct hf_result heap_free_decide(uint8_t *mem, uint8_t *base, uint32_t size,
                                         uint32_t hdr, uint32_t free_bytes, int has_waiter) {
  struct hf_result r = { HF_INVALID, 0, 0, NULL, free_bytes, -EINVAL };
  if (mem == NULL) {
    r.action = HF_NULL;
    r.ret = 0;
    return r;
  }
  if (mem < base + 8 || mem >= base + size || !(hdr & 1))
    return r;
  uint32_t csz = hdr & 0xfffe;
  r.chunk_sz = (uint16_t)csz;
  r.bucket = (uint8_t)(31 - __builtin_clz(csz | 1));
  r.merged = mem - 8;
  r.free_bytes = free_bytes + csz;
  r.ret = 0;
  r.action = has_waiter ? HF_WAKE : HF_FREE;
  return r;
}
int z_impl_k_heap_free(struct k_heap *h, void *mem, uint32_t hdr) {
  uint32_t key = k_spin_lock(&h->lock);
  struct hf_result r = heap_free_decide((uint8_t *)mem, h->base, h->size, hdr, h->free_bytes,
                                        h->wait_q.head != NULL);
  if (r.action == HF_INVALID || r.action == HF_NULL) {
    k_spin_unlock(&h->lock, key);
    return r.ret;
  }
  sys_heap_free(h, mem);
  h->free_bytes = r.free_bytes;
  h->frees++;
  if (r.action == HF_WAKE) {
    z_ready_thread(z_unpend_first_thread(&h->wait_q));
    z_reschedule(&h->lock, key);
    return 0;
  }
  k_spin_unlock(&h->lock, key);
  return r.ret;
}
