;; golden: flags=--rounds 1
;; basic/rounds.wat with one round only (--rounds 1): the first round's body,
;; with a branch per test of the decide past the action-3 path, each
;; returning -16 through a block of its own.
(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "gen_sync" (func $gen_sync (param i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (global $__stack_pointer (mut i32) (i32.const 66560))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_gen_80094" (func $z_gen_80094))
 (func $z_gen_80094 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local $9 i32)
  (local $10 i64)
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
  (local.set $5
   (i32.const 0)
  )
  (block $label$1
   (block $label$2
    (block $label$3
     (block $label$4
      (br_table $label$1 $label$4 $label$2 $label$3 $label$2
       (i32.and
        (i32.wrap_i64
         (local.tee $10
          (block $label$5 (result i64)
           (block $label$6 (result i64)
            (local.set $6
             (i32.load offset=8
              (local.get $0)
             )
            )
            (local.set $7
             (i32.load offset=12
              (local.get $0)
             )
            )
            (local.set $8
             (local.get $0)
            )
            (local.set $9
             (local.get $0)
            )
            (select
             (i64.const 2)
             (select
              (i64.const 3)
              (i64.const 2)
              (i32.eq
               (i32.and
                (local.get $6)
                (i32.const 240)
               )
               (i32.const 16)
              )
             )
             (i32.gt_u
              (local.get $6)
              (local.get $7)
             )
            )
           )
          )
         )
        )
        (i32.const 255)
       )
      )
     )
     (call $gen_sync
      (local.get $0)
     )
     (local.set $5
      (i32.const -16)
     )
     (br_if $label$1
      (i64.ne
       (local.get $10)
       (i64.const 3)
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
     (call $k_spin_unlock
      (local.get $3)
      (local.get $4)
     )
     (return
      (i32.const -16)
     )
    )
    (call $gen_sync
     (local.get $0)
    )
    (call $gen_sync
     (local.get $0)
    )
    (local.set $5
     (i32.const -16)
    )
    (br_if $label$1
     (i64.ne
      (local.get $10)
      (i64.const 3)
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
    (call $k_spin_unlock
     (local.get $3)
     (local.get $4)
    )
    (return
     (i32.const -16)
    )
   )
   (local.set $5
    (i32.const -16)
   )
  )
  (call $k_spin_unlock
   (local.get $3)
   (local.get $4)
  )
  (local.get $5)
 )
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_gen_80094 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local.set $2
;; CHECK-NEXT:    (call $k_spin_lock
;; CHECK-NEXT:     (local.tee $1
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.const 56)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (local.set $0
;; CHECK-NEXT:     (block $label$2 (result i32)
;; CHECK-NEXT:      (block $label$3
;; CHECK-NEXT:       (br_if $label$3
;; CHECK-NEXT:        (i32.gt_u
;; CHECK-NEXT:         (local.tee $3
;; CHECK-NEXT:          (i32.load offset=8
;; CHECK-NEXT:           (local.get $0)
;; CHECK-NEXT:          )
;; CHECK-NEXT:         )
;; CHECK-NEXT:         (i32.load offset=12
;; CHECK-NEXT:          (local.get $0)
;; CHECK-NEXT:         )
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (br_if $label$3
;; CHECK-NEXT:        (i32.ne
;; CHECK-NEXT:         (i32.and
;; CHECK-NEXT:          (local.get $3)
;; CHECK-NEXT:          (i32.const 240)
;; CHECK-NEXT:         )
;; CHECK-NEXT:         (i32.const 16)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (call $gen_sync
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (call $gen_sync
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (i32.store offset=16
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:        (i32.add
;; CHECK-NEXT:         (i32.load offset=16
;; CHECK-NEXT:          (local.get $0)
;; CHECK-NEXT:         )
;; CHECK-NEXT:         (i32.const 1)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (local.set $0
;; CHECK-NEXT:        (i32.const -16)
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (br $label$1)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.const -16)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $k_spin_unlock
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $0)
;; CHECK-NEXT:  )
