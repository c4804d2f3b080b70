;; Seam, NEGATIVE case: the u64 really escapes, stored whole with i64.store
;; into the object (a "last decision" record) besides being unpacked. The
;; packed value must reach memory bit for bit.
;;
;;   uint64_t sem_take_decide(uint32_t count, int32_t timeout);  // as in multi_return.wat
;;   int z_impl_k_sem_take(struct k_sem *sem, int32_t timeout) {
;;     uint32_t key = k_spin_lock(&sem->lock);
;;     uint64_t r = sem_take_decide(sem->count, timeout);
;;     sem->last_decision = r;              // uint64_t at offset 16
;;     sem->count = (uint32_t)(r >> 32);
;;     k_spin_unlock(&sem->lock, key);
;;     return -(int)(r & 0xff);
;;   }
;; golden: residue=escape
(module
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_sem_take" (func $z_impl_k_sem_take))
 (func $z_impl_k_sem_take (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i64)
  (local $5 i32)
  (local.set $3
   (call $k_spin_lock
    (local.tee $2 (i32.add (local.get $0) (i32.const 12)))))
  (local.set $4
   (block $__inlined_func$sem_take_decide (result i64)
    (local.set $5 (i32.load offset=8 (local.get $0)))
    (if (local.get $5)
     (then
      (br $__inlined_func$sem_take_decide
       (i64.shl
        (i64.extend_i32_u (i32.add (local.get $5) (i32.const -1)))
        (i64.const 32)))))
    (i64.or
     (i64.shl (i64.extend_i32_u (local.get $5)) (i64.const 32))
     (i64.extend_i32_u (select (i32.const 1) (i32.const 2) (i32.eqz (local.get $1)))))))
  (i64.store offset=16 (local.get $0) (local.get $4))
  (i64.store32 offset=8 (local.get $0) (i64.shr_u (local.get $4) (i64.const 32)))
  (call $k_spin_unlock (local.get $2) (local.get $3))
  (i32.sub (i32.const 0) (i32.wrap_i64 (i64.and (local.get $4) (i64.const 255)))))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_impl_k_sem_take (param $0 i32) (param $1 i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local $5 i32)
;; CHECK-NEXT:   (local $6 i64)
;; CHECK-NEXT:   (local.set $4
;; CHECK-NEXT:    (call $k_spin_lock
;; CHECK-NEXT:     (local.tee $5
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.const 12)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $2
;; CHECK-NEXT:    (i32.const 0)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (if
;; CHECK-NEXT:     (local.tee $3
;; CHECK-NEXT:      (i32.load offset=8
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (block
;; CHECK-NEXT:      (local.set $6
;; CHECK-NEXT:       (i64.shl
;; CHECK-NEXT:        (i64.extend_i32_u
;; CHECK-NEXT:         (local.tee $1
;; CHECK-NEXT:          (i32.sub
;; CHECK-NEXT:           (local.get $3)
;; CHECK-NEXT:           (i32.const 1)
;; CHECK-NEXT:          )
;; CHECK-NEXT:         )
;; CHECK-NEXT:        )
;; CHECK-NEXT:        (i64.const 32)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (br $label$1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.set $6
;; CHECK-NEXT:     (i64.extend_i32_u
;; CHECK-NEXT:      (local.tee $2
;; CHECK-NEXT:       (select
;; CHECK-NEXT:        (i32.const 2)
;; CHECK-NEXT:        (i32.const 1)
;; CHECK-NEXT:        (local.get $1)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.set $1
;; CHECK-NEXT:     (local.get $3)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i64.store offset=16
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:    (local.get $6)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store offset=8
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $k_spin_unlock
;; CHECK-NEXT:    (local.get $5)
;; CHECK-NEXT:    (local.get $4)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.sub
;; CHECK-NEXT:    (i32.const 0)
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
