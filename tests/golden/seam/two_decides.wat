;; Seam, two decides inlined into one shim: the second decide takes a field of
;; the first u64 as its argument (k_queue_insert-like), two i64 locals.
;;
;;   enum { QS_OK = 0, QS_FULL = 1 };  enum { QW_NONE = 0, QW_WAKE = 1 };
;;   uint64_t queue_space_decide(uint32_t count, uint32_t limit) {
;;     if (limit != 0 && count >= limit) return ((uint64_t)count << 32) | QS_FULL;
;;     return ((uint64_t)(count + 1) << 32) | QS_OK;
;;   }
;;   uint64_t queue_wake_decide(int has_waiter, uint32_t count) {
;;     return has_waiter ? (((uint64_t)(count - 1) << 32) | QW_WAKE) : ((uint64_t)count << 32);
;;   }
;;   int z_impl_k_queue_insert(struct k_queue *q) {
;;     uint32_t key = k_spin_lock(&q->lock);
;;     uint64_t s = queue_space_decide(q->count, q->limit);
;;     if ((uint8_t)s == QS_FULL) { k_spin_unlock(&q->lock, key); return -ENOMEM; }
;;     struct k_thread *t = z_unpend_first_thread(&q->wait_q);
;;     uint64_t w = queue_wake_decide(t != NULL, (uint32_t)(s >> 32));
;;     q->count = (uint32_t)(w >> 32);
;;     if (w & 0xff) z_ready_thread(t);
;;     k_spin_unlock(&q->lock, key);
;;     return 0;
;;   }
;; golden: residue=none
(module
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_unpend_first_thread" (func $z_unpend_first_thread (param i32) (result i32)))
 (import "env" "z_ready_thread" (func $z_ready_thread (param i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_queue_insert" (func $z_impl_k_queue_insert))
 (func $z_impl_k_queue_insert (param $0 i32) (result i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i64)
  (local $5 i64)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local $9 i32)
  (local.set $2
   (call $k_spin_lock
    (local.tee $1 (i32.add (local.get $0) (i32.const 24)))))
  (local.set $4
   (block $__inlined_func$queue_space_decide (result i64)
    (local.set $6 (i32.load offset=16 (local.get $0)))
    (local.set $7 (i32.load offset=20 (local.get $0)))
    (if (i32.and
         (i32.ne (local.get $7) (i32.const 0))
         (i32.ge_u (local.get $6) (local.get $7)))
     (then
      (br $__inlined_func$queue_space_decide
       (i64.or
        (i64.shl (i64.extend_i32_u (local.get $6)) (i64.const 32))
        (i64.const 1)))))
    (i64.shl
     (i64.extend_i32_u (i32.add (local.get $6) (i32.const 1)))
     (i64.const 32))))
  (if (i64.eq (i64.and (local.get $4) (i64.const 255)) (i64.const 1))
   (then
    (call $k_spin_unlock (local.get $1) (local.get $2))
    (return (i32.const -12))))
  (local.set $3 (call $z_unpend_first_thread (local.get $0)))
  (local.set $5
   (block $__inlined_func$queue_wake_decide (result i64)
    (local.set $8 (i32.ne (local.get $3) (i32.const 0)))
    (local.set $9 (i32.wrap_i64 (i64.shr_u (local.get $4) (i64.const 32))))
    (select
     (i64.or
      (i64.shl
       (i64.extend_i32_u (i32.add (local.get $9) (i32.const -1)))
       (i64.const 32))
      (i64.const 1))
     (i64.shl (i64.extend_i32_u (local.get $9)) (i64.const 32))
     (local.get $8))))
  (i64.store32 offset=16 (local.get $0) (i64.shr_u (local.get $5) (i64.const 32)))
  (if (i32.wrap_i64 (i64.and (local.get $5) (i64.const 255)))
   (then (call $z_ready_thread (local.get $3))))
  (call $k_spin_unlock (local.get $1) (local.get $2))
  (i32.const 0))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_impl_k_queue_insert (param $0 i32) (result i32)
;; CHECK-NEXT:   (local $1 i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local $5 i32)
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (local.set $3
;; CHECK-NEXT:     (call $k_spin_lock
;; CHECK-NEXT:      (local.tee $2
;; CHECK-NEXT:       (i32.add
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:        (i32.const 24)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (if
;; CHECK-NEXT:     (i32.and
;; CHECK-NEXT:      (i32.ne
;; CHECK-NEXT:       (local.tee $4
;; CHECK-NEXT:        (i32.load offset=20
;; CHECK-NEXT:         (local.get $0)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (i32.const 0)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.ge_u
;; CHECK-NEXT:       (local.tee $1
;; CHECK-NEXT:        (i32.load offset=16
;; CHECK-NEXT:         (local.get $0)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (local.get $4)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (block
;; CHECK-NEXT:      (local.set $5
;; CHECK-NEXT:       (i32.const -12)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (br $label$1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.store offset=16
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:     (select
;; CHECK-NEXT:      (local.get $1)
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $1)
;; CHECK-NEXT:       (i32.const 1)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (local.tee $1
;; CHECK-NEXT:       (i32.ne
;; CHECK-NEXT:        (local.tee $0
;; CHECK-NEXT:         (call $z_unpend_first_thread
;; CHECK-NEXT:          (local.get $0)
;; CHECK-NEXT:         )
;; CHECK-NEXT:        )
;; CHECK-NEXT:        (i32.const 0)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (if
;; CHECK-NEXT:     (local.get $1)
;; CHECK-NEXT:     (call $z_ready_thread
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.set $5
;; CHECK-NEXT:     (i32.const 0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $k_spin_unlock
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:    (local.get $3)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $5)
;; CHECK-NEXT:  )
