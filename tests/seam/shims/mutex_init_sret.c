/* k_mutex_init-like reset, MEMORY SEAM (sret): decide returns a 12-byte struct
 * {u8 action @0, i8 prio @1, u16 pad, u32 lock_count @4, i32 ret @8}; two
 * returns in decide, the shim reads prio sign-extended and stores lock_count. */
#include "seam_common.h"
struct k_mutex { _wait_q_t wait_q; struct k_thread *owner; uint32_t lock_count;
                 int32_t owner_orig_prio; uint8_t lock; };
enum { MI_RESET = 0, MI_BUSY = 1, MI_WAKE = 2 };
struct mi_result { uint8_t action; int8_t prio; uint32_t lock_count; int32_t ret; };
DECIDE struct mi_result mutex_init_decide(uint32_t lock_count, int has_owner, int has_waiter) {
  struct mi_result r;
  if (has_owner && lock_count != 0) {
    r.action = MI_BUSY; r.prio = 0; r.lock_count = lock_count; r.ret = -EBUSY;
    return r;
  }
  r.action = has_waiter ? MI_WAKE : MI_RESET;
  r.prio = -1; r.lock_count = 0; r.ret = 0;
  return r;
}
int z_impl_k_mutex_reset_sret(struct k_mutex *m) {
  uint32_t key = k_spin_lock(&m->lock);
  struct k_thread *t = (struct k_thread *)m->wait_q.head;
  struct mi_result r = mutex_init_decide(m->lock_count, m->owner != NULL, t != NULL);
  m->lock_count = r.lock_count;
  if (r.action == MI_BUSY) {
    k_spin_unlock(&m->lock, key);
    return r.ret;
  }
  m->owner = NULL;
  m->owner_orig_prio = r.prio;
  if (r.action == MI_WAKE) {
    t = z_unpend_first_thread(&m->wait_q);
    arch_thread_return_value_set(t, -EAGAIN);
    z_ready_thread(t);
    z_reschedule(&m->lock, key);
    return r.ret;
  }
  k_spin_unlock(&m->lock, key);
  return r.ret;
}
