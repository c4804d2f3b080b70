/* k_object_validate, CONTROL: {action:u8 lo, value:u32 hi}; besides unpacking it,
 * the shim compares the WHOLE pack with a u64 constant
 * (r == ((uint64_t)K_SUPERVISOR_ID << 32 | OV_GRANT)); this may be dissolved
 * legitimately (into two i32 compares). */
#include "seam_common.h"
struct k_object { void *name; uint32_t perms; uint8_t type; uint8_t flags; uint16_t grants; };
#define K_OBJ_FLAG_INITIALIZED 1u
#define K_SUPERVISOR_ID 5u
#define EBADF 9
extern void sys_trace_obj_denied(struct k_object *ko, uint32_t tid);
enum { OV_OK = 0, OV_GRANT = 1, OV_BADTYPE = 2, OV_NOPERM = 3, OV_UNINIT = 4 };
DECIDE uint64_t object_validate_decide(uint32_t otype, uint32_t want, uint32_t flags,
                                       uint32_t perms, uint32_t tid, int is_init) {
  if (want != 0 && otype != want)
    return ((uint64_t)(uint32_t)-EBADF << 32) | OV_BADTYPE;
  if (is_init && !(flags & K_OBJ_FLAG_INITIALIZED))
    return ((uint64_t)tid << 32) | OV_GRANT;
  if (!(flags & K_OBJ_FLAG_INITIALIZED))
    return ((uint64_t)(uint32_t)-EINVAL << 32) | OV_UNINIT;
  if (tid < 32 && !(perms & (1u << tid)))
    return ((uint64_t)tid << 32) | (tid == K_SUPERVISOR_ID ? OV_GRANT : OV_NOPERM);
  return OV_OK;
}
int z_object_validate(struct k_object *ko, uint32_t want, uint32_t tid, int is_init) {
  uint64_t r = object_validate_decide(ko->type, want, ko->flags, ko->perms, tid, is_init);
  if (r == (((uint64_t)K_SUPERVISOR_ID << 32) | OV_GRANT))
    return 0;                       /* supervisor: implicit grant, no bookkeeping */
  switch ((uint8_t)r) {
  case OV_OK:
    return 0;
  case OV_GRANT:
    ko->perms |= 1u << ((uint32_t)(r >> 32) & 31);
    ko->grants++;
    ko->flags |= K_OBJ_FLAG_INITIALIZED;
    return 0;
  case OV_NOPERM:
    sys_trace_obj_denied(ko, (uint32_t)(r >> 32));
    return -EPERM;
  default:
    return (int)(r >> 32);
  }
}
