;; Seam, decide called in a loop body: every iteration packs and unpacks its
;; own u64 (z_timer_expire_all-like, list walk).
;;
;;   enum { TE_NONE = 0, TE_FN = 1, TE_ONESHOT = 2 };
;;   uint64_t timer_expire_decide(uint32_t status, uint32_t period, int has_fn) {
;;     uint32_t act = (has_fn ? TE_FN : 0) | (period == 0 ? TE_ONESHOT : 0);
;;     return ((uint64_t)(status + 1) << 32) | act;
;;   }
;;   uint32_t z_timer_expire_all(struct k_timer *head) {
;;     uint32_t fired = 0;
;;     for (struct k_timer *t = head; t != NULL; t = t->next) {
;;       uint64_t r = timer_expire_decide(t->status, t->period, t->expiry_fn != 0);
;;       t->status = (uint32_t)(r >> 32);
;;       if (r & TE_FN) { z_timer_fire(t); fired++; }
;;       if (!(r & TE_ONESHOT)) z_add_timeout(t, t->period);
;;     }
;;     return fired;
;;   }
;; golden: residue=none
(module
 (import "env" "z_timer_fire" (func $z_timer_fire (param i32)))
 (import "env" "z_add_timeout" (func $z_add_timeout (param i32 i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_timer_expire_all" (func $z_timer_expire_all))
 (func $z_timer_expire_all (param $0 i32) (result i32)
  (local $1 i32)
  (local $2 i64)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (block $label$1
   (br_if $label$1 (i32.eqz (local.get $0)))
   (loop $label$2
    (local.set $2
     (block $__inlined_func$timer_expire_decide (result i64)
      (local.set $3 (i32.load offset=8 (local.get $0)))
      (local.set $4 (i32.load offset=4 (local.get $0)))
      (local.set $5 (i32.ne (i32.load offset=12 (local.get $0)) (i32.const 0)))
      (i64.or
       (i64.shl
        (i64.extend_i32_u (i32.add (local.get $3) (i32.const 1)))
        (i64.const 32))
       (i64.extend_i32_u
        (i32.or
         (local.get $5)
         (select (i32.const 2) (i32.const 0) (i32.eqz (local.get $4))))))))
    (i64.store32 offset=8 (local.get $0) (i64.shr_u (local.get $2) (i64.const 32)))
    (if (i32.wrap_i64 (i64.and (local.get $2) (i64.const 1)))
     (then
      (call $z_timer_fire (local.get $0))
      (local.set $1 (i32.add (local.get $1) (i32.const 1)))))
    (if (i64.eqz (i64.and (local.get $2) (i64.const 2)))
     (then
      (call $z_add_timeout (local.get $0) (i32.load offset=4 (local.get $0)))))
    (br_if $label$2 (local.tee $0 (i32.load (local.get $0))))))
  (local.get $1))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_timer_expire_all (param $0 i32) (result i32)
;; CHECK-NEXT:   (local $1 i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (if (result i32)
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:    (block (result i32)
;; CHECK-NEXT:     (loop $label$2
;; CHECK-NEXT:      (local.set $2
;; CHECK-NEXT:       (i32.load offset=4
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (local.set $3
;; CHECK-NEXT:       (i32.load offset=12
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.store offset=8
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.add
;; CHECK-NEXT:        (i32.load offset=8
;; CHECK-NEXT:         (local.get $0)
;; CHECK-NEXT:        )
;; CHECK-NEXT:        (i32.const 1)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (if
;; CHECK-NEXT:       (local.get $3)
;; CHECK-NEXT:       (block
;; CHECK-NEXT:        (call $z_timer_fire
;; CHECK-NEXT:         (local.get $0)
;; CHECK-NEXT:        )
;; CHECK-NEXT:        (local.set $1
;; CHECK-NEXT:         (i32.add
;; CHECK-NEXT:          (local.get $1)
;; CHECK-NEXT:          (i32.const 1)
;; CHECK-NEXT:         )
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (if
;; CHECK-NEXT:       (local.get $2)
;; CHECK-NEXT:       (call $z_add_timeout
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:        (i32.load offset=4
;; CHECK-NEXT:         (local.get $0)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (br_if $label$2
;; CHECK-NEXT:       (local.tee $0
;; CHECK-NEXT:        (i32.load
;; CHECK-NEXT:         (local.get $0)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.get $1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.const 0)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
