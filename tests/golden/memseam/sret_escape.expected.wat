(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_=>_none (func (param i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_trace_result" (func $z_trace_result (param i32)))
 (global $__stack_pointer (mut i32) (i32.const 65536))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_sem_give_traced" (func $z_impl_k_sem_give_traced))
 (func $z_impl_k_sem_give_traced (param $0 i32) (result i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (global.set $__stack_pointer
   (local.tee $1
    (i32.sub
     (local.tee $2
      (global.get $__stack_pointer)
     )
     (i32.const 16)
    )
   )
  )
  (local.set $3
   (call $k_spin_lock
    (local.get $0)
   )
  )
  (local.set $4
   (i32.load offset=8
    (local.get $0)
   )
  )
  (i32.store8
   (local.get $1)
   (i32.const 1)
  )
  (i32.store offset=4
   (local.get $1)
   (i32.add
    (local.get $4)
    (i32.const 1)
   )
  )
  (call $z_trace_result
   (local.get $1)
  )
  (i32.store offset=8
   (local.get $0)
   (i32.load offset=4
    (local.get $1)
   )
  )
  (call $k_spin_unlock
   (local.get $0)
   (local.get $3)
  )
  (global.set $__stack_pointer
   (local.get $2)
  )
  (i32.load8_u
   (local.get $1)
  )
 )
)
