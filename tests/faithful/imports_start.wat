;; Imported memory, table and globals, and a start function; the rewritten
;; function reads the imported globals and a defined one.
;; faithful: replaced>=1
(module
  (import "env" "memory" (memory 1))
  (import "env" "table" (table 2 funcref))
  (import "env" "base" (global $base i32))
  (import "env" "counter" (global $counter (mut i32)))
  (global $started (mut i32) (i32.const 0))
  (start $init)
  (func $init (global.set $started (i32.const 1)))
  (func (export "f") (param $a i32) (param $b i32) (result i32)
    (local $p i64)
    (local.set $p (i64.or (i64.shl (i64.extend_i32_u (local.get $b)) (i64.const 32))
                          (i64.extend_i32_u (local.get $a))))
    (global.set $counter (i32.add (global.get $counter) (i32.wrap_i64 (local.get $p))))
    (i32.store (global.get $base) (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))
    (i32.add (global.get $started) (global.get $counter)))
)
