(module
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "check" (func $check))
 (func $check (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (drop
   (i32.div_s
    (local.get $0)
    (local.get $1)
   )
  )
  (drop
   (i32.load
    (local.get $2)
   )
  )
  (i32.add
   (i32.rem_u
    (local.get $0)
    (local.get $1)
   )
   (i32.const 1)
  )
 )
)
