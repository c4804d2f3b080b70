;; Seam, the pack flowing through block results and br values: the decide's
;; returns are a `br_if` carrying a value, an `if (result i64)` and a `br` out
;; of a nested block, the inlined body sits in two nested `block (result i64)`,
;; and the shim tests the action in i64 (i64.ne of i64.and) on the
;; `local.tee` of the block (k_msgq_put-like).
;;
;;   enum { HANDOFF = 1, ENQUEUE = 0, FULL = 2, PEND = 3 };
;;   uint64_t msgq_put_decide(uint32_t used, uint32_t max, int has_reader, int32_t timeout) {
;;     if (has_reader) return ((uint64_t)used << 32) | HANDOFF;
;;     if (used < max) return ((uint64_t)(used + 1) << 32) | ENQUEUE;
;;     return ((uint64_t)used << 32) | (timeout == K_NO_WAIT ? FULL : PEND);
;;   }
;;   int z_impl_k_msgq_put(struct k_msgq *q, int32_t timeout) {
;;     uint32_t key = k_spin_lock(&q->lock);
;;     struct k_thread *t = z_unpend_first_thread(&q->wait_q);
;;     uint64_t r = msgq_put_decide(q->used, q->max, t != NULL, timeout);
;;     if ((r & 0xff) == HANDOFF) { z_ready_thread(t); k_spin_unlock(&q->lock, key); return 0; }
;;     q->used = (uint32_t)(r >> 32);
;;     k_spin_unlock(&q->lock, key);
;;     return (int)(r & 0xff);
;;   }
;; golden: residue=none
(module
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_unpend_first_thread" (func $z_unpend_first_thread (param i32) (result i32)))
 (import "env" "z_ready_thread" (func $z_ready_thread (param i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_msgq_put" (func $z_impl_k_msgq_put))
 (func $z_impl_k_msgq_put (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i64)
  (local $6 i32)
  (local $7 i32)
  (local.set $3
   (call $k_spin_lock
    (local.tee $2 (i32.add (local.get $0) (i32.const 24)))))
  (local.set $4 (call $z_unpend_first_thread (local.get $0)))
  (block $label$1
   (br_if $label$1
    (i64.ne
     (i64.and
      (local.tee $5
       (block $__inlined_func$msgq_put_decide (result i64)
        (block $label$2 (result i64)
         (local.set $6 (i32.load offset=8 (local.get $0)))
         (local.set $7 (i32.load offset=12 (local.get $0)))
         (drop
          (br_if $__inlined_func$msgq_put_decide
           (i64.or
            (i64.shl (i64.extend_i32_u (local.get $6)) (i64.const 32))
            (i64.const 1))
           (i32.ne (local.get $4) (i32.const 0))))
         (drop
          (br_if $label$2
           (i64.shl
            (i64.extend_i32_u (i32.add (local.get $6) (i32.const 1)))
            (i64.const 32))
           (i32.lt_u (local.get $6) (local.get $7))))
         (br $__inlined_func$msgq_put_decide
          (if (result i64) (local.get $1)
           (then
            (i64.or
             (i64.shl (i64.extend_i32_u (local.get $6)) (i64.const 32))
             (i64.const 3)))
           (else
            (i64.or
             (i64.shl (i64.extend_i32_u (local.get $6)) (i64.const 32))
             (i64.const 2))))))))
      (i64.const 255))
     (i64.const 1)))
   (call $z_ready_thread (local.get $4))
   (call $k_spin_unlock (local.get $2) (local.get $3))
   (return (i32.const 0)))
  (i64.store32 offset=8 (local.get $0) (i64.shr_u (local.get $5) (i64.const 32)))
  (call $k_spin_unlock (local.get $2) (local.get $3))
  (i32.wrap_i64 (i64.and (local.get $5) (i64.const 255))))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_impl_k_msgq_put (param $0 i32) (param $1 i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local $5 i32)
;; CHECK-NEXT:   (local $6 i32)
;; CHECK-NEXT:   (local.set $4
;; CHECK-NEXT:    (call $k_spin_lock
;; CHECK-NEXT:     (local.tee $3
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.const 24)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $5
;; CHECK-NEXT:    (call $z_unpend_first_thread
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $2
;; CHECK-NEXT:    (i32.load offset=8
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $6
;; CHECK-NEXT:    (i32.load offset=12
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (block $label$2
;; CHECK-NEXT:     (block $label$3
;; CHECK-NEXT:      (br_if $label$3
;; CHECK-NEXT:       (local.get $5)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (if
;; CHECK-NEXT:       (i32.ge_u
;; CHECK-NEXT:        (local.get $2)
;; CHECK-NEXT:        (local.get $6)
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (block
;; CHECK-NEXT:        (local.set $1
;; CHECK-NEXT:         (select
;; CHECK-NEXT:          (i32.const 3)
;; CHECK-NEXT:          (i32.const 2)
;; CHECK-NEXT:          (local.get $1)
;; CHECK-NEXT:         )
;; CHECK-NEXT:        )
;; CHECK-NEXT:        (br $label$2)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (local.set $1
;; CHECK-NEXT:       (i32.const 0)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (local.set $2
;; CHECK-NEXT:       (i32.add
;; CHECK-NEXT:        (local.get $2)
;; CHECK-NEXT:        (i32.const 1)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (br $label$2)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (call $z_ready_thread
;; CHECK-NEXT:      (local.get $5)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.set $1
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (br $label$1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.store offset=8
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:     (local.get $2)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $k_spin_unlock
;; CHECK-NEXT:    (local.get $3)
;; CHECK-NEXT:    (local.get $4)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $1)
;; CHECK-NEXT:  )
