;; A C switch lowered to br_table: three cases and a default, each setting a
;; local that is used after the switch; one case shares its target with another.
;;
;;   int classify(int op, int a, int b) {
;;     int r;
;;     switch (op) {
;;     case 0: case 3: r = a + b; break;
;;     case 1: r = a - b; break;
;;     case 2: r = a & b; break;
;;     default: r = -1;
;;     }
;;     return r * 2;
;;   }
(module
 (export "classify" (func $classify))
 (func $classify (param $op i32) (param $a i32) (param $b i32) (result i32)
  (local $r i32)
  (block $done
   (block $default
    (block $case2
     (block $case1
      (block $case0
       (br_table $case0 $case1 $case2 $case0 $default (local.get $op)))
      (local.set $r (i32.add (local.get $a) (local.get $b)))
      (br $done))
     (local.set $r (i32.sub (local.get $a) (local.get $b)))
     (br $done))
    (local.set $r (i32.and (local.get $a) (local.get $b)))
    (br $done))
   (local.set $r (i32.const -1)))
  (i32.mul (local.get $r) (i32.const 2)))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $classify (param $op i32) (param $a i32) (param $b i32) (result i32)
;; CHECK-NEXT:   (i32.shl
;; CHECK-NEXT:    (block $label$1 (result i32)
;; CHECK-NEXT:     (block $label$2
;; CHECK-NEXT:      (block $label$3
;; CHECK-NEXT:       (block $label$4
;; CHECK-NEXT:        (block $label$5
;; CHECK-NEXT:         (br_table $label$5 $label$4 $label$3 $label$5 $label$2
;; CHECK-NEXT:          (local.get $op)
;; CHECK-NEXT:         )
;; CHECK-NEXT:        )
;; CHECK-NEXT:        (br $label$1
;; CHECK-NEXT:         (i32.add
;; CHECK-NEXT:          (local.get $a)
;; CHECK-NEXT:          (local.get $b)
;; CHECK-NEXT:         )
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (br $label$1
;; CHECK-NEXT:        (i32.sub
;; CHECK-NEXT:         (local.get $a)
;; CHECK-NEXT:         (local.get $b)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (br $label$1
;; CHECK-NEXT:       (i32.and
;; CHECK-NEXT:        (local.get $a)
;; CHECK-NEXT:        (local.get $b)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.const -1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.const 1)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
