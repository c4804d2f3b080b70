;; memory.fill needs bulk-memory, which is not enabled by default.
(module
  (memory 1)
  (func (export "clear") (param $p i32) (param $n i32)
    (memory.fill (local.get $p) (i32.const 0) (local.get $n))))
