(module
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (import "env" "log" (func $log (param i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "f" (func $0))
 (func $0 (param $p i32) (param $x i32) (result i32)
  (block $label$1
   (br_if $label$1
    (local.get $x)
   )
   (i32.store
    (local.get $p)
    (i32.const 0)
   )
   (call $log
    (local.get $p)
   )
  )
  (if (result i32)
   (i32.load offset=4
    (local.get $p)
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
