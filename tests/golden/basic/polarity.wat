;; Branch polarity. Binaryen's remove-unused-brs turns a br_if over code
;; into (if (i32.eqz x) ...); a simple wasm->Thumb-2 backend (no compare into
;; branch fusion) then spends a compare and a conditional set on the eqz.
;; After tidying, (if (i32.eqz x) A) becomes (block $p (br_if $p x) A) and
;; (if (i32.eqz x) A B) becomes (if x B A). (Only in a function that is
;; rewritten anyway, here for the wrap of an extend: the cost model prices
;; both forms the same, a compare that only feeds a branch is fused.)
(module
  (import "env" "log" (func $log (param i32)))
  (memory 1)
  (export "memory" (memory 0))
  (func (export "f") (param $p i32) (param $x i32) (result i32)
    (block $skip
      (br_if $skip (local.get $x))
      (i32.store (local.get $p) (i32.wrap_i64 (i64.extend_i32_u (local.get $x))))
      (call $log (local.get $p)))
    (if (result i32) (i32.eqz (i32.load offset=4 (local.get $p)))
      (then (call $log (i32.const 1)) (i32.const 10))
      (else (call $log (i32.const 2)) (i32.const 20)))))

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $0 (param $p i32) (param $x i32) (result i32)
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (br_if $label$1
;; CHECK-NEXT:     (local.get $x)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.store
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:     (i32.const 0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (call $log
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (if (result i32)
;; CHECK-NEXT:    (i32.load offset=4
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (block (result i32)
;; CHECK-NEXT:     (call $log
;; CHECK-NEXT:      (i32.const 2)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.const 20)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (block (result i32)
;; CHECK-NEXT:     (call $log
;; CHECK-NEXT:      (i32.const 1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.const 10)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
