;; Where synth fuses a compare into a select (docs/cost-models.md, "What synth
;; adds"): only when nothing branches or calls after the select. synth-count / t2-estimate:
;;   asResult 8 / 8 and storedAfterCall 18 / 16: fused (CMP + IT + MOV)
;;   asIfCondition 15 / 11, asCallArgument 21 / 16, storedBeforeCall 21 / 16:
;;   the compare is a value (CMP + ITE + 2 MOVs) and the select tests it again (CMP #0)
(module
 (import "env" "f" (func $f (param i32)))
 (memory 1)
 (func (export "asResult") (param $0 i32) (param $1 i32) (result i32)
  (select (local.get $0) (i32.const 0) (i32.ge_u (local.get $1) (i32.const 428))))
 (func (export "storedAfterCall") (param $0 i32) (param $1 i32)
  (call $f (i32.const 1))
  (i32.store (local.get $0) (select (local.get $0) (i32.const 0) (i32.ge_u (local.get $1) (i32.const 200)))))
 (func (export "asIfCondition") (param $0 i32) (param $1 i32) (result i32)
  (if (select (local.get $0) (i32.const 0) (i32.ge_u (local.get $1) (i32.const 200)))
   (then (i32.store (local.get $0) (i32.const 5))))
  (local.get $0))
 (func (export "asCallArgument") (param $0 i32) (param $1 i32) (result i32)
  (call $f (select (local.get $0) (i32.const 0) (i32.ge_u (local.get $1) (i32.const 200))))
  (local.get $0))
 (func (export "storedBeforeCall") (param $0 i32) (param $1 i32)
  (i32.store (local.get $0) (select (local.get $0) (i32.const 0) (i32.ge_u (local.get $1) (i32.const 200))))
  (call $f (i32.const 1)))
)
