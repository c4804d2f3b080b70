;; synth zeroes at entry the frame slot of each local that a read may reach before any write
;; (docs/cost-models.md, "What synth adds"): one MOVS #0, then an STR per word, which t2-estimate does not
;; price.  synth-count (less the 2-byte alignment pad it counts after some functions) / t2-estimate:
;;   sumInit      explicit (local.set 1 (i32.const 0)) before the loop     17 / 17
;;   sumImplicit  the same loop without it (eqsat-wasm drops it)           17 / 15  (MOVS + STR)
;;   oneArm       written in one arm of an if, read after                  14 / 12  (MOVS + STR)
;;   bothArms     written in both arms                                     16 / 16
;;   setThenBranch written first, inside a block a br_if leaves: synth's
;;                analysis forgets what the block assigned (MOVS), and
;;                drops the STR the write overwrites before any branch     15 / 14  (MOVS)
;;   neverWritten never written: read as the constant 0                     8 /  8
;; Reproduce: wat2wasm zero_init.wat -o z.wasm && ../shared/tools/synth-count z.wasm --keep z.o &&
;;   ../shared/tools/t2-estimate z.wasm && llvm-objdump-14 --triple=thumbv7em -d z.o
(module
 (memory 1)
 (func $sumInit (export "sumInit") (param i32) (result i32)
  (local i32)
  (local.set 1 (i32.const 0))
  (loop $l
   (local.set 1 (i32.add (local.get 1) (i32.load (local.get 0))))
   (br_if $l (local.tee 0 (i32.load offset=4 (local.get 0)))))
  (local.get 1))
 (func $sumImplicit (export "sumImplicit") (param i32) (result i32)
  (local i32)
  (loop $l
   (local.set 1 (i32.add (local.get 1) (i32.load (local.get 0))))
   (br_if $l (local.tee 0 (i32.load offset=4 (local.get 0)))))
  (local.get 1))
 (func $oneArm (export "oneArm") (param i32) (result i32)
  (local i32)
  (if (local.get 0) (then (local.set 1 (i32.load (local.get 0)))))
  (i32.store (local.get 0) (local.get 1))
  (local.get 1))
 (func $bothArms (export "bothArms") (param i32) (result i32)
  (local i32)
  (if (local.get 0) (then (local.set 1 (i32.load (local.get 0)))) (else (local.set 1 (i32.load offset=8 (local.get 0)))))
  (i32.store (local.get 0) (local.get 1))
  (local.get 1))
 (func $setThenBranch (export "setThenBranch") (param i32) (result i32)
  (local i32)
  (block $b
   (local.set 1 (i32.load (local.get 0)))
   (br_if $b (local.get 0))
   (i32.store offset=4 (local.get 0) (local.get 0)))
  (i32.store (local.get 0) (local.get 1))
  (local.get 1))
 (func $neverWritten (export "neverWritten") (param i32) (result i32)
  (local i32)
  (i32.store (local.get 0) (local.get 1))
  (i32.add (local.get 0) (i32.const 1))))
