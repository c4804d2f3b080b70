;; Assembled without a name section: the output must not gain one.
;; faithful: replaced>=1 nonames
(module
  (func (export "f") (param i32 i32) (result i32)
    (local i64)
    (local.set 2 (i64.or (i64.shl (i64.extend_i32_u (local.get 1)) (i64.const 32))
                         (i64.extend_i32_u (local.get 0))))
    (i32.add (i32.wrap_i64 (local.get 2)) (i32.wrap_i64 (i64.shr_u (local.get 2) (i64.const 32)))))
  (func (export "g") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
)
