(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_i32_i32_i32_=>_i32 (func (param i32 i32 i32 i32) (result i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "sys_sflist_get" (func $sys_sflist_get (param i32) (result i32)))
 (import "env" "z_pend_curr" (func $z_pend_curr (param i32 i32 i32 i32) (result i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_fifo_get" (func $z_impl_k_fifo_get))
 (func $z_impl_k_fifo_get (param $0 i32) (param $1 i32) (result i32)
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
      (i32.const 20)
     )
    )
   )
  )
  (local.set $4
   (i32.load offset=16
    (local.get $0)
   )
  )
  (block $label$1
   (block $label$2
    (if
     (local.tee $5
      (i32.load offset=12
       (local.get $0)
      )
     )
     (block
      (i32.store offset=16
       (local.get $0)
       (i32.const 0)
      )
      (i32.store offset=12
       (local.get $0)
       (i32.sub
        (local.get $5)
        (i32.const 1)
       )
      )
      (local.set $0
       (call $sys_sflist_get
        (i32.add
         (local.get $0)
         (i32.const 8)
        )
       )
      )
      (local.set $6
       (local.get $0)
      )
      (br $label$2)
     )
    )
    (i32.store offset=16
     (local.get $0)
     (i32.and
      (i32.add
       (local.get $4)
       (i32.const 1)
      )
      (i32.const 255)
     )
    )
    (i32.store offset=12
     (local.get $0)
     (i32.const 0)
    )
    (br_if $label$1
     (local.get $1)
    )
    (local.set $6
     (i32.const 0)
    )
   )
   (call $k_spin_unlock
    (local.get $2)
    (local.get $3)
   )
   (return
    (local.get $6)
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
