;; The seam in its smallest form: pack two i32 into an i64, unpack them again.
(module
  (memory (export "memory") 1)
  (func $roundtrip (export "roundtrip") (param $lo i32) (param $hi i32) (result i32)
    (local $r i64)
    (local.set $r
      (i64.or
        (i64.shl (i64.extend_i32_u (local.get $hi)) (i64.const 32))
        (i64.extend_i32_u (i32.and (local.get $lo) (i32.const 255)))))
    (i32.store (i32.const 0) (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 32))))
    (i32.wrap_i64 (i64.and (local.get $r) (i64.const 0xff)))))
