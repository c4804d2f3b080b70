;; Jump threading through a tail: a merge whose phi (the action) is dispatched
;; on by a br_table after a store. Each path of the if/else jumps straight to
;; its case, with the store emitted on the path; on the path where the stored
;; count is the value just loaded from the same address (memory unchanged, the
;; load already ran), the store is dropped.
;;
;;   int f(int *p, int x) {
;;     int cnt = p[1], act;
;;     if (x) { act = 0; cnt = cnt + 1; } else act = 1;
;;     p[1] = cnt;
;;     switch (act) { case 0: a(cnt); return 0; default: b(cnt); return 1; }
;;   }
(module
  (import "env" "a" (func $a (param i32)))
  (import "env" "b" (func $b (param i32)))
  (memory 1)
  (export "memory" (memory 0))
  (func (export "f") (param $p i32) (param $x i32) (result i32)
    (local $act i32) (local $cnt i32)
    (local.set $cnt (i32.load offset=4 (local.get $p)))
    (block $done
      (if (local.get $x)
        (then
          (local.set $act (i32.const 0))
          (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))
          (br $done)))
      (local.set $act (i32.const 1)))
    (i32.store offset=4 (local.get $p) (local.get $cnt))
    (block $l1
      (block $l0
        (br_table $l0 $l1 (local.get $act)))
      (call $a (local.get $cnt))
      (return (i32.const 0)))
    (call $b (local.get $cnt))
    (i32.const 1)))

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $0 (param $p i32) (param $x i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local.set $2
;; CHECK-NEXT:    (i32.load offset=4
;; CHECK-NEXT:     (local.get $p)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (local.get $x)
;; CHECK-NEXT:    (block
;; CHECK-NEXT:     (i32.store offset=4
;; CHECK-NEXT:      (local.get $p)
;; CHECK-NEXT:      (local.tee $2
;; CHECK-NEXT:       (i32.add
;; CHECK-NEXT:        (local.get $2)
;; CHECK-NEXT:        (i32.const 1)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (call $a
;; CHECK-NEXT:      (local.get $2)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (return
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $b
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.const 1)
;; CHECK-NEXT:  )
