(module
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_reschedule" (func $z_reschedule (param i32 i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_event_post" (func $z_impl_k_event_post))
 (func $z_impl_k_event_post (param $0 i32) (param $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
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
  (local.set $4
   (i32.load offset=4
    (local.get $0)
   )
  )
  (i32.store
   (local.get $0)
   (local.tee $0
    (i32.or
     (i32.load
      (local.get $0)
     )
     (local.get $1)
    )
   )
  )
  (block $label$1
   (br_if $label$1
    (i32.and
     (local.get $0)
     (local.get $4)
    )
   )
   (call $k_spin_unlock
    (local.get $2)
    (local.get $3)
   )
   (return)
  )
  (call $z_reschedule
   (local.get $2)
   (local.get $3)
  )
 )
)
