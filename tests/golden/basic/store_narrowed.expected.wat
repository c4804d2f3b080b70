(module
 (type $i32_i32_=>_none (func (param i32 i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "put" (func $put))
 (func $put (param $0 i32) (param $1 i32)
  (i32.store
   (local.get $0)
   (local.get $1)
  )
  (i32.store8 offset=4
   (local.get $0)
   (local.get $1)
  )
  (i64.store offset=8
   (local.get $0)
   (i64.extend_i32_s
    (local.get $1)
   )
  )
 )
)
