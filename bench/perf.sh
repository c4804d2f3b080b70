#!/usr/bin/env bash
# bench/perf.sh - eqsat-wasm against wasm-opt -O3 on real-world modules (docs/performance.md).
#
# Usage: bench/perf.sh [--reps N] [--out DIR] [--eqsat BIN] [--real DIR] [--only REGEX] [--skip REGEX]
#                      [--no-scaling] [--no-diffexec] [--timeout S] [-- EXTRA eqsat-wasm FLAGS]
#
# Times `eqsat-wasm IN -o OUT` (default rules and budgets) and `wasm-opt FLAGS -O3 IN -o OUT`
# (Debian's Binaryen, FLAGS = the --enable-* flags of the corpus manifest, plus --strip-dwarf as in
# fetch.sh --time-o3: Binaryen 108 aborts on md4w-fast's DWARF) on every module of
# ../shared/corpus/real (fetch.sh) and ../shared/corpus/pulseengine, in the same run, alternating
# the two tools (and their order) module by module, for N repetitions (default 3). Each run is
# measured with /usr/bin/time -f '%e %U %S %M' (wall s, user s, sys s, peak RSS KB). Then:
#   - the start-up cost: both tools on an empty module (row startup/empty.wasm, not counted in
#     the goal);
#   - t2-estimate (TOTAL line) of the input and of both outputs;
#   - diffexec IN OUT on every eqsat-wasm output (--no-diffexec skips it);
#   - with scaling (default): time and memory against the node limit (--node-limit sweep on
#     two modules) and against -j (1 and 2) on the largest module.
# Writes DIR/runs.tsv (every run), DIR/t2.tsv, DIR/diffexec.tsv, DIR/scaling.tsv and prints
# the markdown tables (DIR/report.md) made by bench/perf_report.py: medians, the ratios
# eqsat-wasm / wasm-opt per module, and whether the goal holds (time <= 1x, memory <= 1.5x,
# Thumb-2 estimate lower than wasm-opt's).
# The real-world modules: --real DIR, else /tmp/real-wasm if it holds a manifest, else
# bench/real-wasm/ (fetched there with ../shared/corpus/real/fetch.sh when missing).
# Exit: 0 ran (whatever the ratios), 2 usage or missing tools, 77 ../shared is absent.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SHARED="$(cd "$REPO/.." && pwd)/shared"
REPS=3
OUT=""
EQSAT=""
REAL=""
ONLY=""
SKIP=""
SCALING=1
DIFFEXEC=1
TIMEOUT=900
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --eqsat) EQSAT="$2"; shift 2 ;;
    --real) REAL="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --skip) SKIP="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --no-scaling) SCALING=0; shift ;;
    --no-diffexec) DIFFEXEC=0; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "perf.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

[ -d "$SHARED" ] || { echo "perf.sh: $SHARED is absent" >&2; exit 77; }
if [ -z "$EQSAT" ]; then
  # Always time the working tree: (re)build a Release binary in build-perf/.
  echo "perf.sh: building $REPO/build-perf (Release)" >&2
  cmake -S "$REPO" -B "$REPO/build-perf" -DCMAKE_BUILD_TYPE=Release >/dev/null &&
    cmake --build "$REPO/build-perf" -j"$(nproc)" --target eqsat-wasm >/dev/null ||
    { echo "perf.sh: build failed" >&2; exit 2; }
  EQSAT="$REPO/build-perf/eqsat-wasm"
fi
[ -x "$EQSAT" ] || { echo "perf.sh: no eqsat-wasm binary at $EQSAT" >&2; exit 2; }
command -v wasm-opt >/dev/null || { echo "perf.sh: wasm-opt not found (apt-get install binaryen)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "perf.sh: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }

if [ -z "$REAL" ]; then
  if [ -f /tmp/real-wasm/manifest.tsv ]; then REAL=/tmp/real-wasm; else REAL="$HERE/real-wasm"; fi
