;; A counted loop: sum of n words starting at p, with the counter and the
;; pointer carried around the back edge and the sum used after the loop.
;;
;;   uint32_t sum_words(const uint32_t *p, uint32_t n) {
;;     uint32_t s = 0;
;;     for (uint32_t i = 0; i < n; i++) s += p[i] << 0;
;;     return s;
;;   }
(module
 (memory $0 1)
 (export "memory" (memory $0))
 (export "sum_words" (func $sum_words))
 (func $sum_words (param $p i32) (param $n i32) (result i32)
  (local $i i32)
  (local $s i32)
  (block $exit
   (br_if $exit (i32.eqz (local.get $n)))
   (loop $body
    (local.set $s
     (i32.add (local.get $s)
      (i32.shl
       (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
       (i32.const 0))))
    (br_if $body
     (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n)))))
  (local.get $s))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $sum_words (param $p i32) (param $n i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (if (result i32)
;; CHECK-NEXT:    (local.get $n)
;; CHECK-NEXT:    (block (result i32)
;; CHECK-NEXT:     (loop $label$2
;; CHECK-NEXT:      (local.set $2
;; CHECK-NEXT:       (i32.add
;; CHECK-NEXT:        (local.get $2)
;; CHECK-NEXT:        (i32.load
;; CHECK-NEXT:         (i32.add
;; CHECK-NEXT:          (local.get $p)
;; CHECK-NEXT:          (i32.shl
;; CHECK-NEXT:           (local.get $3)
;; CHECK-NEXT:           (i32.const 2)
;; CHECK-NEXT:          )
;; CHECK-NEXT:         )
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (br_if $label$2
;; CHECK-NEXT:       (i32.lt_u
;; CHECK-NEXT:        (local.tee $3
;; CHECK-NEXT:         (i32.add
;; CHECK-NEXT:          (local.get $3)
;; CHECK-NEXT:          (i32.const 1)
;; CHECK-NEXT:         )
;; CHECK-NEXT:        )
;; CHECK-NEXT:        (local.get $n)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.get $2)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.const 0)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
