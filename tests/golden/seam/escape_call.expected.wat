(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_=>_none (func (param i32)))
 (type $i64_=>_none (func (param i64)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_unpend_first_thread" (func $z_unpend_first_thread (param i32) (result i32)))
 (import "env" "z_ready_thread" (func $z_ready_thread (param i32)))
 (import "env" "z_reschedule" (func $z_reschedule (param i32 i32)))
 (import "env" "sys_trace_decision" (func $sys_trace_decision (param i64)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_sem_give" (func $z_impl_k_sem_give))
 (func $z_impl_k_sem_give (param $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local.set $4
   (call $k_spin_lock
    (local.tee $3
     (i32.add
      (local.get $0)
      (i32.const 16)
     )
    )
   )
  )
  (local.set $5
   (call $z_unpend_first_thread
    (local.get $0)
   )
  )
  (local.set $1
   (i32.load offset=8
    (local.get $0)
   )
  )
  (local.set $2
   (i32.load offset=12
    (local.get $0)
   )
  )
  (if
   (local.get $5)
   (block
    (call $sys_trace_decision
     (i64.or
      (i64.shl
       (i64.extend_i32_u
        (local.get $1)
       )
       (i64.const 32)
      )
      (i64.const 1)
     )
    )
    (call $z_ready_thread
     (local.get $5)
    )
    (call $z_reschedule
     (local.get $3)
     (local.get $4)
    )
    (return)
   )
  )
  (i32.store offset=8
   (local.get $0)
   (block $label$2 (result i32)
    (if
     (i32.ge_u
      (local.get $1)
      (local.get $2)
     )
     (block
      (call $sys_trace_decision
       (i64.or
        (i64.shl
         (i64.extend_i32_u
          (local.get $2)
         )
         (i64.const 32)
        )
        (i64.const 2)
       )
      )
      (br $label$2
       (local.get $2)
      )
     )
    )
    (call $sys_trace_decision
     (i64.shl
      (i64.extend_i32_u
       (local.tee $0
        (i32.add
         (local.get $1)
         (i32.const 1)
        )
       )
      )
      (i64.const 32)
     )
    )
    (local.get $0)
   )
  )
  (call $k_spin_unlock
   (local.get $3)
   (local.get $4)
  )
 )
)
