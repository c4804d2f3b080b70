;; Two dispatches in a row on a struct the decide returned through the shadow
;; stack (stack_push_sret's shape): first on the action, then on a slot pointer
;; that is null on every path but one. Once the slot is gone, the path that
;; decided "full" knows slot = 0 and jumps past `if (slot)` instead of testing
;; it (jump threading through a local set from a block result), and code that
;; only one branch reaches sits at that branch (block layout).
;;
;;   struct r { u32 *slot; u32 *new_next; i32 ret; u32 action; };
;;   r = decide(s->next, s->top, t != 0);  // {0, next, 0, 1} / {0, next, -12, 2} / {next, next+1, 0, 0}
;;   if (r.action == 1) { ready(t); return r.ret; }
;;   if (r.slot) *r.slot = data;
;;   s->next = r.new_next;
;;   unlock(key);
;;   return r.ret;
(module
 (import "env" "lock" (func $lock (param i32) (result i32)))
 (import "env" "unlock" (func $unlock (param i32)))
 (import "env" "unpend" (func $unpend (param i32) (result i32)))
 (import "env" "ready" (func $ready (param i32)))
 (global $__stack_pointer (mut i32) (i32.const 65536))
 (memory $0 2)
 (export "memory" (memory $0))
 (export "push" (func $push))
 (func $push (param $s i32) (param $data i32) (result i32)
  (local $sp i32) (local $key i32) (local $t i32) (local $next i32) (local $top i32) (local $act i32)
  (global.set $__stack_pointer
   (local.tee $sp (i32.sub (global.get $__stack_pointer) (i32.const 16))))
  (local.set $key (call $lock (local.get $s)))
  (local.set $t (call $unpend (local.get $s)))
  ;; inlined decide(next, top, t != 0, &slot)
  (local.set $next (i32.load offset=12 (local.get $s)))
  (local.set $top (i32.load offset=16 (local.get $s)))
  (block $done
   (i64.store offset=8 align=4 (local.get $sp) (i64.const 4294967296))
   (i32.store offset=4 (local.get $sp) (local.get $next))
   (i32.store (local.get $sp) (i32.const 0))
   (br_if $done (i32.ne (local.get $t) (i32.const 0)))
   (block $decided
    (block $room
     (br_if $room (i32.ne (local.get $next) (local.get $top)))
     (i32.store offset=8 (local.get $sp) (i32.const -12))
     (local.set $act (i32.const 2))
     (br $decided))
    (i32.store (local.get $sp) (local.get $next))
    (i32.store offset=4 (local.get $sp) (i32.add (local.get $next) (i32.const 4)))
    (local.set $act (i32.const 0)))
   (i32.store offset=12 (local.get $sp) (local.get $act)))
  ;; back in the shim
  (block $out
   (block $not_handoff
    (br_if $not_handoff (i32.ne (i32.load offset=12 (local.get $sp)) (i32.const 1)))
    (call $ready (local.get $t))
    (br $out))
   (block $no_slot
    (br_if $no_slot (i32.eqz (local.tee $t (i32.load (local.get $sp)))))
    (i32.store (local.get $t) (local.get $data)))
   (i32.store offset=12 (local.get $s) (i32.load offset=4 (local.get $sp)))
   (call $unlock (local.get $key)))
  (local.set $s (i32.load offset=8 (local.get $sp)))
  (global.set $__stack_pointer (i32.add (local.get $sp) (i32.const 16)))
  (local.get $s))
)
