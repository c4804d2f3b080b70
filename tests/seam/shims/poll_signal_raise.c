/* k_poll_signal_raise: three fields incl. SIGNED {action:u8 @0, signaled:u8 @8,
 * int32 result @32} packed with sign extension; shim also tests the sign of the
 * whole pack ((int64_t)r < 0, i64.lt_s) and returns (int)(r >> 32). */
#include "seam_common.h"
struct k_poll_signal { _wait_q_t poll_events; uint32_t signaled; int32_t result; uint8_t lock; };
struct k_poll_event;
extern struct k_poll_event *sys_dlist_get(void *list);
extern int signal_poll_event(struct k_poll_event *e, uint32_t state);
enum { PS_NONE = 0, PS_NOTIFY = 1, PS_REJECT = 2 };
DECIDE uint64_t poll_signal_decide(uint32_t signaled, int32_t old_result, int32_t result,
                                   int has_event) {
  if (result < -4095)
    return ((uint64_t)(int64_t)-EINVAL << 32) | ((uint64_t)(signaled & 0xff) << 8) | PS_REJECT;
  uint32_t act = has_event ? PS_NOTIFY : PS_NONE;
  int32_t res = (signaled && result == 0) ? old_result : result;
  return ((uint64_t)(int64_t)res << 32) | (1u << 8) | act;
}
int z_impl_k_poll_signal_raise(struct k_poll_signal *sig, int result) {
  uint32_t key = k_spin_lock(&sig->lock);
  uint64_t r = poll_signal_decide(sig->signaled, sig->result, result,
                                  sig->poll_events.head != NULL);
  if ((r & 0xff) == PS_REJECT) {
    k_spin_unlock(&sig->lock, key);
    return (int)(r >> 32);
  }
  sig->result = (int32_t)(r >> 32);
  sig->signaled = (uint32_t)((r >> 8) & 0xff);
  if ((r & 0xff) == PS_NOTIFY) {
    struct k_poll_event *e = sys_dlist_get(&sig->poll_events);
    int rc = signal_poll_event(e, (int64_t)r < 0 ? 2u : 1u);
    z_reschedule(&sig->lock, key);
    return rc;
  }
  k_spin_unlock(&sig->lock, key);
  return 0;
}
