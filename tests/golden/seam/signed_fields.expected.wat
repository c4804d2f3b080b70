(module
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (import "env" "z_thread_priority_set" (func $z_thread_priority_set (param i32 i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_prio_update" (func $z_prio_update))
 (func $z_prio_update (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (if
   (local.tee $1
    (i32.extend8_s
     (select
      (i32.const 0)
      (select
       (i32.const 255)
       (i32.const 1)
       (i32.lt_s
        (local.tee $2
         (select
          (local.get $2)
          (local.get $1)
          (i32.lt_s
           (local.get $1)
           (local.get $2)
          )
         )
        )
        (local.tee $1
         (i32.load offset=4
          (local.get $0)
         )
        )
       )
      )
      (i32.eq
       (local.get $1)
       (local.get $2)
      )
     )
    )
   )
   (call $z_thread_priority_set
    (local.get $0)
    (local.get $2)
   )
  )
  (if
   (i32.lt_s
    (local.get $1)
    (i32.const 0)
   )
   (i32.store offset=8
    (local.get $0)
    (local.get $2)
   )
  )
  (local.get $1)
 )
)
