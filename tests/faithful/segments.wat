;; Passive and declarative segments with the bulk-memory and reference-types
;; instructions that use them, in a function that is rewritten. (Binaryen 108
;; cannot read table.init and elem.drop.)
;; faithful: replaced>=1 flags=--enable-bulk-memory --enable-reference-types
(module
  (type $ii (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (table $t 4 funcref)
  (data $active (i32.const 16) "active")
  (data $passive "passive bytes")
  (elem $pe funcref (ref.func $id) (ref.func $id))
  (elem declare func $twice)
  (func $id (type $ii) (local.get 0))
  (func $twice (type $ii) (i32.add (local.get 0) (local.get 0)))
  (func (export "init") (param $a i32) (param $b i32) (result i32)
    (local $p i64)
    (memory.init $passive (i32.const 64) (i32.const 0) (i32.const 7))
    (data.drop $passive)
    (table.set $t (i32.const 3) (ref.func $twice))
    (local.set $p (i64.or (i64.shl (i64.extend_i32_u (local.get $b)) (i64.const 32))
                          (i64.extend_i32_u (local.get $a))))
    (i32.add (call_indirect $t (type $ii) (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))) (i32.const 3))
             (i32.load8_u (i32.const 64))))
)
