;; Seam, several return sites: each `return` of the decide became a
;; `br $__inlined_func$... (pack)` out of the inlined block; the shim unpacks
;; the action once into an i32 local and switches on it (k_sem_take-like).
;;
;;   enum { TAKE = 0, BUSY = 1, PEND = 2 };
;;   uint64_t sem_take_decide(uint32_t count, int32_t timeout) {
;;     if (count > 0) return ((uint64_t)(count - 1) << 32) | TAKE;
;;     if (timeout == K_NO_WAIT) return ((uint64_t)count << 32) | BUSY;
;;     return ((uint64_t)count << 32) | PEND;
;;   }
;;   int z_impl_k_sem_take(struct k_sem *sem, int32_t timeout) {
;;     uint32_t key = k_spin_lock(&sem->lock);
;;     uint64_t r = sem_take_decide(sem->count, timeout);
;;     uint32_t action = (uint32_t)(r & 0xff);
;;     sem->count = (uint32_t)(r >> 32);
;;     if (action == TAKE) { k_spin_unlock(&sem->lock, key); return 0; }
;;     if (action == BUSY) { k_spin_unlock(&sem->lock, key); return -EBUSY; }
;;     return z_pend_curr(&sem->lock, key, &sem->wait_q, timeout);
;;   }
;; golden: residue=none
(module
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_pend_curr" (func $z_pend_curr (param i32 i32 i32 i32) (result i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_sem_take" (func $z_impl_k_sem_take))
 (func $z_impl_k_sem_take (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i64)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local.set $3
   (call $k_spin_lock
    (local.tee $2 (i32.add (local.get $0) (i32.const 12)))))
  (local.set $4
   (block $__inlined_func$sem_take_decide (result i64)
    (local.set $6 (i32.load offset=8 (local.get $0)))
    (local.set $7 (local.get $1))
    (if (local.get $6)
     (then
      (br $__inlined_func$sem_take_decide
       (i64.shl
        (i64.extend_i32_u (i32.add (local.get $6) (i32.const -1)))
        (i64.const 32)))))
    (if (i32.eqz (local.get $7))
     (then
      (br $__inlined_func$sem_take_decide
       (i64.or
        (i64.shl (i64.extend_i32_u (local.get $6)) (i64.const 32))
        (i64.const 1)))))
    (i64.or
     (i64.shl (i64.extend_i32_u (local.get $6)) (i64.const 32))
     (i64.const 2))))
  (local.set $5 (i32.wrap_i64 (i64.and (local.get $4) (i64.const 255))))
  (i32.store offset=8 (local.get $0)
   (i32.wrap_i64 (i64.shr_u (local.get $4) (i64.const 32))))
  (if (i32.eqz (local.get $5))
   (then
    (call $k_spin_unlock (local.get $2) (local.get $3))
    (return (i32.const 0))))
  (if (i32.eq (local.get $5) (i32.const 1))
   (then
    (call $k_spin_unlock (local.get $2) (local.get $3))
    (return (i32.const -16))))
  (call $z_pend_curr (local.get $2) (local.get $3) (local.get $0) (local.get $1)))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_impl_k_sem_take (param $0 i32) (param $1 i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (call $k_spin_lock
;; CHECK-NEXT:     (local.tee $2
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.const 12)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (if
;; CHECK-NEXT:     (local.tee $4
;; CHECK-NEXT:      (i32.load offset=8
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (block
;; CHECK-NEXT:      (i32.store offset=8
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.sub
;; CHECK-NEXT:        (local.get $4)
;; CHECK-NEXT:        (i32.const 1)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (local.set $0
;; CHECK-NEXT:       (i32.const 0)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (br $label$1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.store offset=8
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:     (i32.const 0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (block $label$3
;; CHECK-NEXT:     (br_if $label$3
;; CHECK-NEXT:      (local.get $1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.set $0
;; CHECK-NEXT:      (i32.const -16)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (br $label$1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (call $z_pend_curr
;; CHECK-NEXT:      (local.get $2)
;; CHECK-NEXT:      (local.get $3)
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:      (local.get $1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $k_spin_unlock
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:    (local.get $3)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $0)
;; CHECK-NEXT:  )
