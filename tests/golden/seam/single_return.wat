;; Seam, single return site: the decide computes both fields in straight-line
;; code and packs once, at its only return (k_event_post-like). After wasm-opt's
;; inliner the decide is a `block (result i64)` whose fallthrough is the pack.
;;
;;   uint64_t event_post_decide(uint32_t events, uint32_t post, uint32_t wait_mask) {
;;     uint32_t ne = events | post;
;;     return ((uint64_t)ne << 32) | ((ne & wait_mask) != 0);
;;   }
;;   void z_impl_k_event_post(struct k_event *e, uint32_t post) {
;;     uint32_t key = k_spin_lock(&e->lock);
;;     uint64_t r = event_post_decide(e->events, post, e->wait_mask);
;;     e->events = (uint32_t)(r >> 32);
;;     if ((r & 0xff) == 0) { k_spin_unlock(&e->lock, key); return; }
;;     z_reschedule(&e->lock, key);
;;   }
;; golden: residue=none
(module
 (import "env" "k_spin_lock" (func $k_spin_lock (param i32) (result i32)))
 (import "env" "k_spin_unlock" (func $k_spin_unlock (param i32 i32)))
 (import "env" "z_reschedule" (func $z_reschedule (param i32 i32)))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "z_impl_k_event_post" (func $z_impl_k_event_post))
 (func $z_impl_k_event_post (param $0 i32) (param $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i64)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i32)
  (local.set $3
   (call $k_spin_lock
    (local.tee $2 (i32.add (local.get $0) (i32.const 12)))))
  (local.set $4
   (block $__inlined_func$event_post_decide (result i64)
    (local.set $5 (i32.load (local.get $0)))
    (local.set $6 (local.get $1))
    (local.set $7 (i32.load offset=4 (local.get $0)))
    (local.set $8 (i32.or (local.get $5) (local.get $6)))
    (i64.or
     (i64.shl (i64.extend_i32_u (local.get $8)) (i64.const 32))
     (i64.extend_i32_u
      (i32.ne (i32.and (local.get $8) (local.get $7)) (i32.const 0))))))
  (i64.store32 (local.get $0) (i64.shr_u (local.get $4) (i64.const 32)))
  (block $label$1
   (br_if $label$1
    (i64.ne (i64.and (local.get $4) (i64.const 255)) (i64.const 0)))
   (call $k_spin_unlock (local.get $2) (local.get $3))
   (return))
  (call $z_reschedule (local.get $2) (local.get $3)))
)

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $z_impl_k_event_post (param $0 i32) (param $1 i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (call $k_spin_lock
;; CHECK-NEXT:     (local.tee $2
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:       (i32.const 12)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $4
;; CHECK-NEXT:    (i32.load offset=4
;; CHECK-NEXT:     (local.get $0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (i32.store
;; CHECK-NEXT:    (local.get $0)
;; CHECK-NEXT:    (local.tee $0
;; CHECK-NEXT:     (i32.or
;; CHECK-NEXT:      (i32.load
;; CHECK-NEXT:       (local.get $0)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (local.get $1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (br_if $label$1
;; CHECK-NEXT:     (i32.and
;; CHECK-NEXT:      (local.get $0)
;; CHECK-NEXT:      (local.get $4)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (call $k_spin_unlock
;; CHECK-NEXT:     (local.get $2)
;; CHECK-NEXT:     (local.get $3)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (return)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $z_reschedule
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:    (local.get $3)
;; CHECK-NEXT:   )
;; CHECK-NEXT:  )
