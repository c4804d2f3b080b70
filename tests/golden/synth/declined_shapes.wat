;; Shapes synth (the Cortex-M backend after eqsat-wasm) declines or miscompiles
;; are not introduced (cost/synth_limits.h, docs/cost-models.md "What synth
;; declines").
;;
;; $alloc_pair: an i64 assigned on three paths and stored once. Binaryen's
;; simplify-locals would carry it to the store as a block result through
;; br_if values; synth declines that ("#509: an i64 value carried over a
;; br/br_if/br_table"), so the i64 stays in a local.
;;
;; $sigma: rotations by a constant stay rotr. Thumb-2 has only ROR: synth
;; computes 32 - k with an RSB for a rotl, and fails on some rotl shapes
;; ("rule_i32_rotl: side condition violated: rs must not alias rn"). The
;; wrap of an extend makes the function worth rewriting.
(module
  (type $alloc (func (param i32 i32 i32 i32) (result i32)))
  (table 1 funcref)
  (memory 1)
  (export "memory" (memory 0))
  (func $alloc_pair (export "alloc_pair") (param $out i32) (param $env i32) (param $n i32)
    (local $r i64)
    (local.set $r (i64.const 4294967296))
    (block $done
      (br_if $done (i32.ge_u (local.get $n) (i32.const 1073741824)))
      (block $nonzero
        (br_if $nonzero (local.get $n))
        (local.set $r (i64.const 4294967292))
        (br $done))
      (local.set $r
        (i64.or
          (i64.shl
            (i64.extend_i32_u
              (i32.eqz
                (local.tee $n
                  (call_indirect (type $alloc)
                    (i32.load (local.get $env))
                    (i32.shl (local.get $n) (i32.const 2))
                    (i32.const 2)
                    (i32.const 0)
                    (i32.load (i32.load offset=4 (local.get $env)))))))
            (i64.const 32))
          (i64.extend_i32_u (local.get $n)))))
    (i64.store align=4 (local.get $out) (local.get $r)))
  (func $sigma (export "sigma") (param $x i32) (result i32)
    (i32.xor
      (i32.xor
        (i32.rotr (local.get $x) (i32.const 6))
        (i32.rotr (local.get $x) (i32.const 11)))
      (i32.add
        (i32.rotr (local.get $x) (i32.const 25))
        (i32.wrap_i64 (i64.extend_i32_u (local.get $x)))))))

;; ---- check lines ----
;; CHECK-LABEL: (func $alloc_pair (param
;; CHECK-NOT: (result i64)
;; CHECK: (i64.store align=4
;; CHECK-NOT: (result i64)
;; CHECK-LABEL: (func $sigma (param
;; CHECK-NOT: i32.rotl
;; CHECK: (i32.rotr
;; CHECK-NOT: i32.rotl
;; CHECK: (i32.rotr
;; CHECK-NOT: i32.rotl
;; CHECK: (i32.rotr
;; CHECK-NOT: i32.rotl
