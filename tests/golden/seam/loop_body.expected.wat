(module
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (import "env" "z_timer_fire" (func $z_timer_fire (param i32)))
 (import "env" "z_add_timeout" (func $z_add_timeout (param i32 i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_timer_expire_all" (func $z_timer_expire_all))
 (func $z_timer_expire_all (param $0 i32) (result i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (if (result i32)
   (local.get $0)
   (block (result i32)
    (loop $label$2
     (local.set $2
      (i32.load offset=4
       (local.get $0)
      )
     )
     (local.set $3
      (i32.load offset=12
       (local.get $0)
      )
     )
     (i32.store offset=8
      (local.get $0)
      (i32.add
       (i32.load offset=8
        (local.get $0)
       )
       (i32.const 1)
      )
     )
     (if
      (local.get $3)
      (block
       (call $z_timer_fire
        (local.get $0)
       )
       (local.set $1
        (i32.add
         (local.get $1)
         (i32.const 1)
        )
       )
      )
     )
     (if
      (local.get $2)
      (call $z_add_timeout
       (local.get $0)
       (i32.load offset=4
        (local.get $0)
       )
      )
     )
     (br_if $label$2
      (local.tee $0
       (i32.load
        (local.get $0)
       )
      )
     )
    )
    (local.get $1)
   )
   (i32.const 0)
  )
 )
)
