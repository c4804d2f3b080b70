;; Functions for tests/observe/agree.json: each rule's trace must agree with --stats.
(module
  (func $offset (export "offset") (param $x i32) (result i32)
    (i32.sub (i32.add (local.get $x) (i32.const 5)) (i32.const 3)))
  (func $times6 (export "times6") (param $x i32) (result i32)
    (i32.mul (local.get $x) (i32.const 6)))
  (func $double (export "double") (param $x i32) (result i32)
    (i32.add (local.get $x) (local.get $x))))
