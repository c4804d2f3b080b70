;; synth's stale branch-value register (docs/cost-models.md, "What synth adds").
;; Each pair makes the same two-arm choice once with a local.set in each arm and
;; once as a block result carried by `br`; synth-count / t2-estimate:
;;   viaLocal 34 / 22, viaBlock 36 / 23 (one call after the br)
;;   localThreeCalls 44 / 26, brThreeCalls 50 / 27 (three calls after the br)
;; The register that computed the br's value stays allocated: each later call
;; saves/reloads it.  Reproduce: wat2wasm value_branch.wat -o v.wasm &&
;;   ../shared/tools/synth-count v.wasm --keep v.o && ../shared/tools/t2-estimate v.wasm
(module
 (import "env" "f" (func $f (param i32)))
 (memory 1)
 (func $viaLocal (export "viaLocal") (param $0 i32) (result i32)
  (local $1 i32)
  (block $out
   (block $b
    (br_if $b (local.get $0))
    (call $f (i32.const 1))
    (local.set $1 (i32.const 0))
    (br $out))
   (call $f (i32.const 2))
   (local.set $1 (i32.load (local.get $0))))
  (call $f (i32.const 3))
  (local.get $1))
 (func $viaBlock (export "viaBlock") (param $0 i32) (result i32)
  (local $1 i32)
  (local.set $1
   (block $out (result i32)
    (block $b
     (br_if $b (local.get $0))
     (call $f (i32.const 1))
     (br $out (i32.const 0)))
    (call $f (i32.const 2))
    (i32.load (local.get $0))))
  (call $f (i32.const 3))
  (local.get $1))
 (func $localThreeCalls (export "localThreeCalls") (param $0 i32) (result i32)
  (local $1 i32)
  (block $out
   (block $b
    (br_if $b (local.get $0))
    (call $f (i32.const 1))
    (local.set $1 (i32.const 0))
    (br $out))
   (call $f (i32.const 2))
   (local.set $1 (i32.load (local.get $0))))
  (call $f (i32.const 3))
  (call $f (i32.const 4))
  (call $f (i32.const 5))
  (local.get $1))
 (func $brThreeCalls (export "brThreeCalls") (param $0 i32) (result i32)
  (local $1 i32)
  (local.set $1
   (block $out (result i32)
    (block $b
     (br_if $b (local.get $0))
     (call $f (i32.const 1))
     (br $out (i32.const 0)))
    (call $f (i32.const 2))
    (i32.load (local.get $0))))
  (call $f (i32.const 3))
  (call $f (i32.const 4))
  (call $f (i32.const 5))
  (local.get $1))
)
