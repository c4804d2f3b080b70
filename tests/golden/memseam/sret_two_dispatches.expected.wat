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
 (func $push (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local.set $5
   (call $lock
    (local.get $0)
   )
  )
  (local.set $2
   (call $unpend
    (local.get $0)
   )
  )
  (local.set $4
   (i32.load offset=12
    (local.get $0)
   )
  )
  (local.set $3
   (i32.load offset=16
    (local.get $0)
   )
  )
  (block $B3
   (if
    (local.get $2)
    (block
     (local.set $3
      (i32.const 0)
     )
     (call $ready
      (local.get $2)
     )
     (br $B3)
    )
   )
   (block $thread$K0
    (if
     (i32.eq
      (local.get $3)
      (local.get $4)
     )
     (block
      (local.set $3
       (i32.const -12)
      )
      (br $thread$K0)
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
      (local.get $1)
     )
    )
    (local.set $3
     (i32.const 0)
    )
   )
   (i32.store offset=12
    (local.get $0)
    (local.get $4)
   )
   (call $unlock
    (local.get $5)
   )
  )
  (local.get $3)
 )
)
