(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_=>_none (func (param i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_unpend_first_thread" (func $z_unpend_first_thread (param i32) (result i32)))
 (import "env" "arch_thread_return_value_set" (func $arch_thread_return_value_set (param i32 i32)))
 (import "env" "z_ready_thread" (func $z_ready_thread (param i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_queue_wake" (func $z_queue_wake))
 (func $z_queue_wake (param $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local.set $3
   (call $k_spin_lock
    (local.tee $2
     (i32.add
      (local.get $0)
      (i32.const 20)
     )
    )
   )
  )
  (local.set $1
   (call $z_unpend_first_thread
    (local.get $0)
   )
  )
  (i32.store offset=16
   (local.get $0)
   (select
    (i32.sub
     (local.tee $0
      (i32.load offset=16
       (local.get $0)
      )
     )
     (i32.const 1)
    )
    (local.get $0)
    (local.tee $0
     (i32.ne
      (local.get $1)
      (i32.const 0)
     )
    )
   )
  )
  (if
   (local.get $0)
   (block
    (call $arch_thread_return_value_set
     (local.get $1)
     (i32.const 0)
    )
    (call $z_ready_thread
     (local.get $1)
    )
   )
  )
  (call $k_spin_unlock
   (local.get $2)
   (local.get $3)
  )
 )
)
