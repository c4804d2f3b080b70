(module
 (type $i32_=>_none (func (param i32)))
 (import "env" "log" (func $log (param i32)))
 (global $counter (mut i32) (i32.const 7))
 (memory $0 1)
 (data (i32.const 16) "seam")
 (export "memory" (memory $0))
 (export "counter" (global $counter))
)
