// Pass knownPathValues: conditions that the path reaching them decides, and
// (optionally) locals known constant there, folded.
//
//   before: (block $j
//             (if (i32.and (local.get $p) (i32.const 1))
//               (block (local.set $a (i32.const 0)) (br $j)))
//             (local.set $a (i32.ne (local.get $q) (i32.const 0)))
//             (br_if $out (local.get $q)))       ;; not taken: $q is 0, so $a is 0
//           (if (local.get $a) (call $g))         ;; $a is 0 on both paths into $j
//   after:  ... (if (i32.const 0) (call $g))
//
//   before: (br_if $two (i32.eq (local.get $r) (i32.const 2)))
//           ...
//           (block $two ...) (if (i32.eq (local.get $r) (i32.const 2)) A B)
//   after:  ... (if (i32.const 1) A B)             ;; in the arm reached only for 2
//
//   before: (block $eq (br_if $eq (local.tee $c (i32.eq (local.get $p) (local.get $q)))) (return ..))
//           (select (i32.const 97) (local.get $v) (local.get $c))
//   after:  ... (i32.const 97)                     ;; $c is non-zero after the branch
//
// A forward walk over the structured body keeps, for each i32 local, the
// values it may hold on the current path (a few values, or any value but a
// few), and for a local set from a pure expression over other locals that
// expression while those locals keep their values. A branch's condition
// narrows the locals it tests on each side (`x`, `x == K`, `x != K`, `eqz`,
// or any test of one local with few possible values; the operands of an
// `or` found zero and of an `and` found non-zero each), and narrowing a local
// narrows the locals defined from it. The pure conditions tested on the way
// are kept too, while the locals they read keep their values: a compare of
// the same operands, in the same form, swapped (`a < b`, `b > a`) or negated
// (`a <= b` once `a > b` is known zero), takes the value they imply:
//
//   before: (br_if $t (i32.or (local.tee $a X) (i32.gt_u (local.get $p) (local.get $q))))
//           (br_if $v (select (i32.const 0) (i32.le_u (local.get $p) (local.get $q)) (local.get $a)))
//   after:  ... (br_if $v (i32.const 1))          ;; $a is 0 and p <=u q here
//
// A local's definition may also be a function of one other local, a tee
// counting as a read of the value it wrote (`$6 = (local.tee $2 (y &
// 0x80000000)) >> 30`); narrowing the local narrows that one back to the
// values that give what is left (past `br_if $6`, `$2` is 0x80000000), and
// so does a br_table's index computed from one local, per target; of a
// local of any value, 0 goes where it gives no value left (`x << 4` found
// non-zero: x is not 0). A definition holds only while neither local is
// written, and only its pure, non-trapping part counts.
//
//   before: (br_table $zero $one $two (i32.shr_u (local.tee $a (i32.and (local.get $q) (i32.const 0x80000000))) (i32.const 30)))
//           ... (block $two ...) (if (local.get $a) A)
//   after:  ... (if (i32.const 1) A)              ;; index 2: $a is 0x80000000
//
// A pure condition, or br_table index, that is zero exactly where a local
// with a few possible values is zero becomes that local:
//
//   before: (br_table $a $b $c $d (select (i32.const 3) (i32.const 1) (local.get $c)))  ;; $c is 0 or 1
//   after:  (br_if $d (local.get $c)) (br $b)
//
// A label's state joins the states of
// the branches to it and its fallthrough; a loop forgets what it sets. This
// is what threading a decide into its shim leaves: the dispatch's arms test
// the action again, and the action is a local set on each threaded path.
// An if or br_if whose condition is then known zero or non-zero gets the
// constant as its condition (its effects kept before it), a br_table one
// with a single possible index the constant, a select the operand it picks
// (where its condition and its other operand neither trap nor write); with
// KnownPathValuesUse::ConditionsAndLocals a local.get with one possible
// value also becomes that constant. The caller runs constantConditions and
// Binaryen's dce after this pass.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

enum class KnownPathValuesUse { Conditions, ConditionsAndLocals };

// Rewrites the body of `func` in place; returns the number of expressions changed.
unsigned knownPathValues(BinaryenModuleRef module, BinaryenFunctionRef func, KnownPathValuesUse use);

} // namespace eqsat
