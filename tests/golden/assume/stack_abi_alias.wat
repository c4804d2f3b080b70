;; golden: flags=--assume none
;; golden: diffexec=--strict-stack
;; The shadow-stack ABI assumption (README, Assumptions), switched off.
;; $slot_alias keeps a 16-byte frame: slot = x; *p = 5; return slot. Its caller
;; passes p = sp - 16 + 8, the address the slot will have: a dangling pointer
;; under clang's ABI, the slot itself under wasm semantics, where the result
;; is 5. By default the slot's load reads x (tests/scripts/stack_abi_check.sh
;; shows that difference); without the assumption the stores stay and the load
;; after `*p = 5` reads memory. $slot_forward loads the slot once before the
;; store through p (forwarded: no store or call comes between) and once after
;; (kept); $slot_call loads it after a call (kept).
(module
 (import "env" "log" (func $log (param i32)))
 (global $__stack_pointer (mut i32) (i32.const 65536))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "alias" (func $alias))
 (export "forward" (func $forward))
 (export "through_call" (func $through_call))
 (func $slot_alias (param $p i32) (param $x i32) (result i32)
  (local $sp i32) (local $r i32)
  (global.set $__stack_pointer
   (local.tee $sp (i32.sub (global.get $__stack_pointer) (i32.const 16))))
  (i32.store offset=8 (local.get $sp) (local.get $x))
  (i32.store (local.get $p) (i32.const 5))
  (local.set $r (i32.load offset=8 (local.get $sp)))
  (global.set $__stack_pointer (i32.add (local.get $sp) (i32.const 16)))
  (local.get $r))
 (func $slot_forward (param $p i32) (param $x i32) (result i32)
  (local $sp i32) (local $r i32)
  (global.set $__stack_pointer
   (local.tee $sp (i32.sub (global.get $__stack_pointer) (i32.const 16))))
  (i32.store offset=8 (local.get $sp) (local.get $x))
  (local.set $r (i32.mul (i32.load offset=8 (local.get $sp)) (i32.const 3)))
  (i32.store (local.get $p) (i32.const 5))
  (local.set $r (i32.add (local.get $r) (i32.load offset=8 (local.get $sp))))
  (global.set $__stack_pointer (i32.add (local.get $sp) (i32.const 16)))
  (local.get $r))
 (func $slot_call (param $x i32) (result i32)
  (local $sp i32) (local $r i32)
  (global.set $__stack_pointer
   (local.tee $sp (i32.sub (global.get $__stack_pointer) (i32.const 16))))
  (i32.store offset=8 (local.get $sp) (local.get $x))
  (call $log (local.get $x))
  (local.set $r (i32.load offset=8 (local.get $sp)))
  (global.set $__stack_pointer (i32.add (local.get $sp) (i32.const 16)))
  (local.get $r))
 (func $alias (param $x i32) (result i32)
  (call $slot_alias
   (i32.add (i32.sub (global.get $__stack_pointer) (i32.const 16)) (i32.const 8))
   (local.get $x)))
 (func $forward (param $x i32) (result i32)
  (call $slot_forward
   (i32.add (i32.sub (global.get $__stack_pointer) (i32.const 16)) (i32.const 8))
   (local.get $x)))
 (func $through_call (param $x i32) (result i32)
  (call $slot_call (local.get $x)))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $slot_alias (param $p i32) (param $x i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (global.set $__stack_pointer
;; CHECK-NEXT:    (local.tee $2
;; CHECK-NEXT:     (i32.sub
;; CHECK-NEXT:      (local.tee $3
;; CHECK-NEXT:       (global.get $__stack_pointer)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.const 16)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store offset=8
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:    (local.get $x)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store
;; CHECK-NEXT:    (local.get $p)
;; CHECK-NEXT:    (i32.const 5)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (global.set $__stack_pointer
;; CHECK-NEXT:    (local.get $3)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.load offset=8
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $slot_forward (param $p i32) (param $x i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (global.set $__stack_pointer
;; CHECK-NEXT:    (local.tee $2
;; CHECK-NEXT:     (i32.sub
;; CHECK-NEXT:      (local.tee $3
;; CHECK-NEXT:       (global.get $__stack_pointer)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.const 16)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store offset=8
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:    (local.get $x)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store
;; CHECK-NEXT:    (local.get $p)
;; CHECK-NEXT:    (i32.const 5)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (global.set $__stack_pointer
;; CHECK-NEXT:    (local.get $3)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.add
;; CHECK-NEXT:    (i32.load offset=8
;; CHECK-NEXT:     (local.get $2)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.mul
;; CHECK-NEXT:     (local.get $x)
;; CHECK-NEXT:     (i32.const 3)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $slot_call (param $x i32) (result i32)
;; CHECK-NEXT:   (local $1 i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (global.set $__stack_pointer
;; CHECK-NEXT:    (local.tee $1
;; CHECK-NEXT:     (i32.sub
;; CHECK-NEXT:      (local.tee $2
;; CHECK-NEXT:       (global.get $__stack_pointer)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.const 16)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store offset=8
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:    (local.get $x)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $log
;; CHECK-NEXT:    (local.get $x)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (global.set $__stack_pointer
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.load offset=8
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $alias (param $x i32) (result i32)
;; CHECK-NEXT:   (call $slot_alias
;; CHECK-NEXT:    (i32.add
;; CHECK-NEXT:     (i32.sub
;; CHECK-NEXT:      (global.get $__stack_pointer)
;; CHECK-NEXT:      (i32.const 16)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.const 8)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.get $x)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $forward (param $x i32) (result i32)
;; CHECK-NEXT:   (call $slot_forward
;; CHECK-NEXT:    (i32.add
;; CHECK-NEXT:     (i32.sub
;; CHECK-NEXT:      (global.get $__stack_pointer)
;; CHECK-NEXT:      (i32.const 16)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.const 8)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.get $x)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
;; CHECK-LABEL: (func $through_call (param $x i32) (result i32)
;; CHECK-NEXT:   (call $slot_call
;; CHECK-NEXT:    (local.get $x)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
