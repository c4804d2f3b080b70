;; The keep decision's margin in a function that calls (docs/cost-models.md,
;; "What synth adds"): a rewrite whose t2-estimate gain is a single
;; instruction is refused when the function calls, and kept when it does not.
;;
;; releaseAll is sql.js-sql-wasm's function 239 with its two callees as
;; imports. eqsat-wasm rewrites its loop latch (the `block (result i32)` that
;; tests the count before decrementing it becomes an `if` around the
;; increments and a `br`): t2-estimate 49 -> 48. synth-count: in sql.js
;; 55 -> 56 (one more branch), in this file 56 -> 56; no gain on the target
;; either way, so the function stays as it was. storeAll is the same loop with the
;; calls turned into stores: t2-estimate 37 -> 36, synth-count 35 -> 35, and
;; the rewrite is kept (no calls, no margin).
;;
;; Test cost/calling-margin: `eqsat-wasm calling_margin.wat --report R` leaves
;; releaseAll and replaces storeAll. Reproduce the counts:
;;   wat2wasm calling_margin.wat -o in.wasm && eqsat-wasm in.wasm -o out.wasm &&
;;   ../shared/tools/synth-count in.wasm && ../shared/tools/t2-estimate in.wasm (and out.wasm)
(module
 (import "env" "visit" (func $visit (param i32 i32)))
 (import "env" "release" (func $release (param i32 i32)))
 (memory 1)
 (func $releaseAll (export "releaseAll") (param $0 i32) (param $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local.set $2
   (i32.add
    (local.get $1)
    (i32.const 8)))
  (local.set $3
   (i32.load
    (local.get $1)))
  (loop $next
   (call $visit
    (local.get $0)
    (i32.load
     (local.get $2)))
   (if
    (local.tee $4
     (i32.load offset=4
      (local.get $2)))
    (call $release
     (local.get $0)
     (local.get $4)))
   (local.set $2
    (i32.add
     (local.get $2)
     (i32.const 16)))
   (br_if $next
    (block (result i32)
     (local.set $5
      (i32.gt_s
       (local.get $3)
       (i32.const 1)))
     (local.set $3
      (i32.sub
       (local.get $3)
       (i32.const 1)))
     (local.get $5))))
  (call $release
   (local.get $0)
   (local.get $1)))
 (func $storeAll (export "storeAll") (param $0 i32) (param $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local.set $2
   (i32.add
    (local.get $1)
    (i32.const 8)))
  (local.set $3
   (i32.load
    (local.get $1)))
  (loop $next
   (i32.store
    (local.get $0)
    (i32.load
     (local.get $2)))
   (if
    (local.tee $4
     (i32.load offset=4
      (local.get $2)))
    (i32.store offset=4
     (local.get $0)
     (local.get $4)))
   (local.set $2
    (i32.add
     (local.get $2)
     (i32.const 16)))
   (br_if $next
    (block (result i32)
     (local.set $5
      (i32.gt_s
       (local.get $3)
       (i32.const 1)))
     (local.set $3
      (i32.sub
       (local.get $3)
       (i32.const 1)))
     (local.get $5))))
  (i32.store offset=8
   (local.get $0)
   (local.get $1)))
)
