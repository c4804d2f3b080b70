;; Valid reference-types text: table.set of a ref.func. eqsat-wasm converts
;; text with the features the command line allows, not with wabt's typed
;; function references, which reject it.
;; faithful: text flags=--enable-reference-types
(module
  (type $ii (func (param i32) (result i32)))
  (table $t 2 funcref)
  (elem declare func $inc)
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func (export "f") (param $a i32) (param $b i32) (result i32)
    (local $p i64)
    (table.set $t (i32.const 1) (ref.func $inc))
    (local.set $p (i64.or (i64.shl (i64.extend_i32_u (local.get $b)) (i64.const 32))
                          (i64.extend_i32_u (local.get $a))))
    (call_indirect $t (type $ii) (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))) (i32.const 1))))
