(module
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (import "env" "log" (func $log (param i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "f" (func $0))
 (func $0 (param $p i32) (param $c i32) (result i32)
  (if
   (local.get $c)
   (block
    (call $log
     (local.get $c)
    )
    (return
     (i32.const 0)
    )
   )
  )
  (i32.load
   (i32.and
    (local.get $p)
    (i32.const 65520)
   )
  )
 )
)
