(module
 (type $i32_i32_=>_none (func (param i32 i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "put" (func $put))
 (func $put (param $p i32) (param $x i32)
  (i32.store
   (local.get $p)
   (local.get $x)
  )
  (i32.store8 offset=4
   (local.get $p)
   (local.get $x)
  )
  (i64.store offset=8
   (local.get $p)
   (i64.extend_i32_s
    (local.get $x)
   )
  )
 )
)
