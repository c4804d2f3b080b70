(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_i32_i32_i32_=>_i32 (func (param i32 i32 i32 i32) (result i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_pend_curr" (func $z_pend_curr (param i32 i32 i32 i32) (result i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_sem_take" (func $z_impl_k_sem_take))
 (func $z_impl_k_sem_take (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (block $label$1
   (return
    (block $label$2 (result i32)
     (local.set $3
      (call $k_spin_lock
       (local.tee $2
        (i32.add
         (local.get $0)
         (i32.const 12)
        )
       )
      )
     )
     (if
      (local.tee $4
       (i32.load offset=8
        (local.get $0)
       )
      )
      (block
       (i32.store offset=8
        (local.get $0)
        (i32.sub
         (local.get $4)
         (i32.const 1)
        )
       )
       (local.set $5
        (i32.const 0)
       )
       (br $label$1)
      )
     )
     (block $label$4
      (block $label$5
       (br_if $label$5
        (block $label$6 (result i32)
         (block $label$7
          (br_if $label$7
           (local.get $1)
          )
          (i32.store offset=8
           (local.get $0)
           (i32.const 0)
          )
          (br $label$5)
         )
         (i32.store offset=8
          (local.get $0)
          (i32.const 0)
         )
         (i32.const 0)
        )
       )
       (br $label$4)
      )
      (local.set $5
       (i32.const -16)
      )
      (br $label$1)
     )
     (call $z_pend_curr
      (local.get $2)
      (local.get $3)
      (local.get $0)
      (local.get $1)
     )
    )
   )
  )
  (call $k_spin_unlock
   (local.get $2)
   (local.get $3)
  )
  (local.get $5)
 )
)
