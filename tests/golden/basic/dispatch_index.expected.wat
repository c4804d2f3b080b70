(module
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (import "env" "log" (func $log (param i32)))
 (import "env" "wake" (func $wake (param i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "f" (func $0))
 (func $0 (param $p i32) (param $x i32) (param $y i32) (result i32)
  (local $3 i32)
  (local.set $3
   (i32.load
    (local.get $p)
   )
  )
  (block $label$1
   (block $label$2
    (block $label$3
     (br_if $label$3
      (local.get $x)
     )
     (br_if $label$1
      (local.get $y)
     )
     (local.set $x
      (select
       (i32.const 3)
       (i32.const 2)
       (local.get $3)
      )
     )
     (br $label$2)
    )
    (return
     (i32.const -1)
    )
   )
   (call $log
    (local.get $x)
   )
   (if
    (local.get $3)
    (block
     (call $wake
      (local.get $p)
     )
     (return
      (i32.const 3)
     )
    )
   )
   (i32.store offset=4
    (local.get $p)
    (i32.const 0)
   )
  )
  (i32.const 0)
 )
)
