;; Stores of extended values: i64.store32 of an i64.extend_i32_u writes
;; exactly the i32 (it becomes i32.store), i64.store8 of an extension is an
;; i32.store8; a full i64.store of an i64.extend_i32_s writes 8 bytes and must
;; stay 8 bytes wide (its high half is the sign).
(module
 (memory $0 1)
 (export "memory" (memory $0))
 (export "put" (func $put))
 (func $put (param $p i32) (param $x i32)
  (i64.store32 (local.get $p) (i64.extend_i32_u (local.get $x)))
  (i64.store8 offset=4 (local.get $p) (i64.extend_i32_s (local.get $x)))
  (i64.store offset=8 (local.get $p) (i64.extend_i32_s (local.get $x))))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $put (param $p i32) (param $x i32)
;; CHECK-NEXT:   (i32.store
;; CHECK-NEXT:    (local.get $p)
;; CHECK-NEXT:    (local.get $x)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store8 offset=4
;; CHECK-NEXT:    (local.get $p)
;; CHECK-NEXT:    (local.get $x)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i64.store offset=8
;; CHECK-NEXT:    (local.get $p)
;; CHECK-NEXT:    (i64.extend_i32_s
;; CHECK-NEXT:     (local.get $x)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
