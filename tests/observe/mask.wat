;; The rule tutorial's example (docs/rules.md): (x & 0xff) & 0x0f.
(module
  (func $low_nibble (export "low_nibble") (param $x i32) (result i32)
    (i32.and (i32.and (local.get $x) (i32.const 0xff)) (i32.const 0x0f)))
  (func $keep (export "keep") (param $x i32) (result i32)
    (i32.add (local.get $x) (i32.const 1))))
