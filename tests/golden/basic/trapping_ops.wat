;; Operations that may trap must stay even when their result is unused or the
;; result folds away: a division whose value is dropped, a load whose value is
;; multiplied by zero, and a remainder. Without --traps-never-happen removing
;; any of them would turn a trap into a normal return.
;;
;;   int check(int a, int b, int *p) {
;;     (void)(a / b);            // may trap: b == 0, or INT_MIN / -1
;;     int z = *p * 0;           // the load may trap (out of bounds)
;;     return z + (int)((unsigned)a % (unsigned)b) + 1;
;;   }
(module
 (memory $0 1)
 (export "memory" (memory $0))
 (export "check" (func $check))
 (func $check (param $a i32) (param $b i32) (param $p i32) (result i32)
  (drop (i32.div_s (local.get $a) (local.get $b)))
  (i32.add
   (i32.add
    (i32.mul (i32.load (local.get $p)) (i32.const 0))
    (i32.rem_u (local.get $a) (local.get $b)))
   (i32.const 1)))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $check (param $a i32) (param $b i32) (param $p i32) (result i32)
;; CHECK-NEXT:   (drop
;; CHECK-NEXT:    (i32.div_s
;; CHECK-NEXT:     (local.get $a)
;; CHECK-NEXT:     (local.get $b)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (drop
;; CHECK-NEXT:    (i32.load
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.add
;; CHECK-NEXT:    (i32.rem_u
;; CHECK-NEXT:     (local.get $a)
;; CHECK-NEXT:     (local.get $b)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.const 1)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
