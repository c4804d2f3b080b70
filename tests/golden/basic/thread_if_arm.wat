;; Jump threading into an if's arm: the merge's phi (an action, 0 or 1 per
;; path) is tested by an `if` after a store, and the arm never falls through
;; (it returns), as wasm-opt -O3 leaves a shim's dispatch (pipe_get.inl-o3).
;; A path on which the action is 0 runs the store and a copy of the arm; a
;; path on which it is 1 runs the store and jumps past the if.
;;
;;   int f(int *p, int n, int *out) {
;;     int act = 0, got = 0;
;;     if (n != 0 && n <= p[1]) { act = 1; got = n; }
;;     *out = got;
;;     if (act == 0) { unlock(p); return -11; }
;;     p[1] -= got;
;;     unlock(p);
;;     return 0;
;;   }
(module
  (import "env" "unlock" (func $unlock (param i32)))
  (memory 1)
  (func $f (export "f") (param $p i32) (param $n i32) (param $out i32) (result i32)
    (local $act i32) (local $got i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (br_if $done (i32.gt_s (local.get $n) (i32.load offset=4 (local.get $p))))
      (local.set $act (i32.const 1))
      (local.set $got (local.get $n)))
    (i32.store (local.get $out) (local.get $got))
    (if (i32.eqz (local.get $act))
      (then
        (call $unlock (local.get $p))
        (return (i32.const -11))))
    (i32.store offset=4 (local.get $p)
      (i32.sub (i32.load offset=4 (local.get $p)) (local.get $got)))
    (call $unlock (local.get $p))
    (i32.const 0)))

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $f (param $p i32) (param $n i32) (param $out i32) (result i32)
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (block $label$2 (result i32)
;; CHECK-NEXT:      (block $label$3
;; CHECK-NEXT:       (br_if $label$3
;; CHECK-NEXT:        (local.get $n)
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (br $label$1)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (br_if $label$1
;; CHECK-NEXT:       (i32.gt_s
;; CHECK-NEXT:        (local.get $n)
;; CHECK-NEXT:        (i32.load offset=4
;; CHECK-NEXT:         (local.get $p)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.store
;; CHECK-NEXT:       (local.get $out)
;; CHECK-NEXT:       (local.get $n)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.store offset=4
;; CHECK-NEXT:       (local.get $p)
;; CHECK-NEXT:       (i32.sub
;; CHECK-NEXT:        (i32.load offset=4
;; CHECK-NEXT:         (local.get $p)
;; CHECK-NEXT:        )
;; CHECK-NEXT:        (local.get $n)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (call $unlock
;; CHECK-NEXT:       (local.get $p)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store
;; CHECK-NEXT:    (local.get $out)
;; CHECK-NEXT:    (i32.const 0)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $unlock
;; CHECK-NEXT:    (local.get $p)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (return
;; CHECK-NEXT:    (i32.const -11)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
