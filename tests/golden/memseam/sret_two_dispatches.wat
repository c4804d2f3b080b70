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

;; ---- check lines (tests/golden/check_lines.py; run_golden.sh --bless rewrites them) ----
;; CHECK-LABEL: (func $push (param $s i32) (param $data i32) (result i32)
;; CHECK-NEXT:   (local $2 i32)
;; CHECK-NEXT:   (local $3 i32)
;; CHECK-NEXT:   (local $4 i32)
;; CHECK-NEXT:   (local $5 i32)
;; CHECK-NEXT:   (local.set $5
;; CHECK-NEXT:    (call $lock
;; CHECK-NEXT:     (local.get $s)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $2
;; CHECK-NEXT:    (call $unpend
;; CHECK-NEXT:     (local.get $s)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $4
;; CHECK-NEXT:    (i32.load offset=12
;; CHECK-NEXT:     (local.get $s)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.set $3
;; CHECK-NEXT:    (i32.load offset=16
;; CHECK-NEXT:     (local.get $s)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (block $label$1
;; CHECK-NEXT:    (if
;; CHECK-NEXT:     (local.get $2)
;; CHECK-NEXT:     (block
;; CHECK-NEXT:      (local.set $3
;; CHECK-NEXT:       (i32.const 0)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (call $ready
;; CHECK-NEXT:       (local.get $2)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (br $label$1)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (block $label$3
;; CHECK-NEXT:     (if
;; CHECK-NEXT:      (i32.eq
;; CHECK-NEXT:       (local.get $3)
;; CHECK-NEXT:       (local.get $4)
;; CHECK-NEXT:      )
;; CHECK-NEXT:      (block
;; CHECK-NEXT:       (local.set $3
;; CHECK-NEXT:        (i32.const -12)
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (br $label$3)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.set $4
;; CHECK-NEXT:      (i32.add
;; CHECK-NEXT:       (local.tee $2
;; CHECK-NEXT:        (local.get $4)
;; CHECK-NEXT:       )
;; CHECK-NEXT:       (i32.const 4)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (if
;; CHECK-NEXT:      (local.get $2)
;; CHECK-NEXT:      (i32.store
;; CHECK-NEXT:       (local.get $2)
;; CHECK-NEXT:       (local.get $data)
;; CHECK-NEXT:      )
;; CHECK-NEXT:     )
;; CHECK-NEXT:     (local.set $3
;; CHECK-NEXT:      (i32.const 0)
;; CHECK-NEXT:     )
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (i32.store offset=12
;; CHECK-NEXT:     (local.get $s)
;; CHECK-NEXT:     (local.get $4)
;; CHECK-NEXT:    )
;; CHECK-NEXT:    (call $unlock
;; CHECK-NEXT:     (local.get $5)
;; CHECK-NEXT:    )
;; CHECK-NEXT:   )
;; CHECK-NEXT:   (local.get $3)
;; CHECK-NEXT:  )
