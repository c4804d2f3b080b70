;; Seam, branchless decide: clang turns the ternary into an i64 `select`
;; between two packs (k_queue wake decision).
;;
;;   uint64_t queue_wake_decide(int has_waiter, uint32_t count) {
;;     return has_waiter ? (((uint64_t)(count - 1) << 32) | WAKE) : ((uint64_t)count << 32);
;;   }
;;   void z_queue_wake(struct k_queue *q) {
;;     uint32_t key = k_spin_lock(&q->lock);
;;     struct k_thread *t = z_unpend_first_thread(&q->wait_q);
;;     uint64_t w = queue_wake_decide(t != NULL, q->count);
;;     q->count = (uint32_t)(w >> 32);
;;     if (w & 0xff) { arch_thread_return_value_set(t, 0); z_ready_thread(t); }
;;     k_spin_unlock(&q->lock, key);
;;   }
;; golden: residue=none
(module
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_unpend_first_thread" (func $z_unpend_first_thread (param i32) (result i32)))
 (import "env" "arch_thread_return_value_set" (func $arch_thread_return_value_set (param i32 i32)))
 (import "env" "z_ready_thread" (func $z_ready_thread (param i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_queue_wake" (func $z_queue_wake))
 (func $z_queue_wake (param $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i64)
  (local $5 i32)
  (local $6 i32)
  (local.set $2
   (call $k_spin_lock
    (local.tee $1 (i32.add (local.get $0) (i32.const 20)))))
  (local.set $3 (call $z_unpend_first_thread (local.get $0)))
  (local.set $4
   (block $__inlined_func$queue_wake_decide (result i64)
    (local.set $5 (i32.ne (local.get $3) (i32.const 0)))
    (local.set $6 (i32.load offset=16 (local.get $0)))
    (select
     (i64.or
      (i64.shl
       (i64.extend_i32_u (i32.add (local.get $6) (i32.const -1)))
       (i64.const 32))
      (i64.const 1))
     (i64.shl (i64.extend_i32_u (local.get $6)) (i64.const 32))
     (local.get $5))))
  (i64.store32 offset=16 (local.get $0) (i64.shr_u (local.get $4) (i64.const 32)))
  (if (i32.wrap_i64 (i64.and (local.get $4) (i64.const 255)))
   (then
    (call $arch_thread_return_value_set (local.get $3) (i32.const 0))
    (call $z_ready_thread (local.get $3))))
  (call $k_spin_unlock (local.get $1) (local.get $2)))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_queue_wake (param $0 i32)
;; CHECK-NEXT:   (local $1 i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (call $k_spin_lock
;; CHECK-NEXT:     (local.tee $2
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.const 20)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $1
;; CHECK-NEXT:    (call $z_unpend_first_thread
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store offset=16
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:    (select
;; CHECK-NEXT:     (i32.sub
;; CHECK-NEXT:      (local.tee $0
;; CHECK-NEXT:       (i32.load offset=16
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.const 1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:     (local.get $1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:    (block
;; CHECK-NEXT:     (call $arch_thread_return_value_set
;; CHECK-NEXT:      (local.get $1)
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (call $z_ready_thread
;; CHECK-NEXT:      (local.get $1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $k_spin_unlock
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:    (local.get $3)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