fi
if [ ! -f "$REAL/manifest.tsv" ]; then
  echo "perf.sh: fetching the real-world corpus into $REAL" >&2
  "$SHARED/corpus/real/fetch.sh" "$REAL" || { echo "perf.sh: fetch.sh failed" >&2; exit 2; }
fi
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/eqsat-perf.XXXXXX")}"
mkdir -p "$OUT/out"
echo "perf.sh: results in $OUT (eqsat-wasm: $EQSAT; $(wasm-opt --version); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg))" >&2

# ---- the module list: name, path, wasm-opt feature flags ----
MODS=()    # "name|path|flags"
. "$REPO/tests/scripts/common.sh"   # manifest_files, manifest_wasm_opt_flags
while read -r file; do
  MODS+=("$file|$REAL/$file|$(manifest_wasm_opt_flags "$REAL/manifest.tsv" "$file")")
done < <(manifest_files "$REAL/manifest.tsv")
# pulseengine: the first feature set wasm-opt reads and validates the module with
pe_flags() {
  local f="$1" cand
  for cand in "" "--enable-sign-ext --enable-mutable-globals" \
      "--enable-sign-ext --enable-mutable-globals --enable-bulk-memory --enable-nontrapping-float-to-int --enable-multivalue --enable-reference-types" \
      "--all-features"; do
    # shellcheck disable=SC2086
    if wasm-opt $cand "$f" -o /dev/null >/dev/null 2>&1; then echo "$cand"; return; fi
  done
  echo "--all-features"
}
for f in "$SHARED"/corpus/pulseengine/*.wasm; do
  MODS+=("pulseengine/$(basename "$f")|$f|$(pe_flags "$f")")
done
# The start-up cost: a module with no sections (process start, loading the rules, Binaryen's setup).
printf '\0asm\1\0\0\0' > "$OUT/empty.wasm"
MODS+=("startup/empty.wasm|$OUT/empty.wasm|")
if [ -n "$ONLY" ] || [ -n "$SKIP" ]; then  # bash (ERE) regexes on the module name
  SEL=()
  for m in "${MODS[@]}"; do
    [ -n "$ONLY" ] && ! [[ "${m%%|*}" =~ $ONLY ]] && continue
    [ -n "$SKIP" ] && [[ "${m%%|*}" =~ $SKIP ]] && continue
    SEL+=("$m")
  done
  MODS=("${SEL[@]}")
fi

# run TOOL NAME REP CMD... : one timed run, appended to runs.tsv
RUNS="$OUT/runs.tsv"
echo -e "tool\tmodule\trep\tbytes\twall_s\tuser_s\tsys_s\tmaxrss_kb\texit" > "$RUNS"
run() {
  local tool="$1" name="$2" rep="$3" bytes="$4"; shift 4
  local tf="$OUT/time.$$"
  timeout "$TIMEOUT" /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >/dev/null 2>"$OUT/stderr.last"
  local rc=$?
  local t; t="$(tail -n1 "$tf" 2>/dev/null)"
  [[ "$t" =~ ^[0-9.]+\ [0-9.]+\ [0-9.]+\ [0-9]+$ ]] || t="- - - -"
  # shellcheck disable=SC2086
  echo -e "$tool\t$name\t$rep\t$bytes\t$(echo $t | tr ' ' '\t')\t$rc" >> "$RUNS"
  if [ $rc -ne 0 ]; then echo "perf.sh: $tool $name rep $rep exit $rc: $(head -c 300 "$OUT/stderr.last")" >&2; fi
  rm -f "$tf"
}

safe() { echo "$1" | tr '/' '_'; }
for ((rep = 1; rep <= REPS; rep++)); do
  k=0
  for m in "${MODS[@]}"; do
    IFS='|' read -r name path flags <<< "$m"
    bytes=$(stat -c %s "$path")
    s=$(safe "$name")
    # shellcheck disable=SC2086
    eq() { run eqsat-wasm "$name" "$rep" "$bytes" "$EQSAT" "$path" $flags "${EXTRA[@]}" -q -o "$OUT/out/$s.eqsat.wasm"; }
    # shellcheck disable=SC2086
    wo() { run wasm-opt "$name" "$rep" "$bytes" wasm-opt $flags --strip-dwarf -O3 "$path" -o "$OUT/out/$s.o3.wasm"; }
    if (( (rep + k) % 2 )); then eq; wo; else wo; eq; fi
    k=$((k + 1))
  done
  echo "perf.sh: repetition $rep/$REPS done" >&2
done

# ---- Thumb-2 estimates and behaviour checks ----
T2="$OUT/t2.tsv"
echo -e "module\tinput\teqsat\twasm_opt" > "$T2"
t2() { [ -f "$1" ] && "$SHARED/tools/t2-estimate" "$1" 2>/dev/null | awk '$1=="TOTAL"{print $2; f=1} END{if(!f) print "-"}' || echo "-"; }
DX="$OUT/diffexec.tsv"
echo -e "module\tdiffexec_exit\tsummary" > "$DX"
for m in "${MODS[@]}"; do
  IFS='|' read -r name path flags <<< "$m"
  s=$(safe "$name")
  echo -e "$name\t$(t2 "$path")\t$(t2 "$OUT/out/$s.eqsat.wasm")\t$(t2 "$OUT/out/$s.o3.wasm")" >> "$T2"
  if [ "$DIFFEXEC" = 1 ] && [ -f "$OUT/out/$s.eqsat.wasm" ]; then
    d=$(timeout 600 "$SHARED/tools/diffexec" "$path" "$OUT/out/$s.eqsat.wasm" 2>&1); rc=$?
    echo -e "$name\t$rc\t$(echo "$d" | tail -n1 | tr '\t' ' ' | cut -c1-200)" >> "$DX"
  fi
done

# ---- scaling: node limit, threads ----
SC="$OUT/scaling.tsv"
echo -e "kind\tmodule\tsetting\tbytes\twall_s\tuser_s\tsys_s\tmaxrss_kb\texit" > "$SC"
scale() {
  local kind="$1" name="$2" setting="$3" bytes="$4"; shift 4
  local tf="$OUT/time.$$"
  timeout "$TIMEOUT" /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >/dev/null 2>&1
  local rc=$? t; t="$(tail -n1 "$tf" 2>/dev/null)"
  [[ "$t" =~ ^[0-9.]+\ [0-9.]+\ [0-9.]+\ [0-9]+$ ]] || t="- - - -"
  # shellcheck disable=SC2086
  echo -e "$kind\t$name\t$setting\t$bytes\t$(echo $t | tr ' ' '\t')\t$rc" >> "$SC"
  rm -f "$tf"
}
if [ "$SCALING" = 1 ]; then
  for m in "${MODS[@]}"; do
    IFS='|' read -r name path flags <<< "$m"
    case "$name" in md4w-md4w-small.wasm|sql.js-sql-wasm.wasm) ;; *) continue ;; esac
    bytes=$(stat -c %s "$path")
    for nl in 1000 2500 5000 10000 20000 40000; do
      # shellcheck disable=SC2086
      scale node-limit "$name" "$nl" "$bytes" "$EQSAT" "$path" $flags "${EXTRA[@]}" -q --node-limit "$nl"
    done
  done
  big=""; bigb=0
  for m in "${MODS[@]}"; do
    IFS='|' read -r name path flags <<< "$m"
    b=$(stat -c %s "$path"); if [ "$b" -gt "$bigb" ]; then big="$m"; bigb=$b; fi
  done
  if [ -n "$big" ]; then
    IFS='|' read -r name path flags <<< "$big"
    for j in 1 2; do
      # shellcheck disable=SC2086
      scale jobs "$name" "$j" "$bigb" "$EQSAT" "$path" $flags "${EXTRA[@]}" -q -j "$j"
    done
  fi
fi

python3 "$HERE/perf_report.py" "$OUT" | tee "$OUT/report.md"
