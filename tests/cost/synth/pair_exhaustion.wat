;; synth's parameter-backing retry (docs/cost-models.md, "The target"; cost/synth_pair_exhaustion.cpp).
;; p0-p2 stay pinned in r0-r2 through the loop, so the i64.mul after the leading loads has r3-r8 for
;; three pairs: the extend's, the constant's and the product's. Each leading load takes one register
;; round-robin (its address is the pinned p0), which moves where the pairs fall. With an odd number
;; of loads the operands leave r3 and r8 apart, selection fails and synth compiles the function again
;; with p0-p2 stored at entry and loaded at each read.
;; synth-count / t2-estimate / synth's rung (SYNTH_RECOVERY_STATS=1):
;;   loads0  28 / 28  base
;;   loads1  40 / 29  param-backing   (3 STRs at entry + 8 LDRs: the refinement's 11)
;;   loads2  30 / 30  base
;;   loads3  44 / 31  param-backing
;; Reproduce: wat2wasm pair_exhaustion.wat -o p.wasm && ../shared/tools/synth-count p.wasm && ../shared/tools/t2-estimate p.wasm
(module
 (memory 1)
 (func $loads0 (export "loads0") (param i32 i32 i32) (result i32) (local i64)
  (local.set 3 (i64.mul (i64.extend_i32_u (local.get 1)) (i64.const 0x100000001)))
  (loop $l
   (i64.store (local.get 0) (local.get 3))
   (i32.store8 offset=8 (local.get 0) (local.get 1))
   (local.set 0 (i32.add (local.get 0) (i32.const 9)))
   (br_if $l (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
  (local.get 0))
 (func $loads1 (export "loads1") (param i32 i32 i32) (result i32) (local i64)
  (drop (i32.load (local.get 0)))
  (local.set 3 (i64.mul (i64.extend_i32_u (local.get 1)) (i64.const 0x100000001)))
  (loop $l
   (i64.store (local.get 0) (local.get 3))
   (i32.store8 offset=8 (local.get 0) (local.get 1))
   (local.set 0 (i32.add (local.get 0) (i32.const 9)))
   (br_if $l (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
  (local.get 0))
 (func $loads2 (export "loads2") (param i32 i32 i32) (result i32) (local i64)
  (drop (i32.load (local.get 0)))
  (drop (i32.load (local.get 0)))
  (local.set 3 (i64.mul (i64.extend_i32_u (local.get 1)) (i64.const 0x100000001)))
  (loop $l
   (i64.store (local.get 0) (local.get 3))
   (i32.store8 offset=8 (local.get 0) (local.get 1))
   (local.set 0 (i32.add (local.get 0) (i32.const 9)))
   (br_if $l (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
  (local.get 0))
 (func $loads3 (export "loads3") (param i32 i32 i32) (result i32) (local i64)
  (drop (i32.load (local.get 0)))
  (drop (i32.load (local.get 0)))
  (drop (i32.load (local.get 0)))
  (local.set 3 (i64.mul (i64.extend_i32_u (local.get 1)) (i64.const 0x100000001)))
  (loop $l
   (i64.store (local.get 0) (local.get 3))
   (i32.store8 offset=8 (local.get 0) (local.get 1))
   (local.set 0 (i32.add (local.get 0) (i32.const 9)))
   (br_if $l (local.tee 2 (i32.sub (local.get 2) (i32.const 1)))))
  (local.get 0)))
