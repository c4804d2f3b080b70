;; Facts from branches on the way: past (br_if $skip x) x is zero, so there
;; (y | (x << 8)) is y and (y + x) is y: the packed form of a two-field value
;; whose high field is known to be zero on the path needs no shift and no or.
;; A boolean (x < y) tested non-zero is one, so (b * 41) is the constant 41.
;; In g, past a branch that showed n >= 0 (through a select the way the
;; decide of a pipe shim computes it), the sign bit of n is zero, and the
;; select whose condition the branch decided is its other arm.
(module
  (memory 1)
  (export "memory" (memory 0))
  (func (export "f") (param $p i32) (param $x i32) (param $y i32) (result i32)
    (local $b i32)
    (block $skip
      (br_if $skip (local.get $x))
      (i32.store (local.get $p) (i32.or (local.get $y) (i32.shl (local.get $x) (i32.const 8))))
      (return (i32.add (local.get $y) (local.get $x))))
    (local.set $b (i32.lt_u (local.get $x) (local.get $y)))
    (if (local.get $b)
      (then (return (i32.mul (local.get $b) (i32.const 41)))))
    (i32.store offset=4 (local.get $p) (local.get $x))
    (local.get $y))
  (func (export "g") (param $n i32) (param $lim i32) (param $p i32) (result i32)
    (local $short i32) (local $r i32)
    (local.set $short (i32.lt_u (local.get $n) (local.get $lim)))
    (local.set $r (select (i32.const -11) (local.get $n) (local.get $short)))
    (block $ok
      (br_if $ok (select (i32.const 0) (i32.ge_s (local.get $n) (i32.const 0)) (local.get $short)))
      (return (local.get $r)))
    (i32.store (local.get $p) (local.get $r))
    (i32.or (local.get $short) (i32.shr_u (local.get $n) (i32.const 31)))))

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $0 (param $p i32) (param $x i32) (param $y i32) (result i32)
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (br_if $label$1
;; CHECK-NEXT:     (local.get $x)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.store
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:     (local.get $y)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (local.get $y)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (i32.lt_u
;; CHECK-NEXT:     (local.get $x)
;; CHECK-NEXT:     (local.get $y)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (i32.const 41)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store offset=4
;; CHECK-NEXT:    (local.get $p)
;; CHECK-NEXT:    (local.get $x)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $y)
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $1 (param $n i32) (param $lim i32) (param $p i32) (result i32)
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (br_if $label$1
;; CHECK-NEXT:     (select
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:      (i32.ge_s
;; CHECK-NEXT:       (local.get $n)
;; CHECK-NEXT:       (i32.const 0)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (local.tee $lim
;; CHECK-NEXT:       (i32.lt_u
;; CHECK-NEXT:        (local.get $n)
;; CHECK-NEXT:        (local.get $lim)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (select
;; CHECK-NEXT:      (i32.const -11)
;; CHECK-NEXT:      (local.get $n)
;; CHECK-NEXT:      (local.get $lim)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store
;; CHECK-NEXT:    (local.get $p)
;; CHECK-NEXT:    (local.get $n)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.const 0)
;; CHECK-NEXT:  )
