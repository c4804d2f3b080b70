/* k_mutex_lock with recursive lock count and priority inheritance:
 * {action:u8 lo, new owner priority:i32 hi}; four actions in a `switch`; the
 * signed high half passed to z_thread_priority_set; several return sites. */
#include "seam_common.h"
struct k_mutex_pi { _wait_q_t wait_q; struct k_thread *owner; uint32_t lock_count;
                    int32_t owner_orig_prio; int32_t owner_prio; uint8_t lock; };
extern int z_thread_prio_get(struct k_thread *t);
enum { MP_TAKE = 0, MP_RECURSE = 1, MP_BUSY = 2, MP_BOOST_PEND = 3 };
DECIDE uint64_t mutex_lock_pi_decide(uint32_t lock_count, int is_owner, int32_t timeout,
                                     int32_t cur_prio, int32_t owner_prio) {
  if (lock_count == 0)
    return ((uint64_t)(uint32_t)cur_prio << 32) | MP_TAKE;
  if (is_owner)
    return ((uint64_t)(uint32_t)owner_prio << 32) | MP_RECURSE;
  if (timeout == K_NO_WAIT)
    return ((uint64_t)(uint32_t)-EBUSY << 32) | MP_BUSY;
  int32_t np = cur_prio < owner_prio ? cur_prio : owner_prio;
  return ((uint64_t)(uint32_t)np << 32) | MP_BOOST_PEND;
}
int z_impl_k_mutex_lock_pi(struct k_mutex_pi *m, int32_t timeout) {
  uint32_t key = k_spin_lock(&m->lock);
  struct k_thread *cur = _current_get();
  int32_t cp = z_thread_prio_get(cur);
  uint64_t r = mutex_lock_pi_decide(m->lock_count, m->owner == cur, timeout, cp, m->owner_prio);
  int32_t prio = (int32_t)(r >> 32);
  switch ((uint8_t)r) {
  case MP_TAKE:
    m->owner = cur;
    m->lock_count = 1;
    m->owner_orig_prio = prio;
    m->owner_prio = prio;
    k_spin_unlock(&m->lock, key);
    return 0;
  case MP_RECURSE:
    m->lock_count++;
    k_spin_unlock(&m->lock, key);
    return 0;
  case MP_BUSY:
    k_spin_unlock(&m->lock, key);
    return prio;
  default:
    if (prio != m->owner_prio) {
      m->owner_prio = prio;
      z_thread_priority_set(m->owner, prio);
    }
    return z_pend_curr(&m->lock, key, &m->wait_q, timeout);
  }
}
