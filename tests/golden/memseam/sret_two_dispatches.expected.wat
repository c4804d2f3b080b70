(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (import "env" "lock" (func $lock (param i32) (result i32)))
 (import "env" "unlock" (func $unlock (param i32)))
 (import "env" "unpend" (func $unpend (param i32) (result i32)))
 (import "env" "ready" (func $ready (param i32)))
 (global $__stack_pointer (mut i32) (i32.const 65536))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "push" (func $push))
 (func $push (param $s i32) (param $data i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local.set $5
   (call $lock
    (local.get $s)
   )
  )
  (local.set $2
   (call $unpend
    (local.get $s)
   )
  )
  (local.set $4
   (i32.load offset=12
    (local.get $s)
   )
  )
  (local.set $3
   (i32.load offset=16
    (local.get $s)
   )
  )
  (block $label$1
   (if
    (local.get $2)
    (block
     (local.set $3
      (i32.const 0)
     )
     (call $ready
      (local.get $2)
     )
     (br $label$1)
    )
   )
   (block $label$3
    (if
     (i32.eq
      (local.get $3)
      (local.get $4)
     )
     (block
      (local.set $3
       (i32.const -12)
      )
      (br $label$3)
     )
    )
    (local.set $4
     (i32.add
      (local.tee $2
       (local.get $4)
      )
      (i32.const 4)
     )
    )
    (if
     (local.get $2)
     (i32.store
      (local.get $2)
      (local.get $data)
     )
    )
    (local.set $3
     (i32.const 0)
    )
   )
   (i32.store offset=12
    (local.get $s)
    (local.get $4)
   )
   (call $unlock
    (local.get $5)
   )
  )
  (local.get $3)
 )
)
