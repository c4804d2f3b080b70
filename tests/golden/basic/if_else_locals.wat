;; Locals assigned on both arms of an if/else and merged after it (a phi),
;; plus a local only written on one arm (keeps its old value on the other).
;;
;;   int clamp_step(int x, int lo, int hi, int *out) {
;;     int y, flags = 0;
;;     if (x < lo) { y = lo; flags = 1; } else { y = x > hi ? hi : x + 0; }
;;     *out = y;
;;     return y + flags;
;;   }
(module
 (memory $0 1)
 (export "memory" (memory $0))
 (export "clamp_step" (func $clamp_step))
 (func $clamp_step (param $x i32) (param $lo i32) (param $hi i32) (param $out i32) (result i32)
  (local $y i32)
  (local $flags i32)
  (if (i32.lt_s (local.get $x) (local.get $lo))
   (then
    (local.set $y (local.get $lo))
    (local.set $flags (i32.const 1)))
   (else
    (if (i32.gt_s (local.get $x) (local.get $hi))
     (then (local.set $y (local.get $hi)))
     (else (local.set $y (i32.add (local.get $x) (i32.const 0)))))))
  (i32.store (local.get $out) (local.get $y))
  (i32.add (local.get $y) (local.get $flags)))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $clamp_step (param $x i32) (param $lo i32) (param $hi i32) (param $out i32) (result i32)
;; CHECK-NEXT:   (i32.store
;; CHECK-NEXT:    (local.get $out)
;; CHECK-NEXT:    (if (result i32)
;; CHECK-NEXT:     (i32.lt_s
;; CHECK-NEXT:      (local.get $x)
;; CHECK-NEXT:      (local.get $lo)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (block (result i32)
;; CHECK-NEXT:      (local.set $x
;; CHECK-NEXT:       (i32.add
;; CHECK-NEXT:        (local.get $lo)
;; CHECK-NEXT:        (i32.const 1)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (local.get $lo)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (block (result i32)
;; CHECK-NEXT:      (local.set $x
;; CHECK-NEXT:       (select
;; CHECK-NEXT:        (local.get $hi)
;; CHECK-NEXT:        (local.get $x)
;; CHECK-NEXT:        (i32.gt_s
;; CHECK-NEXT:         (local.get $x)
;; CHECK-NEXT:         (local.get $hi)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (local.get $x)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $x)
;; CHECK-NEXT:  )
