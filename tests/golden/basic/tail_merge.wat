;; Exits that run the same statements and return different values share one
;; copy of the statements (passes/merge_return_tails.h): the value goes to a local first.
;; Every exit of a spinlocked kernel call unlocks and then returns its code.
;;
;;   int f(struct obj *o, int n) {
;;     key = lock(&o->lock);
;;     if (o->count >= o->limit) { unlock(&o->lock, key); return -ENOMEM; }
;;     if (n == 0) { unlock(&o->lock, key); return -EINVAL; }
;;     o->count += n; unlock(&o->lock, key); return 0;
;;   }
(module
  (import "env" "lock" (func $lock (param i32) (result i32)))
  (import "env" "unlock" (func $unlock (param i32 i32)))
  (memory 1)
  (export "memory" (memory 0))
  (func (export "f") (param $o i32) (param $n i32) (result i32)
    (local $key i32) (local $c i32)
    (local.set $key (call $lock (i32.add (local.get $o) (i32.const 8))))
    (local.set $c (i32.load (local.get $o)))
    (if (i32.ge_u (local.get $c) (i32.load offset=4 (local.get $o)))
      (then
        (call $unlock (i32.add (local.get $o) (i32.const 8)) (local.get $key))
        (return (i32.const -12))))
    (if (i32.eqz (local.get $n))
      (then
        (call $unlock (i32.add (local.get $o) (i32.const 8)) (local.get $key))
        (return (i32.const -22))))
    (i32.store (local.get $o) (i32.add (local.get $c) (local.get $n)))
    (call $unlock (i32.add (local.get $o) (i32.const 8)) (local.get $key))
    (i32.const 0)))

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $0 (param $o i32) (param $n i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local $5 i32)
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (local.set $3
;; CHECK-NEXT:     (call $lock
;; CHECK-NEXT:      (local.tee $2
;; CHECK-NEXT:       (i32.add
;; CHECK-NEXT:        (local.get $o)
;; CHECK-NEXT:        (i32.const 8)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (if
;; CHECK-NEXT:     (i32.ge_u
;; CHECK-NEXT:      (local.tee $4
;; CHECK-NEXT:       (i32.load
;; CHECK-NEXT:        (local.get $o)
;; CHECK-NEXT:       )
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (i32.load offset=4
;; CHECK-NEXT:       (local.get $o)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (block
;; CHECK-NEXT:      (local.set $5
;; CHECK-NEXT:       (i32.const -12)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (br $label$1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (block $label$3
;; CHECK-NEXT:     (br_if $label$3
;; CHECK-NEXT:      (local.get $n)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.set $5
;; CHECK-NEXT:      (i32.const -22)
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (br $label$1)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.store
;; CHECK-NEXT:     (local.get $o)
;; CHECK-NEXT:     (i32.add
;; CHECK-NEXT:      (local.get $n)
;; CHECK-NEXT:      (local.get $4)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (local.set $5
;; CHECK-NEXT:     (i32.const 0)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (call $unlock
;; CHECK-NEXT:    (local.get $2)
;; CHECK-NEXT:    (local.get $3)
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $5)
;; CHECK-NEXT:  )
