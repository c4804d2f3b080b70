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
