(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_i32_=>_i32 (func (param i32 i32) (result i32)))
 (type $i32_=>_none (func (param i32)))
 (import "env" "log" (func $log (param i32)))
 (global $__stack_pointer (mut i32) (i32.const 65536))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "alias" (func $alias))
 (export "forward" (func $forward))
 (export "through_call" (func $through_call))
 (func $slot_alias (param $p i32) (param $x i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (global.set $__stack_pointer
   (local.tee $2
    (i32.sub
     (local.tee $3
      (global.get $__stack_pointer)
     )
     (i32.const 16)
    )
   )
  )
  (i32.store offset=8
   (local.get $2)
   (local.get $x)
  )
  (i32.store
   (local.get $p)
   (i32.const 5)
  )
  (global.set $__stack_pointer
   (local.get $3)
  )
  (i32.load offset=8
   (local.get $2)
  )
 )
 (func $slot_forward (param $p i32) (param $x i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (global.set $__stack_pointer
   (local.tee $2
    (i32.sub
     (local.tee $3
      (global.get $__stack_pointer)
     )
     (i32.const 16)
    )
   )
  )
  (i32.store offset=8
   (local.get $2)
   (local.get $x)
  )
  (i32.store
   (local.get $p)
   (i32.const 5)
  )
  (global.set $__stack_pointer
   (local.get $3)
  )
  (i32.add
   (i32.load offset=8
    (local.get $2)
   )
   (i32.mul
    (local.get $x)
    (i32.const 3)
   )
  )
 )
 (func $slot_call (param $x i32) (result i32)
  (local $1 i32)
  (local $2 i32)
  (global.set $__stack_pointer
   (local.tee $1
    (i32.sub
     (local.tee $2
      (global.get $__stack_pointer)
     )
     (i32.const 16)
    )
   )
  )
  (i32.store offset=8
   (local.get $1)
   (local.get $x)
  )
  (call $log
   (local.get $x)
  )
  (global.set $__stack_pointer
   (local.get $2)
  )
  (i32.load offset=8
   (local.get $1)
  )
 )
 (func $alias (param $x i32) (result i32)
  (call $slot_alias
   (i32.sub
    (global.get $__stack_pointer)
    (i32.const 8)
   )
   (local.get $x)
  )
 )
 (func $forward (param $x i32) (result i32)
  (call $slot_forward
   (i32.sub
    (global.get $__stack_pointer)
    (i32.const 8)
   )
   (local.get $x)
  )
 )
 (func $through_call (param $x i32) (result i32)
  (call $slot_call
   (local.get $x)
  )
 )
)
