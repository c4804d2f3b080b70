/* k_irq_prio_route: decide computes the action with a SWITCH and a CONST LOOKUP TABLE
 * in memory, {action:u8 lo, level:u32 hi}; the shim is BOOL-returning
 * (return act != 0) and stores the level. */
#include "seam_common.h"
#include <stdbool.h>
struct irq_line { uint32_t level; uint32_t pending; uint32_t kind; uint8_t lock; };
extern void arch_irq_set_level(uint32_t irq, uint32_t level);
static const uint8_t irq_kind_act[8] = { 0, 1, 1, 2, 0, 3, 2, 1 };
static const uint16_t irq_kind_base[8] = { 0, 16, 32, 48, 64, 80, 96, 112 };
enum { IR_NONE = 0, IR_RAISE = 1, IR_LOWER = 2, IR_MASK = 3 };
DECIDE uint64_t irq_route_decide(uint32_t kind, uint32_t level, uint32_t pending) {
  uint32_t act, lvl;
  switch (kind & 7) {
  case 0:
    act = IR_NONE; lvl = level; break;
  case 3:
  case 6:
    act = pending ? IR_RAISE : irq_kind_act[kind & 7];
    lvl = irq_kind_base[kind & 7] + pending;
    break;
  case 5:
    act = IR_MASK; lvl = 0; break;
  default:
    act = irq_kind_act[kind & 7];
    lvl = irq_kind_base[kind & 7] + (level & 15);
    break;
  }
  return ((uint64_t)lvl << 32) | act;
}
bool z_impl_k_irq_prio_route(struct irq_line *l, uint32_t irq) {
  uint32_t key = k_spin_lock(&l->lock);
  uint64_t r = irq_route_decide(l->kind, l->level, l->pending);
  uint32_t act = (uint32_t)r & 0xff;
  if (act != IR_NONE) {
    l->level = (uint32_t)(r >> 32);
    arch_irq_set_level(irq, act == IR_MASK ? 0 : l->level);
  }
  k_spin_unlock(&l->lock, key);
  return act != 0;
}
