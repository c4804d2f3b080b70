(module
 (type $i32_i32_i32_i32_=>_i32 (func (param i32 i32 i32 i32) (result i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "clamp_step" (func $clamp_step))
 (func $clamp_step (param $0 i32) (param $1 i32) (param $2 i32) (param $3 i32) (result i32)
  (i32.store
   (local.get $3)
   (if (result i32)
    (i32.lt_s
     (local.get $0)
     (local.get $1)
    )
    (block (result i32)
     (local.set $0
      (i32.add
       (local.get $1)
       (i32.const 1)
      )
     )
     (local.get $1)
    )
    (block (result i32)
     (local.set $0
      (select
       (local.get $2)
       (local.get $0)
       (i32.gt_s
        (local.get $0)
        (local.get $2)
       )
      )
     )
     (local.get $0)
    )
   )
  )
  (local.get $0)
 )
)
