;; Load sinking. A load that cannot trap where it stands (an access of the
;; same address, reaching at least as far, already ran on every path there)
;; is computed at its uses instead, when they all run in the same memory state
;; and loop: a path that never uses it never loads it, and no local carries it.
;; Traps stay exactly where they were: a load that might trap stays put.
(module
  (import "env" "log" (func $log (param i32)))
  (memory 1)
  (export "memory" (memory 0))
  ;; [p+8, p+12) in bounds puts [p, p+4) in bounds: the load of p+0 moves
  ;; into the one arm that uses it.
  (func (export "covered") (param $p i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.load offset=8 (local.get $p)))
    (local.set $b (i32.load (local.get $p)))
    (if (i32.eqz (local.get $a)) (then (return (i32.const -1))))
    (i32.add (local.get $b) (local.get $a)))
  ;; p+8 is not covered by p+0: the second load might trap, so it runs before
  ;; the branch, as in the input.
  (func (export "uncovered") (param $p i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.load (local.get $p)))
    (local.set $b (i32.load offset=8 (local.get $p)))
    (if (i32.eqz (local.get $a)) (then (return (i32.const -1))))
    (i32.add (local.get $b) (local.get $a)))
  ;; A store (or a call) between the load and its use: the load stays before it.
  (func (export "store_between") (param $p i32) (param $q i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.load offset=8 (local.get $p)))
    (local.set $b (i32.load offset=4 (local.get $p)))
    (i32.store (local.get $q) (local.get $a))
    (call $log (local.get $a))
    (i32.add (local.get $b) (i32.const 1)))
  ;; A use inside a loop that does not store: not moved into the loop. (The
  ;; wrap of an extend gets the function rewritten.)
  (func (export "loop_use") (param $p i32) (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $s i32)
    (local.set $a (i32.load offset=8 (local.get $p)))
    (local.set $b (i32.load (local.get $p)))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (local.get $b)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (i32.add (local.get $s) (i32.wrap_i64 (i64.extend_i32_u (local.get $a))))))
