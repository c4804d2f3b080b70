;; Compares the path decided (emit/compare_facts.cpp): past a branch that
;; showed b >=u x false, b <u x holds, so b != x is 1 and the second branch
;; on it goes (f: the decide of gen_91079, `p1 >= p2` then `p1 != p2`).
;; Past n <u 4 (g), n <u 9 is 1 and n == 7 is 0; past p != 0 (h), p == 0
;; and eqz p are 0. A compare the path does not decide stays (n <u 3 in g).
(module
  (memory 1)
  (export "memory" (memory 0))
  (func (export "f") (param $b i32) (param $x i32) (param $y i32) (result i32)
    (block $zero
      (br_if $zero (i32.ge_u (local.get $b) (local.get $x)))
      (block $two
        (br_if $two (i32.and (local.get $y) (i32.const 1)))
        (br_if $two (i32.ne (local.get $b) (local.get $x)))
        (return (i32.const 7)))
      (return (i32.const 2)))
    (i32.const 0))
  (func (export "g") (param $n i32) (param $p i32) (result i32)
    (if (i32.lt_u (local.get $n) (i32.const 4))
      (then
        (i32.store (local.get $p) (i32.lt_u (local.get $n) (i32.const 9)))
        (i32.store offset=4 (local.get $p) (i32.eq (local.get $n) (i32.const 7)))
        (return (i32.lt_u (local.get $n) (i32.const 3)))))
    (i32.const 5))
  (func (export "h") (param $q i32) (param $p i32) (result i32)
    (block $nz
      (br_if $nz (local.get $q))
      (return (i32.const 3)))
    (i32.store (local.get $p) (i32.eqz (local.get $q)))
    (i32.eq (local.get $q) (i32.const 0))))

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $0 (param $b i32) (param $x i32) (param $y i32) (result i32)
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (i32.lt_u
;; CHECK-NEXT:     (local.get $b)
;; CHECK-NEXT:     (local.get $x)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (block
;; CHECK-NEXT:     (block $label$2
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (return
;; CHECK-NEXT:      (i32.const 2)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.const 0)
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $1 (param $n i32) (param $p i32) (result i32)
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (i32.lt_u
;; CHECK-NEXT:     (local.get $n)
;; CHECK-NEXT:     (i32.const 4)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (block
;; CHECK-NEXT:     (i32.store
;; CHECK-NEXT:      (local.get $p)
;; CHECK-NEXT:      (i32.const 1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.store offset=4
;; CHECK-NEXT:      (local.get $p)
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (return
;; CHECK-NEXT:      (i32.lt_u
;; CHECK-NEXT:       (local.get $n)
;; CHECK-NEXT:       (i32.const 3)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.const 5)
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $2 (param $q i32) (param $p i32) (result i32)
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (br_if $label$1
;; CHECK-NEXT:     (local.get $q)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (i32.const 3)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store
;; CHECK-NEXT:    (local.get $p)
;; CHECK-NEXT:    (i32.const 0)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.const 0)
;; CHECK-NEXT:  )
