;; Seam, a loop-carried u64: the packed state survives from one iteration to
;; the next (the decide reads its own previous count back out of it) and is
;; unpacked after the loop; it starts as a lone shifted pack (low field 0).
;;
;;   enum { OK = 0, DENIED = 1 };
;;   uint64_t bucket_decide(uint32_t tokens, uint32_t cost) {
;;     if (tokens >= cost) return ((uint64_t)(tokens - cost) << 32) | OK;
;;     return ((uint64_t)tokens << 32) | DENIED;
;;   }
;;   uint32_t z_bucket_drain(struct bucket *b, const uint32_t *costs, uint32_t n) {
;;     uint64_t st = (uint64_t)b->tokens << 32;
;;     uint32_t denied = 0;
;;     for (uint32_t i = 0; i < n; i++) {
;;       st = bucket_decide((uint32_t)(st >> 32), costs[i]);
;;       denied += (uint32_t)(st & 0xff);
;;     }
;;     b->tokens = (uint32_t)(st >> 32);
;;     b->last = (uint8_t)st;
;;     return denied;
;;   }
;; golden: residue=none
(module
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_bucket_drain" (func $z_bucket_drain))
 (func $z_bucket_drain (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (local $3 i64)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local.set $3
   (i64.shl (i64.extend_i32_u (i32.load (local.get $0))) (i64.const 32)))
  (block $label$1
   (br_if $label$1 (i32.eqz (local.get $2)))
   (loop $label$2
    (local.set $3
     (block $__inlined_func$bucket_decide (result i64)
      (local.set $6 (i32.wrap_i64 (i64.shr_u (local.get $3) (i64.const 32))))
      (local.set $7 (i32.load (local.get $1)))
      (if (i32.ge_u (local.get $6) (local.get $7))
       (then
        (br $__inlined_func$bucket_decide
         (i64.shl
          (i64.extend_i32_u (i32.sub (local.get $6) (local.get $7)))
          (i64.const 32)))))
      (i64.or
       (i64.shl (i64.extend_i32_u (local.get $6)) (i64.const 32))
       (i64.const 1))))
    (local.set $4
     (i32.add (local.get $4)
      (i32.wrap_i64 (i64.and (local.get $3) (i64.const 255)))))
    (local.set $1 (i32.add (local.get $1) (i32.const 4)))
    (br_if $label$2 (local.tee $2 (i32.add (local.get $2) (i32.const -1))))))
  (i64.store32 (local.get $0) (i64.shr_u (local.get $3) (i64.const 32)))
  (i64.store8 offset=4 (local.get $0) (local.get $3))
  (local.get $4))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_bucket_drain (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local $5 i32)
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (i32.load
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $4
;; CHECK-NEXT:    (i32.const 0)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (block $label$2
;; CHECK-NEXT:     (br_if $label$2
;; CHECK-NEXT:      (local.get $2)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.set $1
;; CHECK-NEXT:      (local.get $3)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.set $2
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (br $label$1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.set $5
;; CHECK-NEXT:     (local.get $1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.set $1
;; CHECK-NEXT:     (local.get $3)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (loop $label$3
;; CHECK-NEXT:     (local.set $4
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $4)
;; CHECK-NEXT:       (local.tee $3
;; CHECK-NEXT:        (block $label$4 (result i32)
;; CHECK-NEXT:         (if
;; CHECK-NEXT:          (i32.ge_u
;; CHECK-NEXT:           (local.get $1)
;; CHECK-NEXT:           (local.tee $3
;; CHECK-NEXT:            (i32.load
;; CHECK-NEXT:             (local.get $5)
;; CHECK-NEXT:            )
;; CHECK-NEXT:           )
;; CHECK-NEXT:          )
;; CHECK-NEXT:          (block
;; CHECK-NEXT:           (local.set $1
;; CHECK-NEXT:            (i32.sub
;; CHECK-NEXT:             (local.get $1)
;; CHECK-NEXT:             (local.get $3)
;; CHECK-NEXT:            )
;; CHECK-NEXT:           )
;; CHECK-NEXT:           (br $label$4
;; CHECK-NEXT:            (i32.const 0)
;; CHECK-NEXT:           )
;; CHECK-NEXT:          )
;; CHECK-NEXT:         )
;; CHECK-NEXT:         (i32.const 1)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (if
;; CHECK-NEXT:      (local.tee $2
;; CHECK-NEXT:       (i32.sub
;; CHECK-NEXT:        (local.get $2)
;; CHECK-NEXT:        (i32.const 1)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (block
;; CHECK-NEXT:       (local.set $5
;; CHECK-NEXT:        (i32.add
;; CHECK-NEXT:         (local.get $5)
;; CHECK-NEXT:         (i32.const 4)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (br $label$3)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.set $2
;; CHECK-NEXT:     (local.get $3)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store8 offset=4
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $4)
;; CHECK-NEXT:  )
