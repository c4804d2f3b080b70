(module
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (import "env" "log" (func $log (param i32)))
 (import "env" "wake" (func $wake (param i32)))
 (memory $0 1)
 (export "memory" (memory $0))
 (export "f" (func $0))
 (func $0 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (local $3 i32)
  (local.set $3
   (i32.load
    (local.get $0)
   )
  )
  (block $B1
   (block $B2
    (block $polarity$0
     (br_if $polarity$0
      (local.get $1)
     )
     (br_if $B1
      (local.get $2)
     )
     (local.set $1
      (select
       (i32.const 3)
       (i32.const 2)
       (local.get $3)
      )
     )
     (br $B2)
    )
    (return
     (i32.const -1)
    )
   )
   (call $log
    (local.get $1)
   )
   (if
    (local.get $3)
    (block
     (call $wake
      (local.get $0)
     )
     (return
      (i32.const 3)
     )
    )
   )
   (i32.store offset=4
    (local.get $0)
    (i32.const 0)
   )
  )
  (i32.const 0)
 )
)
