/* k_msgq_peek_at: the pack {action:u8 @0, flags:u8 @8, slot:u16 @16, used:u32 @32}
 * is copied into a LOCAL STRUCT on the C stack (__builtin_memcpy of the u64,
 * little-endian layout) and read back field by field (s.action, s.flags, s.slot,
 * s.used), the way C code reinterprets a returned word. */
#include "seam_common.h"
struct k_msgq { _wait_q_t wait_q; uint32_t msg_size; uint32_t max_msgs; uint8_t *buffer_start;
                uint32_t read_idx; uint32_t used_msgs; uint32_t wrapped_peeks; uint8_t lock; };
struct peek_res { uint8_t action; uint8_t flags; uint16_t slot; uint32_t used; };
enum { MP_OK = 0, MP_EMPTY = 1, MP_RANGE = 2 };
#define MPF_WRAPPED 1u
DECIDE uint64_t msgq_peek_decide(uint32_t used, uint32_t ridx, uint32_t max, uint32_t idx) {
  if (used == 0)
    return MP_EMPTY;
  if (idx >= used)
    return ((uint64_t)used << 32) | MP_RANGE;
  uint32_t slot = ridx + idx;
  uint64_t wrapped = slot >= max;
  if (wrapped)
    slot -= max;
  return ((uint64_t)used << 32) | ((uint64_t)(slot & 0xffff) << 16) | (wrapped << 8) | MP_OK;
}
int z_impl_k_msgq_peek_at(struct k_msgq *q, void *data, uint32_t idx) {
  uint32_t key = k_spin_lock(&q->lock);
  uint64_t r = msgq_peek_decide(q->used_msgs, q->read_idx, q->max_msgs, idx);
  struct peek_res s;
  __builtin_memcpy(&s, &r, sizeof s);
  if (s.action == MP_EMPTY) {
    k_spin_unlock(&q->lock, key);
    return -ENOMSG;
  }
  if (s.action == MP_RANGE) {
    k_spin_unlock(&q->lock, key);
    return -(int)s.used;
  }
  if (s.flags & MPF_WRAPPED)
    q->wrapped_peeks++;
  memcpy_to(data, q->buffer_start + (uint32_t)s.slot * q->msg_size, q->msg_size);
  k_spin_unlock(&q->lock, key);
  return (int)s.used;
}
