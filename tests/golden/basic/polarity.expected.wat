(module
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (import "env" "log" (func $log (param i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "f" (func $0))
 (func $0 (param $0 i32) (param $1 i32) (result i32)
  (block $polarity$0
   (br_if $polarity$0
    (local.get $1)
   )
   (i32.store
    (local.get $0)
    (i32.const 0)
   )
   (call $log
    (local.get $0)
   )
  )
  (if (result i32)
   (i32.load offset=4
    (local.get $0)
   )
   (block (result i32)
    (call $log
     (i32.const 2)
    )
    (i32.const 20)
   )
   (block (result i32)
    (call $log
     (i32.const 1)
    )
    (i32.const 10)
   )
  )
 )
)
