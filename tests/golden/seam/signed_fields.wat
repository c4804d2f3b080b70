;; Seam, signed fields: the high field is a signed priority packed with
;; i64.extend_i32_s and read back with i64.shr_s; the low field is an int8_t
;; action read back with i32.extend8_s (k_thread_priority_set-like).
;;
;;   int64_t prio_decide(int32_t cur, int32_t req, int32_t ceiling) {
;;     int32_t p = req < ceiling ? ceiling : req;
;;     int8_t act = p == cur ? 0 : (p < cur ? -1 : 1);
;;     return ((int64_t)p << 32) | (uint8_t)act;
;;   }
;;   int z_prio_update(struct k_thread *t, int32_t req, int32_t ceiling) {
;;     int64_t r = prio_decide(t->prio, req, ceiling);
;;     int8_t act = (int8_t)r;
;;     int32_t p = (int32_t)(r >> 32);
;;     if (act != 0) z_thread_priority_set(t, p);
;;     if (act < 0) t->boosted = p;
;;     return act;
;;   }
;; golden: residue=none
(module
 (import "env" "z_thread_priority_set" (func $z_thread_priority_set (param i32 i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_prio_update" (func $z_prio_update))
 (func $z_prio_update (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (local $3 i64)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local $9 i32)
  (local.set $3
   (block $__inlined_func$prio_decide (result i64)
    (local.set $6 (i32.load offset=4 (local.get $0)))
    (local.set $7 (local.get $1))
    (local.set $8 (local.get $2))
    (local.set $9
     (select (local.get $8) (local.get $7)
      (i32.lt_s (local.get $7) (local.get $8))))
    (i64.or
     (i64.shl (i64.extend_i32_s (local.get $9)) (i64.const 32))
     (i64.extend_i32_u
      (select
       (i32.const 0)
       (select (i32.const 255) (i32.const 1)
        (i32.lt_s (local.get $9) (local.get $6)))
       (i32.eq (local.get $9) (local.get $6)))))))
  (local.set $4 (i32.extend8_s (i32.wrap_i64 (local.get $3))))
  (local.set $5 (i32.wrap_i64 (i64.shr_s (local.get $3) (i64.const 32))))
  (if (local.get $4)
   (then (call $z_thread_priority_set (local.get $0) (local.get $5))))
  (if (i32.lt_s (local.get $4) (i32.const 0))
   (then (i32.store offset=8 (local.get $0) (local.get $5))))
  (local.get $4))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_prio_update (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (local.tee $1
;; CHECK-NEXT:     (i32.extend8_s
;; CHECK-NEXT:      (select
;; CHECK-NEXT:       (i32.const 0)
;; CHECK-NEXT:       (select
;; CHECK-NEXT:        (i32.const 255)
;; CHECK-NEXT:        (i32.const 1)
;; CHECK-NEXT:        (i32.lt_s
;; CHECK-NEXT:         (local.tee $2
;; CHECK-NEXT:          (select
;; CHECK-NEXT:           (local.get $2)
;; CHECK-NEXT:           (local.get $1)
;; CHECK-NEXT:           (i32.lt_s
;; CHECK-NEXT:            (local.get $1)
;; CHECK-NEXT:            (local.get $2)
;; CHECK-NEXT:           )
;; CHECK-NEXT:          )
;; CHECK-NEXT:         )
;; CHECK-NEXT:         (local.tee $1
;; CHECK-NEXT:          (i32.load offset=4
;; CHECK-NEXT:           (local.get $0)
;; CHECK-NEXT:          )
;; CHECK-NEXT:         )
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (i32.eq
;; CHECK-NEXT:        (local.get $1)
;; CHECK-NEXT:        (local.get $2)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (call $z_thread_priority_set
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:     (local.get $2)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (i32.lt_s
;; CHECK-NEXT:     (local.get $1)
;; CHECK-NEXT:     (i32.const 0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.store offset=8
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:     (local.get $2)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $1)
;; CHECK-NEXT:  )
