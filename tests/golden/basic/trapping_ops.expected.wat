(module
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "check" (func $check))
 (func $check (param $a i32) (param $b i32) (param $p i32) (result i32)
  (drop
   (i32.div_s
    (local.get $a)
    (local.get $b)
   )
  )
  (drop
   (i32.load
    (local.get $p)
   )
  )
  (i32.add
   (i32.rem_u
    (local.get $a)
    (local.get $b)
   )
   (i32.const 1)
  )
 )
)
