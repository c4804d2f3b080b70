;; golden: flags=--readonly-data
;; The readonly-data assumption is decided per module: here a second active
;; segment overlaps `.rodata` (so its bytes may not be the ones a load reads),
;; and asking for the assumption leaves every load of it as it was.
(module
 (import "env" "log" (func $log (param i32)))
 (memory $0 2)
 ;; four u64 packs (action at bits 26..28: 3, 2, 1, 3), then a three-entry
 ;; table of u32 (7, 9, 11) at 1056
 (data $.rodata (i32.const 1024) "\00\00\00\0c\00\00\00\00\00\00\00\08\00\00\00\00\00\00\00\04\00\00\00\00\00\00\00\0c\00\00\00\00\07\00\00\00\09\00\00\00\0b\00\00\00")
 (data $.data (i32.const 1040) "\01")
 (export "memory" (memory $0))
 (export "table_switch" (func $table_switch))
 (export "table_compare" (func $table_compare))
 (export "guarded" (func $guarded))
 (export "constant_address" (func $constant_address))
 (export "index_too_wide" (func $index_too_wide))
 ;; A switch on a field of the loaded pack: a dispatch on p & 3.
 (func $table_switch (param $p i32) (result i32)
  (local $r i64)
  (local.set $r
   (i64.load offset=1024 (i32.shl (i32.and (local.get $p) (i32.const 3)) (i32.const 3))))
  (block $d
   (block $c1
    (block $c2
     (block $c3
      (br_table $d $c1 $c2 $c3 $d
       (i32.and (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 26))) (i32.const 7))))
     (call $log (i32.const 30))
     (return (i32.const 3)))
    (call $log (i32.const 20))
    (return (i32.const 2)))
   (call $log (i32.const 10))
   (return (i32.const 1)))
  (i32.const 0))
 ;; The whole pack compared with one entry: true exactly for index 1.
 (func $table_compare (param $p i32) (result i32)
  (i64.eq
   (i64.load offset=1024 (i32.shl (i32.and (local.get $p) (i32.const 3)) (i32.const 3)))
   (i64.const 0x8000000)))
 ;; A guard before the table: past `br_if (x == 3)` the index is 0..2 (the
 ;; u64 table at 1040 has three entries; index 3 would read past .rodata).
 (func $guarded (param $p i32) (result i32)
  (local $x i32)
  (block $out
   (br_if $out (i32.eq (local.tee $x (i32.and (local.get $p) (i32.const 3))) (i32.const 3)))
   (br_if $out
    (i32.ne
     (i32.and
      (i32.wrap_i64 (i64.shr_u (i64.load offset=1040 (i32.shl (local.get $x) (i32.const 3))) (i64.const 26)))
      (i32.const 7))
     (i32.const 3)))
   (call $log (i32.const 3))
   (return (i32.const 3)))
  (i32.const -1))
 ;; A constant address: the constant.
 (func $constant_address (param $p i32) (result i32)
  (i32.add (i32.load offset=4 (i32.const 1056)) (local.get $p)))
 ;; Index 3 reads past .rodata: the load stays.
 (func $index_too_wide (param $p i32) (result i32)
  (i32.load offset=1056 (i32.shl (i32.and (local.get $p) (i32.const 3)) (i32.const 2))))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $table_switch (param $p i32) (result i32)
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (block $label$2
;; CHECK-NEXT:     (block $label$3
;; CHECK-NEXT:      (block $label$4
;; CHECK-NEXT:       (br_table $label$2 $label$3 $label$4 $label$1
;; CHECK-NEXT:        (i32.sub
;; CHECK-NEXT:         (i32.and
;; CHECK-NEXT:          (i32.wrap_i64
;; CHECK-NEXT:           (i64.shr_u
;; CHECK-NEXT:            (i64.load offset=1024
;; CHECK-NEXT:             (i32.shl
;; CHECK-NEXT:              (i32.and
;; CHECK-NEXT:               (local.get $p)
;; CHECK-NEXT:               (i32.const 3)
;; CHECK-NEXT:              )
;; CHECK-NEXT:              (i32.const 3)
;; CHECK-NEXT:             )
;; CHECK-NEXT:            )
;; CHECK-NEXT:            (i64.const 26)
;; CHECK-NEXT:           )
;; CHECK-NEXT:          )
;; CHECK-NEXT:          (i32.const 7)
;; CHECK-NEXT:         )
;; CHECK-NEXT:         (i32.const 1)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (call $log
;; CHECK-NEXT:       (i32.const 30)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (return
;; CHECK-NEXT:       (i32.const 3)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (call $log
;; CHECK-NEXT:      (i32.const 20)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (return
;; CHECK-NEXT:      (i32.const 2)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (call $log
;; CHECK-NEXT:     (i32.const 10)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (i32.const 1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.const 0)
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $table_compare (param $p i32) (result i32)
;; CHECK-NEXT:   (i64.eq
;; CHECK-NEXT:    (i64.load offset=1024
;; CHECK-NEXT:     (i32.shl
;; CHECK-NEXT:      (i32.and
;; CHECK-NEXT:       (local.get $p)
;; CHECK-NEXT:       (i32.const 3)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.const 3)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i64.const 134217728)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $guarded (param $p i32) (result i32)
;; CHECK-NEXT:   (local $x i32)
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (br_if $label$1
;; CHECK-NEXT:     (i32.eq
;; CHECK-NEXT:      (local.tee $x
;; CHECK-NEXT:       (i32.and
;; CHECK-NEXT:        (local.get $p)
;; CHECK-NEXT:        (i32.const 3)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.const 3)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (br_if $label$1
;; CHECK-NEXT:     (i32.ne
;; CHECK-NEXT:      (i32.and
;; CHECK-NEXT:       (i32.wrap_i64
;; CHECK-NEXT:        (i64.shr_u
;; CHECK-NEXT:         (i64.load offset=1040
;; CHECK-NEXT:          (i32.shl
;; CHECK-NEXT:           (local.get $x)
;; CHECK-NEXT:           (i32.const 3)
;; CHECK-NEXT:          )
;; CHECK-NEXT:         )
;; CHECK-NEXT:         (i64.const 26)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (i32.const 7)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.const 3)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (call $log
;; CHECK-NEXT:     (i32.const 3)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (i32.const 3)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.const -1)
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $constant_address (param $p i32) (result i32)
;; CHECK-NEXT:   (i32.add
;; CHECK-NEXT:    (i32.load offset=4
;; CHECK-NEXT:     (i32.const 1056)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.get $p)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $index_too_wide (param $p i32) (result i32)
;; CHECK-NEXT:   (i32.load offset=1056
;; CHECK-NEXT:    (i32.shl
;; CHECK-NEXT:     (i32.and
;; CHECK-NEXT:      (local.get $p)
;; CHECK-NEXT:      (i32.const 3)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.const 2)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
