/* k_lifo_get, MEMORY SEAM (sret): decide returns a 16-byte struct through a hidden
 * result pointer {void *item @0, void *new_head @4, u16 action @8, i16 ret @10,
 * u32 count @12}; 3 return sites; shim reloads (load16_u / load16_s). */
#include "seam_common.h"
struct k_lifo { _wait_q_t wait_q; void **head; uint32_t count; uint8_t lock; };
enum { LG_TAKE = 0, LG_EMPTY = 1, LG_PEND = 2 };
struct lg_result { void *item; void *new_head; uint16_t action; int16_t ret; uint32_t count; };
DECIDE struct lg_result lifo_get_decide(void **head, void *next, uint32_t count,
                                        int32_t timeout) {
  struct lg_result r = { NULL, head, LG_EMPTY, -EAGAIN, count };
  if (head != NULL) {
    r.item = head;
    r.new_head = next;
    r.action = LG_TAKE;
    r.ret = 0;
    r.count = count ? count - 1 : 0;
    return r;
  }
  if (timeout != K_NO_WAIT) {
    r.action = LG_PEND;
    r.ret = (int16_t)-EAGAIN;
  }
  return r;
}
void *z_impl_k_lifo_get(struct k_lifo *l, int32_t timeout, int *err) {
  uint32_t key = k_spin_lock(&l->lock);
  void **h = l->head;
  struct lg_result r = lifo_get_decide(h, h ? *h : NULL, l->count, timeout);
  l->count = r.count;
  *err = r.ret;
  if (r.action == LG_TAKE) {
    l->head = (void **)r.new_head;
    k_spin_unlock(&l->lock, key);
    return r.item;
  }
  if (r.action == LG_EMPTY) {
    k_spin_unlock(&l->lock, key);
    return NULL;
  }
  *err = z_pend_curr(&l->lock, key, &l->wait_q, timeout);
  return *err ? NULL : z_thread_swap_data(_current_get());
}
