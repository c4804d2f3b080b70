;; Path facts that reach through a local's definition (finish step 11.0,
;; passes/known_path_values.h). The seam case gen_80038
;; (tests/seam/shims/gen_80038.c, decide inlined): the shim's switch on the
;; action `(r >> 32) & 15`, which the decide makes 2 when y < 0 and 0
;; otherwise, is a br_table on `(local.tee $h (y & 0x80000000)) >> 30` once
;; the decide is threaded. Each arm tests the whole u64 again, as `$h`
;; (`r == 0`) and `$h == 0x80000000` (`r == 0x200000000`). The br_table's
;; index is a function of `$h` alone: its target for 2 is reached only where
;; `$h` is 0x80000000, its default only where `$h` is 0, so both tests are
;; decided and their arms (the q->hits increments) go. Pinned: no store to
;; q->hits (offset 16) and no compare with 0x80000000 is left; the call of
;; gen_sync both paths start with made once above the branch, one more on
;; the path of action 2, one unlock.
;;
;;   uint64_t r = gen_80038_decide(q->a, q->b, x, y);   /* action 2 or 0 */
;;   switch (((uint32_t)(r >> 32) & 0xfu)) {
;;   case 2: { gen_sync(q); if (r == 0x0ull) q->hits++; gen_sync(q);
;;             if (r == 0x0ull) q->hits++; k_spin_unlock(&q->lock, key); return (-42); }
;;   case 0: { gen_sync(q); if (r == 0x200000000ull) q->hits++;
;;             k_spin_unlock(&q->lock, key); return (-16); }
;;   ...
;; golden: residue=none
(module
 (type $i32_=>_i32 (func (param i32) (result i32)))
 (type $i32_=>_none (func (param i32)))
 (type $i32_i32_=>_none (func (param i32 i32)))
 (type $i32_i32_i32_i32_=>_i32 (func (param i32 i32 i32 i32) (result i32)))
 (type $i32_i32_i32_=>_i32 (func (param i32 i32 i32) (result i32)))
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "gen_sync" (func $gen_sync (param i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_pend_curr" (func $z_pend_curr (param i32 i32 i32 i32) (result i32)))
 (global $__stack_pointer (mut i32) (i32.const 66560))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_gen_80038" (func $z_gen_80038))
 (func $z_gen_80038 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local $9 i64)
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
  (block $label$1
   (block $label$2
    (block $label$3
     (block $label$4
      (br_table $label$2 $label$4 $label$3 $label$1
       (i32.and
        (i32.wrap_i64
         (i64.shr_u
          (local.tee $9
           (block $label$5 (result i64)
            (block $label$6 (result i64)
             (local.set $5
              (local.get $0)
             )
             (local.set $6
              (i32.load offset=12
               (local.get $0)
              )
             )
             (local.set $7
              (local.get $1)
             )
             (local.set $8
              (local.get $2)
             )
             (i64.shl
              (i64.extend_i32_u
               (i32.and
                (local.get $8)
                (i32.const -2147483648)
               )
              )
              (i64.const 2)
             )
            )
           )
          )
          (i64.const 32)
         )
        )
        (i32.const 15)
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
    (call $gen_sync
     (local.get $0)
    )
    (block $label$7
     (block $label$8
      (br_if $label$8
       (i64.ne
        (local.get $9)
        (i64.const 0)
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
      (br $label$7)
     )
     (call $gen_sync
      (local.get $0)
     )
    )
    (call $k_spin_unlock
     (local.get $3)
     (local.get $4)
    )
    (return
     (i32.const -42)
    )
   )
   (call $gen_sync
    (local.get $0)
   )
   (block $label$9
    (br_if $label$9
     (i64.ne
      (local.get $9)
      (i64.const 8589934592)
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
   (return
    (i32.const -16)
   )
  )
  (block $label$10
   (br_if $label$10
    (i64.ne
     (local.get $9)
     (i64.const 0)
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
  (call $z_pend_curr
   (local.get $3)
   (local.get $4)
   (local.get $0)
   (local.get $2)
  )
 )
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_gen_80038 (param $0 i32) (param $1 i32) (param $2 i32) (result i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local.set $4
;; CHECK-NEXT:    (call $k_spin_lock
;; CHECK-NEXT:     (local.tee $1
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.const 56)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (drop
;; CHECK-NEXT:    (i32.load offset=12
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $gen_sync
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (i32.const -16)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (if
;; CHECK-NEXT:    (i32.shr_u
;; CHECK-NEXT:     (i32.and
;; CHECK-NEXT:      (local.get $2)
;; CHECK-NEXT:      (i32.const -2147483648)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.const 30)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (block
;; CHECK-NEXT:     (call $gen_sync
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.set $3
;; CHECK-NEXT:      (i32.const -42)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $k_spin_unlock
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:    (local.get $4)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $3)
;; CHECK-NEXT:  )
