;; Seam, three fields in one u64: {action:u8 @0, retries:u8 @8, count:u32 @32}
;; (k_fifo_get-like). The pack is an or of ors; the shim extracts the middle
;; field with a shift and a mask.
;;
;;   enum { TAKE = 0, EMPTY = 1, PEND = 2 };
;;   uint64_t fifo_get_decide(uint32_t count, uint32_t retries, int32_t timeout) {
;;     if (count) return ((uint64_t)(count - 1) << 32) | TAKE;
;;     uint32_t rt = (retries + 1) & 0xff;
;;     return ((uint64_t)rt << 8) | (timeout == K_NO_WAIT ? EMPTY : PEND);
;;   }
;;   void *z_impl_k_fifo_get(struct k_fifo *f, int32_t timeout) {
;;     uint32_t key = k_spin_lock(&f->lock);
;;     uint64_t r = fifo_get_decide(f->count, f->retries, timeout);
;;     f->retries = (uint32_t)((r >> 8) & 0xff);
;;     f->count = (uint32_t)(r >> 32);
;;     switch (r & 0xff) {
;;     case TAKE: { void *d = sys_sflist_get(&f->head); k_spin_unlock(&f->lock, key); return d; }
;;     case EMPTY: k_spin_unlock(&f->lock, key); return NULL;
;;     default: return (void *)z_pend_curr(&f->lock, key, &f->wait_q, timeout);
;;     }
;;   }
;; golden: residue=none
(module
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "sys_sflist_get" (func $sys_sflist_get (param i32) (result i32)))
 (import "env" "z_pend_curr" (func $z_pend_curr (param i32 i32 i32 i32) (result i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_fifo_get" (func $z_impl_k_fifo_get))
 (func $z_impl_k_fifo_get (param $0 i32) (param $1 i32) (result i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i64)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local.set $3
   (call $k_spin_lock
    (local.tee $2 (i32.add (local.get $0) (i32.const 20)))))
  (local.set $4
   (block $__inlined_func$fifo_get_decide (result i64)
    (local.set $5 (i32.load offset=12 (local.get $0)))
    (local.set $6 (i32.load offset=16 (local.get $0)))
    (local.set $7 (local.get $1))
    (if (local.get $5)
     (then
      (br $__inlined_func$fifo_get_decide
       (i64.shl
        (i64.extend_i32_u (i32.add (local.get $5) (i32.const -1)))
        (i64.const 32)))))
    (i64.or
     (i64.shl
      (i64.extend_i32_u
       (i32.and (i32.add (local.get $6) (i32.const 1)) (i32.const 255)))
      (i64.const 8))
     (i64.extend_i32_u
      (select (i32.const 1) (i32.const 2) (i32.eqz (local.get $7)))))))
  (i32.store offset=16 (local.get $0)
   (i32.wrap_i64
    (i64.and (i64.shr_u (local.get $4) (i64.const 8)) (i64.const 255))))
  (i64.store32 offset=12 (local.get $0) (i64.shr_u (local.get $4) (i64.const 32)))
  (block $label$3
   (block $label$2
    (block $label$1
     (br_table $label$1 $label$2 $label$3
      (i32.wrap_i64 (i64.and (local.get $4) (i64.const 255)))))
    (local.set $5 (call $sys_sflist_get (i32.add (local.get $0) (i32.const 8))))
    (call $k_spin_unlock (local.get $2) (local.get $3))
    (return (local.get $5)))
   (call $k_spin_unlock (local.get $2) (local.get $3))
   (return (i32.const 0)))
  (call $z_pend_curr (local.get $2) (local.get $3) (local.get $0) (local.get $1)))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_impl_k_fifo_get (param $0 i32) (param $1 i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local $5 i32)
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (call $k_spin_lock
;; CHECK-NEXT:     (local.tee $2
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.const 20)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $4
;; CHECK-NEXT:    (i32.load offset=16
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (block $label$2
;; CHECK-NEXT:     (if
;; CHECK-NEXT:      (local.tee $5
;; CHECK-NEXT:       (i32.load offset=12
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (block
;; CHECK-NEXT:       (i32.store offset=16
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:        (i32.const 0)
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (i32.store offset=12
;; CHECK-NEXT:        (local.get $0)
;; CHECK-NEXT:        (i32.sub
;; CHECK-NEXT:         (local.get $5)
;; CHECK-NEXT:         (i32.const 1)
;; CHECK-NEXT:        )
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (block $label$4
;; CHECK-NEXT:        (local.set $0
;; CHECK-NEXT:         (call $sys_sflist_get
;; CHECK-NEXT:          (i32.add
;; CHECK-NEXT:           (local.get $0)
;; CHECK-NEXT:           (i32.const 8)
;; CHECK-NEXT:          )
;; CHECK-NEXT:         )
;; CHECK-NEXT:        )
;; CHECK-NEXT:        (br $label$2)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.store offset=16
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:      (i32.and
;; CHECK-NEXT:       (i32.add
;; CHECK-NEXT:        (local.get $4)
;; CHECK-NEXT:        (i32.const 1)
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (i32.const 255)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (i32.store offset=12
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (br_if $label$1
;; CHECK-NEXT:      (local.get $1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.set $0
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (call $k_spin_unlock
;; CHECK-NEXT:     (local.get $2)
;; CHECK-NEXT:     (local.get $3)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $z_pend_curr
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:    (local.get $3)
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:    (local.get $1)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
