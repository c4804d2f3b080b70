;; A struct returned through a hidden result pointer (generated case
;; gen_91436): two returns fill f2 with the literals 340 and -1 after the
;; same test; the shim stores and passes f2. Threading leaves the two
;; literals set on the two sides of a branch; they become one select of the
;; two (twoWayValuesAsSelects, LLVM's form), no branch.
;;
;; golden: residue=none
(module
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "gen_sync" (func $gen_sync (param i32)))
 (import "env" "gen_hook" (func $gen_hook (param i32 i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (global $__stack_pointer (mut i32) (i32.const 66560))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_gen_91436" (func $z_gen_91436))
 (func $z_gen_91436 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local $9 i32)
  (local $10 i32)
  (global.set $__stack_pointer
   (local.tee $3
    (i32.sub
     (global.get $__stack_pointer)
     (i32.const 16)
    )
   )
  )
  (local.set $5
   (call $k_spin_lock
    (local.tee $4
     (i32.add
      (local.get $0)
      (i32.const 68)
     )
    )
   )
  )
  (block $label$1
   (block $label$2
    (local.set $6
     (local.get $3)
    )
    (local.set $7
     (i32.load offset=8
      (local.get $0)
     )
    )
    (local.set $8
     (i32.load offset=12
      (local.get $0)
     )
    )
    (local.set $9
     (local.get $1)
    )
    (local.set $10
     (local.get $0)
    )
    (block $label$3
     (block $label$4
      (br_if $label$4
       (i32.le_u
        (local.get $7)
        (local.get $8)
       )
      )
      (i32.store offset=4
       (local.get $6)
       (i32.const 2)
      )
      (i32.store
       (local.get $6)
       (i32.add
        (local.get $9)
        (local.get $7)
       )
      )
      (i32.store16 offset=8
       (local.get $6)
       (local.get $9)
      )
      (br $label$2)
     )
     (block $label$5
      (br_if $label$5
       (i32.lt_u
        (local.get $8)
        (local.get $9)
       )
      )
      (i32.store offset=4
       (local.get $6)
       (i32.const 0)
      )
      (i32.store
       (local.get $6)
       (i32.and
        (local.get $8)
        (i32.const 255)
       )
      )
      (i32.store16 offset=8
       (local.get $6)
       (i32.const 340)
      )
      (br $label$2)
     )
     (i32.store offset=4
      (local.get $6)
      (i32.const 0)
     )
     (i32.store
      (local.get $6)
      (i32.add
       (local.get $8)
       (i32.const 1)
      )
     )
     (i32.store16 offset=8
      (local.get $6)
      (i32.const 65535)
     )
    )
   )
  )
  (block $label$6
   (block $label$7
    (block $label$8
     (block $label$9
      (br_table $label$9 $label$8 $label$7
       (i32.load offset=4
        (local.get $3)
       )
      )
     )
     (call $gen_sync
      (local.get $0)
     )
     (i32.store8 offset=40
      (local.get $0)
      (local.tee $1
       (i32.load16_s offset=8
        (local.get $3)
       )
      )
     )
     (call $gen_hook
      (local.get $0)
      (local.get $1)
     )
     (call $k_spin_unlock
      (local.get $4)
      (local.get $5)
     )
     (br $label$6)
    )
    (block $label$10
     (br_if $label$10
      (i32.load
       (local.get $3)
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
    (call $gen_hook
     (local.get $0)
     (local.tee $1
      (i32.load16_s offset=8
       (local.get $3)
      )
     )
    )
    (i32.store offset=20
     (local.get $0)
     (local.get $1)
    )
    (call $k_spin_unlock
     (local.get $4)
     (local.get $5)
    )
    (br $label$6)
   )
   (call $k_spin_unlock
    (local.get $4)
    (local.get $5)
   )
   (local.set $1
    (i32.load
     (local.get $3)
    )
   )
  )
  (global.set $__stack_pointer
   (i32.add
    (local.get $3)
    (i32.const 16)
   )
  )
  (local.get $1)
 )
)

;; CHECK-LABEL: (func $z_gen_91436 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
;; CHECK:        (local.set $1
;; CHECK-NEXT:    (select
;; CHECK-NEXT:     (i32.const 340)
;; CHECK-NEXT:     (i32.const -1)
;; CHECK-NEXT:     (i32.le_u
;; CHECK-NOT:    (if
;; CHECK:        (call $gen_sync
