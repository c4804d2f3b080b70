;; Seam, the sign of the high field tested on the packed value: wasm-opt -O3
;; folds `(int32_t)(r >> 32) >= 0` into a signed compare of the whole u64,
;; `(i64.ge_s (i64.shl (i64.extend_i32_u n) 32) 0)` (stack_pop.inl-o3 has it).
;; x >=s 0 is x >s -1 (cmp.json ge-s-zero), and the sign of x << 32 is the
;; sign of its low word (compare_narrowing.json nonneg-shl-32): an i32 compare of n.
;;
;;   uint64_t pop_decide(int32_t count) {
;;     return count > 0 ? ((uint64_t)(uint32_t)(count - 1) << 32) : 0;
;;   }
;;   int z_pop(struct k_stack *s, void **data) {
;;     int32_t n = s->count;
;;     if ((int64_t)pop_decide(n) >= 0 && n > 0) { s->count = n - 1; *data = s->base[n - 1]; return 0; }
;;     return -EBUSY;
;;   }
;; golden: residue=none
(module
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_pop" (func $z_pop))
 (func $z_pop (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (if
   (block $label$1 (result i32)
    (if
     (i32.gt_s
      (local.tee $2
       (i32.load offset=4
        (local.get $0)
       )
      )
      (i32.const 0)
     )
     (block
      (local.set $2
       (i32.sub
        (local.get $2)
        (i32.const 1)
       )
      )
      (br $label$1
       (i64.ge_s
        (i64.shl
         (i64.extend_i32_u
          (local.get $2)
         )
         (i64.const 32)
        )
        (i64.const 0)
       )
      )
     )
    )
    (i32.const 0)
   )
   (block
    (i32.store offset=4
     (local.get $0)
     (local.get $2)
    )
    (i32.store
     (local.get $1)
     (i32.load
      (i32.add
       (i32.load
        (local.get $0)
       )
       (i32.shl
        (local.get $2)
        (i32.const 2)
       )
      )
     )
    )
    (return
     (i32.const 0)
    )
   )
  )
  (i32.const -16)
 )
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_pop (param $0 i32) (param $1 i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (block $label$1 (result i32)
;; CHECK-NEXT:     (if
;; CHECK-NEXT:      (i32.gt_s
;; CHECK-NEXT:       (local.tee $2
;; CHECK-NEXT:        (i32.load offset=4
;; CHECK-NEXT:         (local.get $0)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (i32.const 0)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (block
;; CHECK-NEXT:       (local.set $2
;; CHECK-NEXT:        (i32.sub
;; CHECK-NEXT:         (local.get $2)
;; CHECK-NEXT:         (i32.const 1)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (br $label$1
;; CHECK-NEXT:        (i32.ge_s
;; CHECK-NEXT:         (local.get $2)
;; CHECK-NEXT:         (i32.const 0)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.const 0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (block
;; CHECK-NEXT:     (i32.store offset=4
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:      (local.get $2)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.store
;; CHECK-NEXT:      (local.get $1)
;; CHECK-NEXT:      (i32.load
;; CHECK-NEXT:       (i32.add
;; CHECK-NEXT:        (i32.load
;; CHECK-NEXT:         (local.get $0)
;; CHECK-NEXT:        )
;; CHECK-NEXT:        (i32.shl
;; CHECK-NEXT:         (local.get $2)
;; CHECK-NEXT:         (i32.const 2)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (return
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.const -16)
;; CHECK-NEXT:  )
