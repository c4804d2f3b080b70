/* k_thread_abort: TWO DECIDES OR-ed before unpacking,
 * r = abort_state_decide(..) | abort_join_decide(..); the first fills
 * {action:u8 @0, new_state:u16 @16}, the second {wake:bool @8, joiners:u32 @32}. */
#include "seam_common.h"
struct k_thread { _wait_q_t join_queue; uint32_t base_state; uint32_t user_options;
                  uint32_t joiners; uint8_t lock; };
#define _THREAD_DEAD 0x08u
#define _THREAD_ABORTING 0x20u
#define K_ESSENTIAL 0x1u
extern void z_thread_halt(struct k_thread *t);
extern void k_panic_essential(struct k_thread *t);
enum { TA_NOOP = 0, TA_HALT = 1, TA_HALT_SELF = 2, TA_PANIC = 3 };
DECIDE uint64_t abort_state_decide(uint32_t state, uint32_t options, int is_self) {
  if (state & _THREAD_DEAD)
    return ((uint64_t)(state & 0xffff) << 16) | TA_NOOP;
  if (options & K_ESSENTIAL)
    return ((uint64_t)(state & 0xffff) << 16) | TA_PANIC;
  uint32_t ns = (state | _THREAD_DEAD) & ~_THREAD_ABORTING;
  return ((uint64_t)(ns & 0xffff) << 16) | (is_self ? TA_HALT_SELF : TA_HALT);
}
DECIDE uint64_t abort_join_decide(int has_joiner, uint32_t joiners, uint32_t state) {
  if ((state & _THREAD_DEAD) || !has_joiner)
    return (uint64_t)joiners << 32;
  return ((uint64_t)(joiners - 1) << 32) | (1u << 8);
}
void z_impl_k_thread_abort(struct k_thread *t) {
  uint32_t key = k_spin_lock(&t->lock);
  uint32_t st = t->base_state;
  uint64_t r = abort_state_decide(st, t->user_options, t == _current_get()) |
               abort_join_decide(t->join_queue.head != NULL, t->joiners, st);
  t->base_state = (st & 0xffff0000u) | (uint32_t)((r >> 16) & 0xffff);
  t->joiners = (uint32_t)(r >> 32);
  switch (r & 0xff) {
  case TA_NOOP:
    k_spin_unlock(&t->lock, key);
    return;
  case TA_PANIC:
    k_spin_unlock(&t->lock, key);
    k_panic_essential(t);
    return;
  default:
    break;
  }
  z_thread_halt(t);
  if ((r >> 8) & 1) {
    struct k_thread *j = z_unpend_first_thread(&t->join_queue);
    arch_thread_return_value_set(j, 0);
    z_ready_thread(j);
  }
  if ((r & 0xff) == TA_HALT_SELF) {
    arch_swap(key);
    return;
  }
  z_reschedule(&t->lock, key);
}
