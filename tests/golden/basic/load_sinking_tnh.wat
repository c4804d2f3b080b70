;; golden: flags=--traps-never-happen
;; Load sinking under --traps-never-happen: any load may wait for its uses
;; (without the option the load of $q below might trap, so it would stay before
;; the branch; see load_sinking.wat). The address is masked into the one page
;; of memory, so the input never traps and diffexec can compare the two.
(module
  (import "env" "log" (func $log (param i32)))
  (memory 1)
  (export "memory" (memory 0))
  (func (export "f") (param $p i32) (param $c i32) (result i32)
    (local $a i32) (local $q i32)
    (local.set $q (i32.and (local.get $p) (i32.const 0xfff0)))
    (local.set $a (i32.load (local.get $q)))
    (if (local.get $c) (then (call $log (local.get $c)) (return (i32.const 0))))
    (i32.add (local.get $a) (i32.wrap_i64 (i64.extend_i32_u (local.get $c))))))

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $0 (param $p i32) (param $c i32) (result i32)
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (local.get $c)
;; CHECK-NEXT:    (block
;; CHECK-NEXT:     (call $log
;; CHECK-NEXT:      (local.get $c)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (return
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.load
;; CHECK-NEXT:    (i32.and
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:     (i32.const 65520)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
