;; Custom sections, known and unknown, are added around the sections by
;; run.sh (producers, target_features, an unknown one and a .debug_info, which
;; goes with the rewritten code and is said so in the summary).
;; faithful: replaced>=1 custom
(module
  (memory (export "memory") 1)
  (func $decide (param $x i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $x)) (i64.const 32)) (i64.const 1)))
  (func (export "f") (param $x i32) (result i32)
    (local $r i64)
    (local.set $r (call $decide (local.get $x)))
    (i32.store (i32.const 8) (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 32))))
    (i32.wrap_i64 (i64.and (local.get $r) (i64.const 255))))
)
