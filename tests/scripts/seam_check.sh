#!/bin/bash
# seam_check.sh EXE SHARED CEILINGS [DIR [VARIANT...]]: the seam's done-when on
# every shim of DIR (default SHARED/corpus/seam; tests/seam/shims is the other
# one), and on their -O3/-O2 variants (VARIANT: inl, inl-o3, inl-o2; all three
# by default, a test may take them one at a time to run them in parallel): eqsat-wasm X.inl.wasm leaves 0 pack, 0 unpack,
# 0 carrier, 0 extends and no more i64 locals than X.lto.wasm has (real 64-bit
# values; 0 in the shared corpus) (seam-residue), behaves identically
# (diffexec), and its t2-estimate is at most the ceiling recorded for it in
# CEILINGS (a regression guard: lower it when a change improves it).
# A shim whose ceiling line says `escapes` is a negative control: its pack
# must stay; `i64=N` allows N i64 locals (real 64-bit values; reason in the
# line's comment); `synth` requires synth-count to compile the output;
# `readonly-data` runs eqsat-wasm with that assumption (README, Assumptions).
# Without DIR, also sem.loom.wasm --inline: z_impl_k_sem_give without i64,
# t2-estimate < 70.
set -u
exe=$1 shared=$2 ceilings=$3 dir=${4:-$2/corpus/seam}
variants=("${@:5}")
[ ${#variants[@]} -gt 0 ] || variants=(inl inl-o3 inl-o2)
[ -x "$shared/tools/seam-residue" ] || { echo "SKIP: $shared/tools not present"; exit 77; }
[ -d "$dir" ] || { echo "SKIP: $dir not present"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
# LLVM-LTO's build of a shim is the same for its three variants: its residue
# and t2-estimate are read once per shim.
declare -A lto_residue lto_t2
lto_of() {  # stem: fills lto_residue[stem] and lto_t2[stem]
  [ -n "${lto_t2[$1]+set}" ] && return
  lto_residue[$1]=$("$shared/tools/seam-residue" "$dir/$1.lto.wasm" | awk '$1=="TOTAL"{print $5}')
  lto_t2[$1]=$("$shared/tools/t2-estimate" "$dir/$1.lto.wasm" | awk '$1=="TOTAL"{print $2}')
}
# Each shim as the corpus builds it (X.inl.wasm), and the variants wasm-opt
# made of it (X.inl-o3.wasm: -O3 after inlining; X.inl-o2.wasm: inlining with
# -O2, whose decide may still be a call, so it runs with --inline). Ceilings
# name a variant X.inl-o3 / X.inl-o2.
modules=()
for v in "${variants[@]}"; do modules+=("$dir"/*."$v".wasm); done
for f in "${modules[@]}"; do
  [ -f "$f" ] || continue
  base=$(basename "$f" .wasm)
  n=${base%.inl}
  stem=${base%%.*}
  opts=()
  lto_of "$stem"
  case $base in *.inl-o2) opts=(--inline) ;; esac
  # The module's ceiling line, without its comment: name, ceiling, tags.
  read -r _ ceil tags <<<"$(awk -v n="$n" '$1==n{sub(/#.*/, ""); print; exit}' "$ceilings")"
  [[ " $tags " == *" readonly-data "* ]] && opts+=(--readonly-data)
  if ! "$exe" "$f" "${opts[@]}" -o "$work/$n.wasm" -q; then echo "FAIL $n: eqsat-wasm failed"; fail=1; continue; fi
  res=$("$shared/tools/seam-residue" "$work/$n.wasm" | awk '$1=="TOTAL"{print $2,$3,$4,$5,$6}')
  if [[ " $tags " == *" escapes "* ]]; then
    # Negative control: the u64 escapes whole, so its pack must stay.
    [ "${res%% *}" -ge 1 ] || { echo "FAIL $n: the escaping u64's pack was removed (residue $res)"; fail=1; }
  else
    # i64 locals LLVM-LTO keeps too are real 64-bit values, not residue.
    lto64=${lto_residue[$stem]}
    # A ceiling line may allow more (`i64=N`, with the reason in its comment).
    for t in $tags; do [[ $t == i64=* ]] && lto64=${t#i64=}; done
    read -r p u c l x <<<"$res"
    [ "$p $u $c $x" = "0 0 0 0" ] && [ "$l" -le "${lto64:-0}" ] ||
      { echo "FAIL $n: residue (pack unpack carrier i64loc ext) = $res (LLVM-LTO keeps ${lto64:-0} i64 locals)"; fail=1; }
  fi
  "$shared/tools/diffexec" "$f" "$work/$n.wasm" >"$work/$n.diff" 2>&1 || { echo "FAIL $n: diffexec: $(head -2 "$work/$n.diff")"; fail=1; }
  t2=$("$shared/tools/t2-estimate" "$work/$n.wasm" | awk '$1=="TOTAL"{print $2}')
  lto=${lto_t2[$stem]}
  [ -n "$ceil" ] || { echo "FAIL $n: no ceiling in $ceilings"; fail=1; continue; }
  [ "$t2" -le "$ceil" ] || { echo "FAIL $n: t2-estimate $t2 above its ceiling $ceil"; fail=1; }
  # `synth`: synth, the backend after us, must compile the output (the
  # shapes it declines, passes/carried_values_for_synth.h).
  if [[ " $tags " == *" synth "* ]] && ! "$shared/tools/synth-count" "$work/$n.wasm" >"$work/$n.synth" 2>&1; then
    echo "FAIL $n: synth does not compile the output: $(grep -m1 -o 'failed:.*' "$work/$n.synth" | cut -c1-160)"; fail=1
  fi
  echo "$n: residue $res, identical, t2 $t2 (ceiling $ceil, LTO $lto)"
done
loom="$shared/corpus/pulseengine/sem.loom.wasm"
if [ -z "${4:-}" ] && [ -f "$loom" ]; then
  "$exe" "$loom" --inline -o "$work/sem.loom.wasm" -q || { echo "FAIL sem.loom: eqsat-wasm failed"; exit 1; }
  "$shared/tools/diffexec" "$loom" "$work/sem.loom.wasm" >/dev/null 2>&1 || { echo "FAIL sem.loom: diffexec differs"; fail=1; }
  body=$(wasm-opt "$work/sem.loom.wasm" --print 2>/dev/null | awk '/^ \(func \$z_impl_k_sem_give/{p=1;print;next} p&&/^ \(func/{p=0} p')
  [ -n "$body" ] || { echo "FAIL sem.loom: z_impl_k_sem_give not found in the output"; fail=1; }
  if echo "$body" | grep -q 'i64'; then echo "FAIL sem.loom: z_impl_k_sem_give still has i64"; fail=1; fi
  t2=$("$shared/tools/t2-estimate" "$work/sem.loom.wasm" | awk '$1 ~ /^\$z_impl_k_sem_give/{print $3}')
  [ -n "$t2" ] && [ "$t2" -lt 70 ] || { echo "FAIL sem.loom: z_impl_k_sem_give t2-estimate '$t2' not below 70"; fail=1; }
  echo "sem.loom z_impl_k_sem_give: no i64, identical, t2 $t2 (< 70)"
fi
exit $fail
