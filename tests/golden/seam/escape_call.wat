;; Seam, NEGATIVE case: the u64 really escapes, passed whole to an imported
;; tracing call. The pack must be kept bit for bit (the unpacks may go).
;;
;;   uint64_t sem_give_decide(uint32_t count, uint32_t limit, int has_waiter);  // as in sem_give.c
;;   void z_impl_k_sem_give(struct k_sem *sem) {
;;     uint32_t key = k_spin_lock(&sem->lock);
;;     struct k_thread *t = z_unpend_first_thread(&sem->wait_q);
;;     uint64_t r = sem_give_decide(sem->count, sem->limit, t != NULL);
;;     sys_trace_decision(r);
;;     if ((r & 0xff) == SEM_WAKE) { z_ready_thread(t); z_reschedule(&sem->lock, key); return; }
;;     sem->count = (uint32_t)(r >> 32);
;;     k_spin_unlock(&sem->lock, key);
;;   }
;; golden: residue=escape
(module
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_unpend_first_thread" (func $z_unpend_first_thread (param i32) (result i32)))
 (import "env" "z_ready_thread" (func $z_ready_thread (param i32)))
 (import "env" "z_reschedule" (func $z_reschedule (param i32 i32)))
 (import "env" "sys_trace_decision" (func $sys_trace_decision (param i64)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_sem_give" (func $z_impl_k_sem_give))
 (func $z_impl_k_sem_give (param $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i64)
  (local $5 i32)
  (local $6 i32)
  (local.set $2
   (call $k_spin_lock
    (local.tee $1 (i32.add (local.get $0) (i32.const 16)))))
  (local.set $3 (call $z_unpend_first_thread (local.get $0)))
  (local.set $4
   (block $__inlined_func$sem_give_decide (result i64)
    (local.set $5 (i32.load offset=8 (local.get $0)))
    (local.set $6 (i32.load offset=12 (local.get $0)))
    (if (local.get $3)
     (then
      (br $__inlined_func$sem_give_decide
       (i64.or
        (i64.shl (i64.extend_i32_u (local.get $5)) (i64.const 32))
        (i64.const 1)))))
    (if (i32.ge_u (local.get $5) (local.get $6))
     (then
      (br $__inlined_func$sem_give_decide
       (i64.or
        (i64.shl (i64.extend_i32_u (local.get $6)) (i64.const 32))
        (i64.const 2)))))
    (i64.shl
     (i64.extend_i32_u (i32.add (local.get $5) (i32.const 1)))
     (i64.const 32))))
  (call $sys_trace_decision (local.get $4))
  (if (i64.eq (i64.and (local.get $4) (i64.const 255)) (i64.const 1))
   (then
    (call $z_ready_thread (local.get $3))
    (call $z_reschedule (local.get $1) (local.get $2))
    (return)))
  (i64.store32 offset=8 (local.get $0) (i64.shr_u (local.get $4) (i64.const 32)))
  (call $k_spin_unlock (local.get $1) (local.get $2)))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_impl_k_sem_give (param $0 i32)
;; CHECK-NEXT:   (local $1 i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local $5 i32)
;; CHECK-NEXT:   (local.set $4
;; CHECK-NEXT:    (call $k_spin_lock
;; CHECK-NEXT:     (local.tee $5
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.const 16)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (call $z_unpend_first_thread
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $2
;; CHECK-NEXT:    (i32.load offset=8
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $1
;; CHECK-NEXT:    (i32.load offset=12
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (block $label$2
;; CHECK-NEXT:     (if
;; CHECK-NEXT:      (local.get $3)
;; CHECK-NEXT:      (block
;; CHECK-NEXT:       (call $sys_trace_decision
;; CHECK-NEXT:        (i64.or
;; CHECK-NEXT:         (i64.shl
;; CHECK-NEXT:          (i64.extend_i32_u
;; CHECK-NEXT:           (local.get $2)
;; CHECK-NEXT:          )
;; CHECK-NEXT:          (i64.const 32)
;; CHECK-NEXT:         )
;; CHECK-NEXT:         (i64.const 1)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (br $label$2)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (if
;; CHECK-NEXT:      (i32.ge_u
;; CHECK-NEXT:       (local.get $2)
;; CHECK-NEXT:       (local.get $1)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (block
;; CHECK-NEXT:       (call $sys_trace_decision
;; CHECK-NEXT:        (i64.or
;; CHECK-NEXT:         (i64.shl
;; CHECK-NEXT:          (i64.extend_i32_u
;; CHECK-NEXT:           (local.tee $2
;; CHECK-NEXT:            (local.get $1)
;; CHECK-NEXT:           )
;; CHECK-NEXT:          )
;; CHECK-NEXT:          (i64.const 32)
;; CHECK-NEXT:         )
;; CHECK-NEXT:         (i64.const 2)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (br $label$1)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (call $sys_trace_decision
;; CHECK-NEXT:      (i64.shl
;; CHECK-NEXT:       (i64.extend_i32_u
;; CHECK-NEXT:        (local.tee $2
;; CHECK-NEXT:         (i32.add
;; CHECK-NEXT:          (local.get $2)
;; CHECK-NEXT:          (i32.const 1)
;; CHECK-NEXT:         )
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (i64.const 32)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (br $label$1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (call $z_ready_thread
;; CHECK-NEXT:     (local.get $3)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (call $z_reschedule
;; CHECK-NEXT:     (local.get $5)
;; CHECK-NEXT:     (local.get $4)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store offset=8
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $k_spin_unlock
;; CHECK-NEXT:    (local.get $5)
;; CHECK-NEXT:    (local.get $4)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
