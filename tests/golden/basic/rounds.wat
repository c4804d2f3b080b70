;; Rounds (OptimizeOptions::rounds, --rounds; default 2). The seam case
;; gen_80088 (tests/seam/shims/gen_80088.c, decide inlined): the decide
;; returns action 0 or 2 from (q->a & 3), and the shim counts a hit where the
;; u64 equals 2. The first round dissolves the u64, threads the dispatch and
;; folds the tests of the action on both paths (basic/rounds_one.wat, the
;; same input with --rounds 1), but both paths still start with the same
;; call: they become alike only once the tests are gone. That round cut the
;; cost by more than a fifth, so the function goes through the pipeline again
;; from that body, and the second round makes the shared call once, above
;; the branch, which is now an `if` on the action (t2-estimate 65 -> 59;
;; LLVM-LTO 63). Pinned: one gen_sync before the `if`, one inside it.
(module
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "gen_sync" (func $gen_sync (param i32)))
 (import "env" "z_pend_curr" (func $z_pend_curr (param i32 i32 i32 i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (global $__stack_pointer (mut i32) (i32.const 66560))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_gen_80088" (func $z_gen_80088))
 (func $z_gen_80088 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local $9 i64)
  (local.set $4
   (call $k_spin_lock
    (local.tee $3
     (i32.add
      (local.get $0)
      (i32.const 56)
     )
    )
   )
  )
  (block $label$1
   (block $label$2
    (block $label$3
     (br_table $label$2 $label$3 $label$1
      (i32.add
       (i32.and
        (i32.wrap_i64
         (local.tee $9
          (block $label$4 (result i64)
           (block $label$5 (result i64)
            (local.set $5
             (i32.load offset=8
              (local.get $0)
             )
            )
            (local.set $6
             (local.get $0)
            )
            (local.set $7
             (local.get $0)
            )
            (local.set $8
             (local.get $0)
            )
            (i64.shl
             (i64.extend_i32_u
              (i32.ne
               (i32.and
                (local.get $5)
                (i32.const 3)
               )
               (i32.const 0)
              )
             )
             (i64.const 1)
            )
           )
          )
         )
        )
        (i32.const 7)
       )
       (i32.const -1)
      )
     )
    )
    (call $gen_sync
     (local.get $0)
    )
    (call $gen_sync
     (local.get $0)
    )
    (block $label$6
     (br_if $label$6
      (i64.ne
       (local.get $9)
       (i64.const 2)
      )
     )
     (i32.store offset=16
      (local.get $0)
      (i32.add
       (i32.load offset=16
        (local.get $0)
       )
       (i32.const 1)
      )
     )
    )
    (call $gen_sync
     (local.get $0)
    )
   )
   (return
    (call $z_pend_curr
     (local.get $3)
     (local.get $4)
     (local.get $0)
     (local.get $2)
    )
   )
  )
  (block $label$7
   (block $label$8
    (br_if $label$8
     (i64.ne
      (local.get $9)
      (i64.const 2)
     )
    )
    (i32.store offset=16
     (local.get $0)
     (i32.add
      (i32.load offset=16
       (local.get $0)
      )
      (i32.const 1)
     )
    )
    (call $gen_sync
     (local.get $0)
    )
    (i32.store offset=16
     (local.get $0)
     (i32.add
      (i32.load offset=16
       (local.get $0)
      )
      (i32.const 1)
     )
    )
    (br $label$7)
   )
   (call $gen_sync
    (local.get $0)
   )
  )
  (call $k_spin_unlock
   (local.get $3)
   (local.get $4)
  )
  (i32.const -11)
 )
 ;; custom section "producers", size 35
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_gen_80088 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (call $k_spin_lock
;; CHECK-NEXT:     (local.tee $1
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.const 56)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $4
;; CHECK-NEXT:    (i32.and
;; CHECK-NEXT:     (i32.load offset=8
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.const 3)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $gen_sync
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (local.get $4)
;; CHECK-NEXT:    (block
;; CHECK-NEXT:     (call $gen_sync
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.store offset=16
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (i32.load offset=16
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (i32.const 1)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (call $gen_sync
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (return
;; CHECK-NEXT:      (call $z_pend_curr
;; CHECK-NEXT:       (local.get $1)
;; CHECK-NEXT:       (local.get $3)
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (local.get $2)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $k_spin_unlock
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:    (local.get $3)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.const -11)
;; CHECK-NEXT:  )
