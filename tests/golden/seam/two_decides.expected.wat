(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_=>_none (func (param i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_unpend_first_thread" (func $z_unpend_first_thread (param i32) (result i32)))
 (import "env" "z_ready_thread" (func $z_ready_thread (param i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_queue_insert" (func $z_impl_k_queue_insert))
 (func $z_impl_k_queue_insert (param $0 i32) (result i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (block $label$1
   (local.set $3
    (call $k_spin_lock
     (local.tee $2
      (i32.add
       (local.get $0)
       (i32.const 24)
      )
     )
    )
   )
   (if
    (i32.and
     (i32.ne
      (local.tee $4
       (i32.load offset=20
        (local.get $0)
       )
      )
      (i32.const 0)
     )
     (i32.ge_u
      (local.tee $1
       (i32.load offset=16
        (local.get $0)
       )
      )
      (local.get $4)
     )
    )
    (block
     (local.set $5
      (i32.const -12)
     )
     (br $label$1)
    )
   )
   (i32.store offset=16
    (local.get $0)
    (select
     (local.get $1)
     (i32.add
      (local.get $1)
      (i32.const 1)
     )
     (local.tee $1
      (i32.ne
       (local.tee $0
        (call $z_unpend_first_thread
         (local.get $0)
        )
       )
       (i32.const 0)
      )
     )
    )
   )
   (if
    (local.get $1)
    (call $z_ready_thread
     (local.get $0)
    )
   )
   (local.set $5
    (i32.const 0)
   )
  )
  (call $k_spin_unlock
   (local.get $2)
   (local.get $3)
  )
  (local.get $5)
 )
)
