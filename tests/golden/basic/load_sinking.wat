;; Load sinking. A load that cannot trap where it stands (an access of the
;; same address, reaching at least as far, already ran on every path there,
;; or a load of it follows before any effect or other trap) is computed at
;; its uses instead, when they all run in the same memory state
;; and loop: a path that never uses it never loads it, and no local carries it.
;; Traps stay exactly where they were: a load that might trap stays put.
(module
  (import "env" "log" (func $log (param i32)))
  (memory 1)
  (export "memory" (memory 0))
  ;; [p+8, p+12) in bounds puts [p, p+4) in bounds: the load of p+0 moves
  ;; into the one arm that uses it.
  (func (export "covered") (param $p i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.load offset=8 (local.get $p)))
    (local.set $b (i32.load (local.get $p)))
    (if (i32.eqz (local.get $a)) (then (return (i32.const -1))))
    (i32.add (local.get $b) (local.get $a)))
  ;; The load of p+8 right after it traps whenever the load of p+0 would,
  ;; before anything else happens; p+8's value is needed first and p+0's only
  ;; past the branch: the load of p+0 moves into the arm that uses it, the
  ;; load of p+8 stays first.
  (func (export "covered_later") (param $p i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.load (local.get $p)))
    (local.set $b (i32.load offset=8 (local.get $p)))
    (if (i32.eqz (local.get $b)) (then (return (i32.const -1))))
    (i32.add (local.get $a) (local.get $b)))
  ;; A call between them: p+0 might trap before the call runs, so it runs
  ;; before the call, as in the input.
  (func (export "uncovered") (param $p i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.load (local.get $p)))
    (call $log (i32.const 0))
    (local.set $b (i32.load offset=8 (local.get $p)))
    (if (i32.eqz (local.get $b)) (then (return (i32.const -1))))
    (i32.add (local.get $a) (local.get $b)))
  ;; A division that may trap between them: its trap is not the load's, so
  ;; the load of p+0 stays first.
  (func (export "trap_between") (param $p i32) (param $q i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32)
    (local.set $a (i32.load (local.get $p)))
    (local.set $c (i32.div_u (i32.const 100) (local.get $q)))
    (local.set $b (i32.load offset=8 (local.get $p)))
    (if (i32.eqz (local.get $b)) (then (return (local.get $c))))
    (i32.add (local.get $a) (local.get $b)))
  ;; A store (or a call) between the load and its use: the load stays before it.
  (func (export "store_between") (param $p i32) (param $q i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.load offset=8 (local.get $p)))
    (local.set $b (i32.load offset=4 (local.get $p)))
    (i32.store (local.get $q) (local.get $a))
    (call $log (local.get $a))
    (i32.add (local.get $b) (i32.const 1)))
  ;; A use inside a loop that does not store: not moved into the loop. (The
  ;; wrap of an extend gets the function rewritten.)
  (func (export "loop_use") (param $p i32) (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $s i32)
    (local.set $a (i32.load offset=8 (local.get $p)))
    (local.set $b (i32.load (local.get $p)))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (local.get $b)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (i32.add (local.get $s) (i32.wrap_i64 (i64.extend_i32_u (local.get $a))))))

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $0 (param $p i32) (result i32)
;; CHECK-NEXT:   (local $1 i32)
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (br_if $label$1
;; CHECK-NEXT:     (local.tee $1
;; CHECK-NEXT:      (i32.load offset=8
;; CHECK-NEXT:       (local.get $p)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (i32.const -1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.add
;; CHECK-NEXT:    (i32.load
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $1 (param $p i32) (result i32)
;; CHECK-NEXT:   (local $1 i32)
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (br_if $label$1
;; CHECK-NEXT:     (local.tee $1
;; CHECK-NEXT:      (i32.load offset=8
;; CHECK-NEXT:       (local.get $p)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (i32.const -1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.add
;; CHECK-NEXT:    (i32.load
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $2 (param $p i32) (result i32)
;; CHECK-NEXT:   (local $1 i32)
;; CHECK-NEXT:   (local.set $1
;; CHECK-NEXT:    (i32.load
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $log
;; CHECK-NEXT:    (i32.const 0)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (br_if $label$1
;; CHECK-NEXT:     (local.tee $p
;; CHECK-NEXT:      (i32.load offset=8
;; CHECK-NEXT:       (local.get $p)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (i32.const -1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.add
;; CHECK-NEXT:    (local.get $p)
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $3 (param $p i32) (param $q i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local.set $2
;; CHECK-NEXT:    (i32.load
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $q
;; CHECK-NEXT:    (i32.div_u
;; CHECK-NEXT:     (i32.const 100)
;; CHECK-NEXT:     (local.get $q)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (br_if $label$1
;; CHECK-NEXT:     (local.tee $p
;; CHECK-NEXT:      (i32.load offset=8
;; CHECK-NEXT:       (local.get $p)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (local.get $q)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.add
;; CHECK-NEXT:    (local.get $p)
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $4 (param $p i32) (param $q i32) (result i32)
;; CHECK-NEXT:   (local $a i32)
;; CHECK-NEXT:   (local $b i32)
;; CHECK-NEXT:   (local.set $a
;; CHECK-NEXT:    (i32.load offset=8
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $b
;; CHECK-NEXT:    (i32.load offset=4
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store
;; CHECK-NEXT:    (local.get $q)
;; CHECK-NEXT:    (local.get $a)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $log
;; CHECK-NEXT:    (local.get $a)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.add
;; CHECK-NEXT:    (local.get $b)
;; CHECK-NEXT:    (i32.const 1)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $5 (param $p i32) (param $n i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (i32.load offset=8
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $p
;; CHECK-NEXT:    (i32.load
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (loop $label$1
;; CHECK-NEXT:    (block $label$2
;; CHECK-NEXT:     (br_if $label$2
;; CHECK-NEXT:      (i32.eqz
;; CHECK-NEXT:       (local.get $n)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.set $n
;; CHECK-NEXT:      (i32.sub
;; CHECK-NEXT:       (local.get $n)
;; CHECK-NEXT:       (i32.const 1)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.set $2
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $p)
;; CHECK-NEXT:       (local.get $2)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (br $label$1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.add
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:    (local.get $3)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
