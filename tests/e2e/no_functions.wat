;; Nothing for the optimizer: the output text is fixed (no_functions.expected.wat).
(module
  (import "env" "log" (func $log (param i32)))
  (global $counter (mut i32) (i32.const 7))
  (memory (export "memory") 1)
  (data (i32.const 16) "seam")
  (export "counter" (global $counter)))
