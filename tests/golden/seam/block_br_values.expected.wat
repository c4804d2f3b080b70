(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_unpend_first_thread" (func $z_unpend_first_thread (param i32) (result i32)))
 (import "env" "z_ready_thread" (func $z_ready_thread (param i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_msgq_put" (func $z_impl_k_msgq_put))
 (func $z_impl_k_msgq_put (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (block $label$1
   (local.set $4
    (call $k_spin_lock
     (local.tee $3
      (i32.add
       (local.get $0)
       (i32.const 24)
      )
     )
    )
   )
   (local.set $5
    (call $z_unpend_first_thread
     (local.get $0)
    )
   )
   (local.set $2
    (i32.load offset=8
     (local.get $0)
    )
   )
   (local.set $6
    (i32.load offset=12
     (local.get $0)
    )
   )
   (block $label$2
    (block $label$3
     (br_if $label$3
      (local.get $5)
     )
     (if
      (i32.ge_u
       (local.get $2)
       (local.get $6)
      )
      (block
       (local.set $1
        (select
         (i32.const 3)
         (i32.const 2)
         (local.get $1)
        )
       )
       (br $label$2)
      )
     )
     (local.set $1
      (i32.const 0)
     )
     (local.set $2
      (i32.add
       (local.get $2)
       (i32.const 1)
      )
     )
     (br $label$2)
    )
    (call $z_ready_thread
     (local.get $5)
    )
    (local.set $7
     (i32.const 0)
    )
    (br $label$1)
   )
   (i32.store offset=8
    (local.get $0)
    (local.get $2)
   )
   (local.set $7
    (local.get $1)
   )
  )
  (call $k_spin_unlock
   (local.get $3)
   (local.get $4)
  )
  (local.get $7)
 )
)
