;; Code that keeps values on the stack across a local.set, as loom's output
;; does: Binaryen reads it into scratch locals and extra blocks. A body that
;; is not replaced must come out byte for byte, not as Binaryen's re-encoding;
;; a replaced one must keep the order of the calls.
;; faithful:
(module
  (import "env" "g" (func $g (param i32) (result i32)))
  (func (export "h") (param i32 i32) (result i32) (local i32)
    local.get 0
    call $g
    local.get 1
    call $g
    local.tee 2
    call $g
    local.set 1
    local.get 2
    i32.add
    local.get 1
    i32.mul)
  (func (export "k") (param i32) (result i32) (local i32)
    local.get 0
    local.get 0
    call $g
    local.set 1
    local.get 1
    call $g
    i32.add
    local.get 1
    i32.xor)
  (func (export "same") (param i32) (result i32)
    local.get 0
    call $g
    local.get 0
    call $g
    i32.add)
)
