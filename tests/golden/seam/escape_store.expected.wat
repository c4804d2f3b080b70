(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_sem_take" (func $z_impl_k_sem_take))
 (func $z_impl_k_sem_take (param $0 i32) (param $1 i32) (result i32)
  (local $2 i64)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local.set $4
   (call $k_spin_lock
    (local.tee $3
     (i32.add
      (local.get $0)
      (i32.const 12)
     )
    )
   )
  )
  (local.set $1
   (block $label$1 (result i32)
    (if
     (local.tee $5
      (i32.load offset=8
       (local.get $0)
      )
     )
     (block
      (local.set $2
       (i64.shl
        (i64.extend_i32_u
         (local.tee $1
          (i32.sub
           (local.get $5)
           (i32.const 1)
          )
         )
        )
        (i64.const 32)
       )
      )
      (br $label$1
       (local.get $1)
      )
     )
    )
    (local.set $2
     (i64.extend_i32_u
      (select
       (i32.const 2)
       (i32.const 1)
       (local.get $1)
      )
     )
    )
    (i32.const 0)
   )
  )
  (i64.store offset=16
   (local.get $0)
   (local.get $2)
  )
  (i32.store offset=8
   (local.get $0)
   (local.get $1)
  )
  (call $k_spin_unlock
   (local.get $3)
   (local.get $4)
  )
  (i32.sub
   (i32.const 0)
   (i32.wrap_i64
    (local.get $2)
   )
  )
 )
)
