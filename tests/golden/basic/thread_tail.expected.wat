(module
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (import "env" "a" (func $a (param i32)))
 (import "env" "b" (func $b (param i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "f" (func $0))
 (func $0 (param $p i32) (param $x i32) (result i32)
  (local $2 i32)
  (local.set $2
   (i32.load offset=4
    (local.get $p)
   )
  )
  (if
   (local.get $x)
   (block
    (i32.store offset=4
     (local.get $p)
     (local.tee $2
      (i32.add
       (local.get $2)
       (i32.const 1)
      )
     )
    )
    (call $a
     (local.get $2)
    )
    (return
     (i32.const 0)
    )
   )
  )
  (call $b
   (local.get $2)
  )
  (i32.const 1)
 )
)
