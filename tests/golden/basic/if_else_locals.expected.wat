(module
 (type $i32_i32_i32_i32_=>_i32 (func (param i32 i32 i32 i32) (result i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "clamp_step" (func $clamp_step))
 (func $clamp_step (param $x i32) (param $lo i32) (param $hi i32) (param $out i32) (result i32)
  (i32.store
   (local.get $out)
   (if (result i32)
    (i32.lt_s
     (local.get $x)
     (local.get $lo)
    )
    (block (result i32)
     (local.set $x
      (i32.add
       (local.get $lo)
       (i32.const 1)
      )
     )
     (local.get $lo)
    )
    (block (result i32)
     (local.set $x
      (select
       (local.get $hi)
       (local.get $x)
       (i32.gt_s
        (local.get $x)
        (local.get $hi)
       )
      )
     )
     (local.get $x)
    )
   )
  )
  (local.get $x)
 )
)
