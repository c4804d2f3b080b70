/* k_thread_suspend: {action:u8 @0, new_state:u16 @16}; the shim COMPUTES with the
 * state field ((r >> 16) & 0xffff, xor with the old state) before branching on the
 * action, and tests the same action (TSU_SELF) twice, before and after calls. */
#include "seam_common.h"
struct k_thread { uint32_t base_state; uint32_t suspend_count; _wait_q_t *pended_on;
                  int32_t prio; uint8_t lock; };
#define _THREAD_PENDING 0x02u
#define _THREAD_DEAD 0x08u
#define _THREAD_SUSPENDED 0x10u
extern void z_unpend_thread(struct k_thread *t);
extern void z_dequeue_thread(struct k_thread *t);
extern void sys_trace_thread_state(struct k_thread *t, uint32_t state, uint32_t changed);
enum { TSU_NOOP = 0, TSU_OTHER = 1, TSU_SELF = 2, TSU_DEAD = 3 };
DECIDE uint64_t thread_suspend_decide(uint32_t state, int is_current, int is_pended) {
  if (state & _THREAD_DEAD)
    return ((uint64_t)(state & 0xffff) << 16) | TSU_DEAD;
  if (state & _THREAD_SUSPENDED)
    return ((uint64_t)(state & 0xffff) << 16) | TSU_NOOP;
  uint32_t ns = (state | _THREAD_SUSPENDED) & ~(is_pended ? 0u : _THREAD_PENDING);
  return ((uint64_t)(ns & 0xffff) << 16) | (is_current ? TSU_SELF : TSU_OTHER);
}
int z_impl_k_thread_suspend(struct k_thread *t, uint32_t *prev_state) {
  uint32_t key = k_spin_lock(&t->lock);
  uint32_t old = t->base_state;
  uint64_t r = thread_suspend_decide(old, t == _current_get(), t->pended_on != NULL);
  uint32_t ns = (uint32_t)((r >> 16) & 0xffff);
  uint32_t changed = (ns ^ old) & 0xffff;
  *prev_state = old;
  t->base_state = (old & 0xffff0000u) | ns;
  if ((r & 0xff) == TSU_DEAD) {
    k_spin_unlock(&t->lock, key);
    return -EINVAL;
  }
  if ((r & 0xff) == TSU_SELF)
    z_thread_priority_set(t, t->prio);
  if (changed)
    sys_trace_thread_state(t, ns, changed);
  if ((r & 0xff) != TSU_NOOP) {
    t->suspend_count++;
    if (t->pended_on)
      z_unpend_thread(t);
    z_dequeue_thread(t);
  }
  if ((r & 0xff) == TSU_SELF) {
    z_reschedule(&t->lock, key);
    return 1;
  }
  k_spin_unlock(&t->lock, key);
  return 0;
}
