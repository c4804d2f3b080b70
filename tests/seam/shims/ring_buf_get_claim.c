/* ring_buf_get_claim: {len:u32 lo, off:u32 hi}; the shim COMBINES the halves
 * (end = (uint32_t)r + (uint32_t)(r >> 32)), advances the pack in place
 * (adv = r + (r << 32): hi becomes off + len) and SWAPS the halves for a
 * trace hook (sw = (r >> 32) | (r << 32), an i64.rotl by 32). */
#include "seam_common.h"
struct ring_buf { uint8_t *buffer; uint32_t size; uint32_t head; uint32_t tail;
                  uint32_t claimed; uint32_t read_hint; uint32_t wraps; uint8_t lock; };
extern void sys_trace_ring_buf_get(struct ring_buf *rb, uint32_t off, uint32_t len);
DECIDE uint64_t ring_get_claim_decide(uint32_t size, uint32_t head, uint32_t tail,
                                      uint32_t claimed, uint32_t want) {
  uint32_t avail = tail - head;
  avail = claimed >= avail ? 0 : avail - claimed;
  uint32_t off = size ? (head + claimed) % size : 0;
  uint32_t contig = size - off;
  uint32_t n = want < avail ? want : avail;
  n = n < contig ? n : contig;
  return ((uint64_t)off << 32) | n;
}
uint32_t z_ring_buf_get_claim(struct ring_buf *rb, uint8_t **data, uint32_t want) {
  uint32_t key = k_spin_lock(&rb->lock);
  uint64_t r = ring_get_claim_decide(rb->size, rb->head, rb->tail, rb->claimed, want);
  uint32_t n = (uint32_t)r;
  uint32_t end = (uint32_t)r + (uint32_t)(r >> 32);
  uint64_t sw = (r >> 32) | (r << 32);
  uint64_t adv = r + (r << 32);
  sys_trace_ring_buf_get(rb, (uint32_t)sw, (uint32_t)(sw >> 32));
  *data = rb->buffer + (uint32_t)(r >> 32);
  rb->claimed += n;
  rb->read_hint = (uint32_t)(adv >> 32);
  if (n != 0 && end == rb->size)
    rb->wraps++;
  k_spin_unlock(&rb->lock, key);
  return n;
}
