;; A module that declares no features and uses none beyond the MVP: the
;; forwarded i8 of the frame slot would be an i32.extend8_s, which the output
;; may not use; it is written as a pair of shifts, and the output validates as MVP.
;; faithful: replaced>=1 mvp
(module
  (global $__stack_pointer (mut i32) (i32.const 1024))
  (memory (export "memory") 1)
  (func (export "f") (param i32) (result i32) (local $fp i32)
    (local.set $fp (i32.sub (global.get $__stack_pointer) (i32.const 16)))
    (global.set $__stack_pointer (local.get $fp))
    (i32.store offset=8 (local.get $fp) (local.get 0))
    (local.set 0 (i32.load8_s offset=8 (local.get $fp)))
    (global.set $__stack_pointer (i32.add (local.get $fp) (i32.const 16)))
    (local.get 0)))
