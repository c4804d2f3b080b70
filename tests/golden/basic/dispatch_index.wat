;; Two dispatches on one decision (the shape of a mutex unlock shim): the
;; first br_table sends actions 0 and 1 away, actions 2 and 3 reach a second
;; br_table on (action - 2). Jump threading routes every decided path of the
;; first dispatch straight to its case, so only the path that carries
;; select(3, 2, w) reaches the second one: there (action - 2) is 0 or 1 (the
;; path facts say which edge of the merge it came through), its default entry
;; is unreachable and the table shrinks to a single conditional branch, on w
;; itself (the action there is select(3, 2, w)).
(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "wake" (func $wake (param i32)))
  (memory 1)
  (export "memory" (memory 0))
  (func (export "f") (param $p i32) (param $x i32) (param $y i32) (result i32)
    (local $act i32) (local $w i32)
    (local.set $w (i32.load (local.get $p)))
    (block $d
      (local.set $act (i32.const 0))
      (br_if $d (local.get $x))
      (local.set $act (i32.const 1))
      (br_if $d (local.get $y))
      (local.set $act (select (i32.const 3) (i32.const 2) (local.get $w))))
    (block $end
      (block $rest
        (block $zero
          (br_table $zero $end $rest (local.get $act)))
        (return (i32.const -1)))
      (call $log (local.get $act))
      (block $two
        (block $three
          (br_table $two $three $end (i32.sub (local.get $act) (i32.const 2))))
        (call $wake (local.get $p))
        (return (i32.const 3)))
      (i32.store offset=4 (local.get $p) (i32.const 0)))
    (i32.const 0)))

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $0 (param $p i32) (param $x i32) (param $y i32) (result i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (i32.load
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (block $label$2
;; CHECK-NEXT:     (block $label$3
;; CHECK-NEXT:      (br_if $label$3
;; CHECK-NEXT:       (local.get $x)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (br_if $label$1
;; CHECK-NEXT:       (local.get $y)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (br $label$2)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (return
;; CHECK-NEXT:      (i32.const -1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (call $log
;; CHECK-NEXT:     (select
;; CHECK-NEXT:      (i32.const 3)
;; CHECK-NEXT:      (i32.const 2)
;; CHECK-NEXT:      (local.get $3)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (if
;; CHECK-NEXT:     (local.get $3)
;; CHECK-NEXT:     (block
;; CHECK-NEXT:      (call $wake
;; CHECK-NEXT:       (local.get $p)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (return
;; CHECK-NEXT:       (i32.const 3)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.store offset=4
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:     (i32.const 0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.const 0)
;; CHECK-NEXT:  )
