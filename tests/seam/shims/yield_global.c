/* k_yield, NEGATIVE CONTROL: {action:u8 @0, prio:i8 @8, runq_len:u32 @32} is
 * unpacked, but the whole u64 is also STORED TO A GLOBAL (last_yield_decision,
 * an i64.store to a fixed address), so a pack must survive in the shim. */
#include "seam_common.h"
struct _runq { void *head; uint32_t len; uint32_t yields; int8_t top_prio; uint8_t lock; };
extern void z_move_thread_to_end_of_prio_q(struct k_thread *t);
extern int32_t z_thread_priority_get(struct k_thread *t);
uint64_t last_yield_decision;
enum { YD_NOOP = 0, YD_REQUEUE = 1, YD_SWAP = 2 };
DECIDE uint64_t yield_decide(uint32_t len, int32_t cur_prio, int8_t top_prio) {
  if (len == 0)
    return ((uint64_t)(uint8_t)cur_prio << 8) | YD_NOOP;
  uint64_t act = top_prio <= cur_prio ? YD_SWAP : YD_REQUEUE;
  return ((uint64_t)(len - 1 + (act == YD_REQUEUE)) << 32) |
         ((uint64_t)(uint8_t)top_prio << 8) | act;
}
int z_impl_k_yield(struct _runq *q) {
  uint32_t key = k_spin_lock(&q->lock);
  struct k_thread *cur = _current_get();
  uint64_t r = yield_decide(q->len, z_thread_priority_get(cur), q->top_prio);
  last_yield_decision = r;
  q->len = (uint32_t)(r >> 32);
  if ((r & 0xff) == YD_NOOP) {
    k_spin_unlock(&q->lock, key);
    return 0;
  }
  q->yields++;
  z_move_thread_to_end_of_prio_q(cur);
  q->top_prio = (int8_t)(r >> 8);
  if ((r & 0xff) == YD_SWAP)
    return arch_swap(key);
  k_spin_unlock(&q->lock, key);
  return 1;
}
