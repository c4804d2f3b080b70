;; Branch polarity. Binaryen's remove-unused-brs turns a br_if over code
;; into (if (i32.eqz x) ...); a simple wasm->Thumb-2 backend (no compare into
;; branch fusion) then spends a compare and a conditional set on the eqz.
;; After tidying, (if (i32.eqz x) A) becomes (block $p (br_if $p x) A) and
;; (if (i32.eqz x) A B) becomes (if x B A). (Only in a function that is
;; rewritten anyway, here for the wrap of an extend: the cost model prices
;; both forms the same, a compare that only feeds a branch is fused.)
(module
  (import "env" "log" (func $log (param i32)))
  (memory 1)
  (export "memory" (memory 0))
  (func (export "f") (param $p i32) (param $x i32) (result i32)
    (block $skip
      (br_if $skip (local.get $x))
      (i32.store (local.get $p) (i32.wrap_i64 (i64.extend_i32_u (local.get $x))))
      (call $log (local.get $p)))
    (if (result i32) (i32.eqz (i32.load offset=4 (local.get $p)))
      (then (call $log (i32.const 1)) (i32.const 10))
      (else (call $log (i32.const 2)) (i32.const 20)))))
