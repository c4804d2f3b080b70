;; A struct returned through an out-pointer (generated case gen_91038): the
;; decide fills f2 with p1 & 0xff on one path and 2123381475 on the other;
;; the shim's paths test f2 == 1 (where f2 is 0x7e903ae3) and f2 == -1
;; (where f2 is p1 & 0xff). Pushed through the select of the two paths, each
;; test compares values known to differ in a bit (bit 1; bits above 0xff),
;; which the e-graph's known bits decide: neither q->hits++ (the store at
;; offset 16) is left.
;;
;; golden: residue=none
(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "gen_sync" (func $gen_sync (param i32)))
 (global $__stack_pointer (mut i32) (i32.const 66560))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_gen_91038" (func $z_gen_91038))
 (func $z_gen_91038 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
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
     (local.get $2)
    )
    (block $label$3
     (i32.store offset=4
      (local.get $6)
      (local.tee $9
       (i32.eq
        (local.get $8)
        (local.get $9)
       )
      )
     )
     (i32.store8 offset=9
      (local.get $6)
      (select
       (local.get $10)
       (i32.const 0)
       (local.get $9)
      )
     )
     (i32.store8 offset=8
      (local.get $6)
      (select
       (i32.shr_u
        (local.get $7)
        (i32.const 1)
       )
       (i32.const 1)
       (local.get $9)
      )
     )
     (i32.store
      (local.get $6)
      (select
       (i32.and
        (local.get $8)
        (i32.const 255)
       )
       (i32.const 2123381475)
       (local.get $9)
      )
     )
    )
   )
  )
  (block $label$4
   (block $label$5
    (br_if $label$5
     (i32.load offset=4
      (local.get $3)
     )
    )
    (block $label$6
     (br_if $label$6
      (i32.ne
       (i32.load
        (local.get $3)
       )
       (i32.const 1)
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
    (call $k_spin_unlock
     (local.get $4)
     (local.get $5)
    )
    (local.set $0
     (i32.load8_u offset=8
      (local.get $3)
     )
    )
    (br $label$4)
   )
   (call $gen_sync
    (local.get $0)
   )
   (call $gen_sync
    (local.get $0)
   )
   (call $gen_sync
    (local.get $0)
   )
   (block $label$7
    (br_if $label$7
     (i32.ne
      (i32.load
       (local.get $3)
      )
      (i32.const -1)
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
   (call $k_spin_unlock
    (local.get $4)
    (local.get $5)
   )
   (local.set $0
    (i32.const 0)
   )
  )
  (global.set $__stack_pointer
   (i32.add
    (local.get $3)
    (i32.const 16)
   )
  )
  (local.get $0)
 )
)

;; CHECK-LABEL: (func $z_gen_91038 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
;; CHECK:        (call $k_spin_lock
;; CHECK-NOT:    offset=16
;; CHECK-NOT:    (i32.const -1)
;; CHECK:        (call $gen_sync
;; CHECK-NOT:    offset=16
;; CHECK:        (call $k_spin_unlock
