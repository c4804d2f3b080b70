;; The memory seam: a decide returns {u8 action @0, u32 count @4} through a
;; result pointer into the caller's shadow-stack slot (inlined already).
;; The slot never escapes: its stores, loads and the stack-pointer traffic go.
(module
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_ready_thread" (func $z_ready_thread (param i32)))
 (global $__stack_pointer (mut i32) (i32.const 65536))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_sem_give_sret" (func $z_impl_k_sem_give_sret))
 (func $z_impl_k_sem_give_sret (param $0 i32) (result i32)
  (local $1 i32) (local $2 i32) (local $3 i32)
  (global.set $__stack_pointer
   (local.tee $1 (i32.sub (global.get $__stack_pointer) (i32.const 16))))
  (local.set $2 (call $k_spin_lock (local.get $0)))
  ;; inlined decide(count, waiter, &slot)
  (local.set $3 (i32.load offset=8 (local.get $0)))
  (if (i32.load offset=4 (local.get $0))
   (then
    (i32.store8 (local.get $1) (i32.const 1))
    (i32.store offset=4 (local.get $1) (local.get $3)))
   (else
    (i32.store8 (local.get $1) (i32.const 0))
    (i32.store offset=4 (local.get $1) (i32.add (local.get $3) (i32.const 1)))))
  ;; back in the shim
  (i32.store offset=8 (local.get $0) (i32.load offset=4 (local.get $1)))
  (if (i32.eq (i32.load8_u (local.get $1)) (i32.const 1))
   (then (call $z_ready_thread (i32.load offset=4 (local.get $0)))))
  (call $k_spin_unlock (local.get $0) (local.get $2))
  (local.set $3 (i32.load8_u (local.get $1)))
  (global.set $__stack_pointer (i32.add (local.get $1) (i32.const 16)))
  (local.get $3))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_impl_k_sem_give_sret (param $0 i32) (result i32)
;; CHECK-NEXT:   (local $1 i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (call $k_spin_lock
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $1
;; CHECK-NEXT:    (i32.load offset=8
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $2
;; CHECK-NEXT:    (i32.const 1)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (br_if $label$1
;; CHECK-NEXT:     (i32.load offset=4
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.set $1
;; CHECK-NEXT:     (i32.add
;; CHECK-NEXT:      (local.get $1)
;; CHECK-NEXT:      (i32.const 1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.set $2
;; CHECK-NEXT:     (i32.const 0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store offset=8
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:    (call $z_ready_thread
;; CHECK-NEXT:     (i32.load offset=4
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $k_spin_unlock
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:    (local.get $3)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $2)
;; CHECK-NEXT:  )
