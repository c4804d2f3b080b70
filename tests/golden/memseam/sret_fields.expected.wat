(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_=>_none (func (param i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_ready_thread" (func $z_ready_thread (param i32)))
 (global $__stack_pointer (mut i32) (i32.const 65536))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_sem_give_sret" (func $z_impl_k_sem_give_sret))
 (func $z_impl_k_sem_give_sret (param $0 i32) (result i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local.set $3
   (call $k_spin_lock
    (local.get $0)
   )
  )
  (local.set $1
   (i32.load offset=8
    (local.get $0)
   )
  )
  (local.set $2
   (if (result i32)
    (i32.load offset=4
     (local.get $0)
    )
    (i32.const 1)
    (block (result i32)
     (local.set $1
      (i32.add
       (local.get $1)
       (i32.const 1)
      )
     )
     (i32.const 0)
    )
   )
  )
  (i32.store offset=8
   (local.get $0)
   (local.get $1)
  )
  (if
   (local.get $2)
   (call $z_ready_thread
    (i32.load offset=4
     (local.get $0)
    )
   )
  )
  (call $k_spin_unlock
   (local.get $0)
   (local.get $3)
  )
  (local.get $2)
 )
)
