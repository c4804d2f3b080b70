;; A call every path from a branch starts with, made once above the branch
;; (finish step 11e2, passes/statements_above_branches.h). The seam case
;; gen_80082 (tests/seam/shims/gen_80082.c, decide inlined): once the
;; action's dispatch is threaded, both paths from the test of q->a start with
;; two calls of gen_sync(q). The finish first merges the paths' tails (step
;; 11d2: the last call and the unlock, once, after the block, the value
;; returned in a local); then the first call is made once above the branch,
;; the load of q->a into a local before it (it may trap, and it came before
;; the calls). Pinned: the load, one call before the block, the taken path's
;; own call in it, the merged tail after it.
;;
;;   int z_gen_80082(struct gen_obj *q, uint32_t x, int32_t y) {
;;     uint32_t key = k_spin_lock(&q->lock);
;;     uint64_t r = gen_80082_decide(q->a, q->b, x, y);  /* action 2 or 3 */
;;     ...  /* action 3: sync, sync, q->hits++, sync, unlock, return 1 */
;;     ...  /* action 2: sync, sync, unlock, return -42 */
;;   }
;; golden: residue=none
(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "gen_sync" (func $gen_sync (param i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (global $__stack_pointer (mut i32) (i32.const 66560))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_gen_80082" (func $z_gen_80082))
 (func $z_gen_80082 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local $9 i32)
  (local $10 i64)
  (local.set $4
   (call $k_spin_lock
    (local.tee $3
     (i32.add
      (local.get $0)
      (i32.const 56)
     )
    )
   )
  )
  (local.set $5
   (i32.const -16)
  )
  (block $label$1
   (block $label$2
    (block $label$3
     (block $label$4
      (br_table $label$1 $label$2 $label$3 $label$4 $label$2
       (i32.and
        (i32.shr_u
         (i32.wrap_i64
          (local.tee $10
           (block $label$5 (result i64)
            (block $label$6 (result i64)
             (local.set $6
              (i32.load offset=8
               (local.get $0)
              )
             )
             (local.set $7
              (local.get $0)
             )
             (local.set $8
              (local.get $0)
             )
             (local.set $9
              (local.get $0)
             )
             (select
              (i64.const 3145728)
              (i64.const 2097152)
              (local.get $6)
             )
            )
           )
          )
         )
         (i32.const 20)
        )
        (i32.const 63)
       )
      )
     )
     (call $gen_sync
      (local.get $0)
     )
     (call $gen_sync
      (local.get $0)
     )
     (block $label$7
      (br_if $label$7
       (i64.ne
        (local.get $10)
        (i64.const 3145728)
       )
      )
      (i32.store offset=16
       (local.get $0)
       (i32.add
        (i32.load offset=16
         (local.get $0)
        )
        (i32.const 1)
       )
      )
     )
     (call $gen_sync
      (local.get $0)
     )
     (call $k_spin_unlock
      (local.get $3)
      (local.get $4)
     )
     (return
      (i32.const 1)
     )
    )
    (block $label$8
     (block $label$9
      (br_if $label$9
       (i64.ne
        (local.get $10)
        (i64.const 3145728)
       )
      )
      (i32.store offset=16
       (local.get $0)
       (i32.add
        (i32.load offset=16
         (local.get $0)
        )
        (i32.const 1)
       )
      )
      (call $gen_sync
       (local.get $0)
      )
      (i32.store offset=16
       (local.get $0)
       (i32.add
        (i32.load offset=16
         (local.get $0)
        )
        (i32.const 1)
       )
      )
      (br $label$8)
     )
     (call $gen_sync
      (local.get $0)
     )
    )
    (call $gen_sync
     (local.get $0)
    )
    (call $k_spin_unlock
     (local.get $3)
     (local.get $4)
    )
    (return
     (i32.const -42)
    )
   )
   (block $label$10
    (br_if $label$10
     (i64.ne
      (local.get $10)
      (i64.const 3145728)
     )
    )
    (i32.store offset=16
     (local.get $0)
     (i32.add
      (i32.load offset=16
       (local.get $0)
      )
      (i32.const 1)
     )
    )
   )
   (call $gen_sync
    (local.get $0)
   )
   (call $gen_sync
    (local.get $0)
   )
   (local.set $5
    (i32.const 0)
   )
   (br_if $label$1
    (i64.ne
     (local.get $10)
     (i64.const 2097152)
    )
   )
   (i32.store offset=16
    (local.get $0)
    (i32.add
     (i32.load offset=16
      (local.get $0)
     )
     (i32.const 1)
    )
   )
  )
  (call $k_spin_unlock
   (local.get $3)
   (local.get $4)
  )
  (local.get $5)
 )
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_gen_80082 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local.set $2
;; CHECK-NEXT:    (call $k_spin_lock
;; CHECK-NEXT:     (local.tee $1
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.const 56)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $4
;; CHECK-NEXT:    (i32.load offset=8
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $gen_sync
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (i32.const -42)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (local.get $4)
;; CHECK-NEXT:    (block
;; CHECK-NEXT:     (call $gen_sync
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.store offset=16
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (i32.load offset=16
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (i32.const 1)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.set $3
;; CHECK-NEXT:      (i32.const 1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $gen_sync
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $k_spin_unlock
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $3)
;; CHECK-NEXT:  )
