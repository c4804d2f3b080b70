;; A struct returned through a hidden result pointer (generated case
;; gen_91473): the shim's last two arms each end in `gen_hook(q, ..)`, the
;; unlock and a return, the hook's argument `r.f1 - q->a` on one path and
;; `r.f1` on the other. After threading the two paths meet at one block's
;; end; the hook is called once after it, its argument set in a local on
;; each path, and the returned value set on each path (mergeCommonTails,
;; finish step 11e3; LLVM's one tail with the values in registers).
;;
;; golden: residue=none
(module
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "gen_sync" (func $gen_sync (param i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "gen_hook" (func $gen_hook (param i32 i32)))
 (global $__stack_pointer (mut i32) (i32.const 66560))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_gen_91473" (func $z_gen_91473))
 (func $z_gen_91473 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
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
       (i32.lt_u
        (local.get $8)
        (local.get $9)
       )
      )
      (i32.store8 offset=4
       (local.get $6)
       (i32.const 0)
      )
      (i32.store16 offset=6
       (local.get $6)
       (i32.shr_u
        (local.get $7)
        (i32.const 1)
       )
      )
      (i32.store
       (local.get $6)
       (i32.add
        (local.get $8)
        (i32.const 1)
       )
      )
      (i32.store offset=8
       (local.get $6)
       (i32.const -1)
      )
      (br $label$2)
     )
     (block $label$5
      (br_if $label$5
       (i32.ne
        (local.get $9)
        (i32.const 7)
       )
      )
      (i32.store16 offset=6
       (local.get $6)
       (i32.const 1)
      )
      (i32.store8 offset=4
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
      (i32.store offset=8
       (local.get $6)
       (i32.add
        (local.get $7)
        (i32.const 7)
       )
      )
      (br $label$2)
     )
     (i32.store16 offset=6
      (local.get $6)
      (local.get $8)
     )
     (i32.store8 offset=4
      (local.get $6)
      (i32.const 4)
     )
     (i32.store
      (local.get $6)
      (i32.const 0)
     )
     (i32.store offset=8
      (local.get $6)
      (i32.sub
       (local.get $9)
       (local.get $7)
      )
     )
    )
   )
  )
  (call $gen_sync
   (local.get $0)
  )
  (block $label$6
   (block $label$7
    (block $label$8
     (block $label$9
      (block $label$10
       (block $label$11
        (br_table $label$7 $label$11 $label$10 $label$9 $label$8
         (i32.add
          (i32.load8_u offset=4
           (local.get $3)
          )
          (i32.const -1)
         )
        )
       )
       (i32.store offset=28
        (local.get $0)
        (local.tee $1
         (i32.load offset=8
          (local.get $3)
         )
        )
       )
       (i32.store8 offset=41
        (local.get $0)
        (i32.load
         (local.get $3)
        )
       )
       (block $label$12
        (br_if $label$12
         (local.get $1)
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
       (local.set $1
        (i32.load16_u offset=6
         (local.get $3)
        )
       )
       (br $label$6)
      )
      (i32.store offset=24
       (local.get $0)
       (local.tee $1
        (i32.load offset=8
         (local.get $3)
        )
       )
      )
      (call $gen_hook
       (local.get $0)
       (local.get $1)
      )
      (br $label$7)
     )
     (i32.store offset=20
      (local.get $0)
      (local.tee $1
       (i32.load16_u offset=6
        (local.get $3)
       )
      )
     )
     (call $gen_hook
      (local.get $0)
      (i32.load offset=8
       (local.get $3)
      )
     )
     (call $k_spin_unlock
      (local.get $4)
      (local.get $5)
     )
     (br $label$6)
    )
    (i32.store16 offset=36
     (local.get $0)
     (local.tee $1
      (i32.load offset=8
       (local.get $3)
      )
     )
    )
    (call $gen_hook
     (local.get $0)
     (local.get $1)
    )
    (i32.store8 offset=40
     (local.get $0)
     (i32.load8_u offset=6
      (local.get $3)
     )
    )
    (call $gen_hook
     (local.get $0)
     (local.get $1)
    )
   )
   (call $k_spin_unlock
    (local.get $4)
    (local.get $5)
   )
   (local.set $1
    (i32.const -42)
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

;; CHECK-LABEL: (func $z_gen_91473 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
;; CHECK:        (block $label$1
;; CHECK:        (i32.store offset=20
;; CHECK:        (local.set $1
;; CHECK-NEXT:    (i32.sub
;; CHECK:        (br $label$1)
;; CHECK:        (call $gen_hook
;; CHECK:        (local.set $2
;; CHECK-NEXT:    (i32.const -42)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-NEXT:  (call $gen_hook
;; CHECK-NEXT:   (local.get $0)
;; CHECK-NEXT:   (local.get $1)
;; CHECK-NEXT:  )
;; CHECK-NEXT:  (call $k_spin_unlock
;; CHECK-NOT:    (call $gen_hook
