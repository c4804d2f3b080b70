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
  (local $6 i32)
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
  (i32.store offset=8
   (local.get $0)
   (block $B0 (result i32)
    (if
     (local.tee $6
      (i32.load offset=8
       (local.get $0)
      )
     )
     (block
      (local.set $4
       (i32.const 1)
      )
      (local.set $5
       (i32.const 0)
      )
      (br $B0
       (i32.sub
        (local.get $6)
        (i32.const 1)
       )
      )
     )
    )
    (block $polarity$0
     (br_if $polarity$0
      (local.get $1)
     )
     (local.set $4
      (i32.const 0)
     )
     (local.set $5
      (i32.const 1)
     )
     (br $B0
      (i32.const 0)
     )
    )
    (local.set $4
     (i32.const 0)
    )
    (local.set $5
     (i32.const 0)
    )
    (i32.const 0)
   )
  )
  (if
   (local.get $4)
   (block
    (call $k_spin_unlock
     (local.get $2)
     (local.get $3)
    )
    (return
     (i32.const 0)
    )
   )
  )
  (if
   (local.get $5)
   (block
    (call $k_spin_unlock
     (local.get $2)
     (local.get $3)
    )
    (return
     (i32.const -16)
    )
   )
  )
  (call $z_pend_curr
   (local.get $2)
   (local.get $3)
   (local.get $0)
   (local.get $1)
  )
 )
)
