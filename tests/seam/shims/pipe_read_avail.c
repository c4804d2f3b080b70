/* k_pipe_peek / read_avail: ODD-WIDTH fields {action:3 @0, wrapped:bool @7,
 * contig:u16 @8, chunks:u8 @24, avail:u32 @32}; the shim unpacks with r & 7,
 * (r >> 7) & 1, (r >> 8) & 0xffff, (r >> 24) & 0xff and r >> 32. */
#include "seam_common.h"
struct k_pipe { _wait_q_t readers; uint8_t *buf; uint32_t size; uint32_t bytes_used;
                uint32_t read_idx; uint32_t full_peeks; uint8_t lock; };
enum { PA_EMPTY = 0, PA_LINEAR = 1, PA_SPLIT = 2, PA_FULL = 3 };
DECIDE uint64_t pipe_avail_decide(uint32_t size, uint32_t used, uint32_t ridx, uint32_t chunk) {
  if (used == 0 || ridx >= size)
    return PA_EMPTY;
  uint32_t tail = size - ridx;
  uint32_t contig = used < tail ? used : tail;
  uint64_t wrapped = used > tail;
  uint32_t chunks = chunk ? (used + chunk - 1) / chunk : 1;
  uint64_t act = used >= size ? PA_FULL : (wrapped ? PA_SPLIT : PA_LINEAR);
  return ((uint64_t)used << 32) | ((uint64_t)(chunks > 255 ? 255 : chunks) << 24) |
         ((uint64_t)(contig & 0xffff) << 8) | (wrapped << 7) | act;
}
uint32_t z_impl_k_pipe_peek(struct k_pipe *p, void *dst, uint32_t chunk, uint32_t *nchunks) {
  uint32_t key = k_spin_lock(&p->lock);
  uint64_t r = pipe_avail_decide(p->size, p->bytes_used, p->read_idx, chunk);
  uint32_t avail = (uint32_t)(r >> 32);
  if ((r & 7) == PA_EMPTY) {
    *nchunks = 0;
    k_spin_unlock(&p->lock, key);
    return 0;
  }
  *nchunks = (uint32_t)((r >> 24) & 0xff);
  uint32_t contig = (uint32_t)((r >> 8) & 0xffff);
  memcpy_to(dst, p->buf + p->read_idx, contig);
  if ((r >> 7) & 1)
    memcpy_to((uint8_t *)dst + contig, p->buf, avail - contig);
  p->full_peeks += (r & 7) == PA_FULL;
  k_spin_unlock(&p->lock, key);
  return avail;
}
