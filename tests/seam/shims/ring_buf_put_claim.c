/* ring_buf_put_claim, NEGATIVE CONTROL: the decide packs {claimed:u32 lo,
 * offset:u32 hi}; the shim updates the ring from both halves and then RETURNS
 * the u64 unchanged (the caller unpacks it), so a pack must survive in the shim. */
#include "seam_common.h"
struct ring_buf { uint8_t *buffer; uint32_t size; uint32_t head; uint32_t tail;
                  uint32_t claimed; uint32_t full_hits; uint8_t lock; };
extern void sys_trace_ring_buf_full(struct ring_buf *rb, uint32_t offset);
DECIDE uint64_t ring_put_claim_decide(uint32_t size, uint32_t head, uint32_t tail,
                                      uint32_t claimed, uint32_t want) {
  uint32_t used = head + claimed - tail;
  uint32_t space = used >= size ? 0 : size - used;
  uint32_t off = size ? (head + claimed) % size : 0;
  uint32_t contig = size - off;
  uint32_t n = want < space ? want : space;
  n = n < contig ? n : contig;
  return ((uint64_t)off << 32) | n;
}
uint64_t z_ring_buf_put_claim(struct ring_buf *rb, uint32_t want) {
  uint32_t key = k_spin_lock(&rb->lock);
  uint64_t r = ring_put_claim_decide(rb->size, rb->head, rb->tail, rb->claimed, want);
  rb->claimed += (uint32_t)r;
  if ((uint32_t)r == 0) {
    rb->full_hits++;
    sys_trace_ring_buf_full(rb, (uint32_t)(r >> 32));
  }
  k_spin_unlock(&rb->lock, key);
  return r;
}
