;; synth keeps a parameter the body never accesses in its register (docs/cost-models.md, "What synth adds"):
;; an accessed parameter is stored once at entry, an unaccessed one in r0-r2 is saved before each call
;; and reloaded after.  synth-count / t2-estimate of the two bodies of one function:
;;   deadParamSet as written (param 1 set, never read)   19 / 15
;;   the same without the dead set (param 1 unaccessed)   21 / 13
;; So dropping the dead set is two cheaper on the estimate and two dearer on synth: the keep decision's
;; refinement (+2 per call for param 1) refuses it.  deadLocalSet makes the same cut on a local that is
;; not a parameter, which synth does not keep in a register: that one is replaced.
;; Reproduce: wat2wasm unaccessed_param.wat -o u.wasm && ../shared/tools/synth-count u.wasm && ../shared/tools/t2-estimate u.wasm
(module
 (import "env" "g" (func $g (param i32)))
 (func $deadParamSet (export "deadParamSet") (param i32 i32 i32)
  (local.set 1 (i32.const 0))
  (call $g (local.get 0))
  (call $g (local.get 2)))
 (func $deadLocalSet (export "deadLocalSet") (param i32 i32 i32)
  (local i32)
  (local.set 3 (i32.const 0))
  (call $g (local.get 0))
  (call $g (local.get 1))
  (call $g (local.get 2))))
