;; The u64 "seam": a decide function packs {action, new_count} into an i64
;; (action in bits 0-7, new_count in bits 32-63) and a shim unpacks it again.
;; After inlining, the pack/unpack pair is pure residue; eqsat-wasm dissolves it.
;;
;;   uint64_t sem_give_decide(uint32_t count, uint32_t limit, int has_waiter);
;;   int z_impl_k_sem_give(struct k_sem *sem)   // count at offset 8, limit at 12
;;
;; `decide` is written in the folded syntax, the shim in the flat syntax.
(module
  (memory (export "memory") 1)

  ;; has_waiter -> {WAKE=1, count}; count >= limit -> {SATURATED=2, limit};
  ;; otherwise {STORE=0, count + 1}
  (func $decide (param $count i32) (param $limit i32) (param $has_waiter i32) (result i64)
    (local $action i32)
    (local $new_count i32)
    (if (local.get $has_waiter)
      (then
        (local.set $action (i32.const 1))
        (local.set $new_count (local.get $count)))
      (else
        (if (i32.ge_u (local.get $count) (local.get $limit))
          (then
            (local.set $action (i32.const 2))
            (local.set $new_count (local.get $limit)))
          (else
            (local.set $action (i32.const 0))
            (local.set $new_count (i32.add (local.get $count) (i32.const 1)))))))
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $new_count)) (i64.const 32))
      (i64.extend_i32_u (local.get $action))))

  ;; Returns the action; stores new_count back into the semaphore unless it woke a waiter.
  (func $sem_give (export "sem_give") (param $sem i32) (param $has_waiter i32) (result i32)
    (local $r i64)
    (local $action i32)
    local.get $sem
    i32.load offset=8
    local.get $sem
    i32.load offset=12
    local.get $has_waiter
    call $decide
    local.set $r
    local.get $r
    i64.const 0xff
    i64.and
    i32.wrap_i64
    local.set $action
    block $woken
      local.get $action
      i32.const 1
      i32.eq
      br_if $woken
      local.get $sem
      local.get $r
      i64.const 32
      i64.shr_u
      i32.wrap_i64
      i32.store offset=8
    end
    local.get $action)

  ;; The same shim with the decide function already inlined: the seam residue.
  (func $sem_give_inlined (export "sem_give_inlined") (param $sem i32) (param $has_waiter i32) (result i32)
    (local $r i64)
    (local $action i32)
    (local $count i32)
    (local $limit i32)
    (local $new_count i32)
    (local.set $count (i32.load offset=8 (local.get $sem)))
    (local.set $limit (i32.load offset=12 (local.get $sem)))
    (if (local.get $has_waiter)
      (then
        (local.set $action (i32.const 1))
        (local.set $new_count (local.get $count)))
      (else
        (if (i32.ge_u (local.get $count) (local.get $limit))
          (then
            (local.set $action (i32.const 2))
            (local.set $new_count (local.get $limit)))
          (else
            (local.set $action (i32.const 0))
            (local.set $new_count (i32.add (local.get $count) (i32.const 1)))))))
    (local.set $r
      (i64.or
        (i64.shl (i64.extend_i32_u (local.get $new_count)) (i64.const 32))
        (i64.extend_i32_u (local.get $action))))
    (local.set $action (i32.wrap_i64 (i64.and (local.get $r) (i64.const 0xff))))
    (if (i32.ne (local.get $action) (i32.const 1))
      (then
        (i32.store offset=8 (local.get $sem)
          (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 32))))))
    (local.get $action))
)
