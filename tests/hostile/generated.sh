#!/usr/bin/env bash
# generated.sh EXE SHARED_DIR RULESETS_DIR CASE
# Hostile inputs that are generated at test time (tests/hostile/gen_hostile.py;
# big inputs are never committed). Each case ends in one of:
#   ok      exit 0 within the time bound, nothing on stderr, the output validates
#           and behaves like the input (diffexec, when ../shared is present);
#   error   the exit code and the exact one-line message given below, nothing on
#           stdout, no output and no temporary file left behind;
#   ok|2    either of: a correct output, or exit 2 with one line on stderr.
# Never: a crash (exit 3 or a signal), a hang past the bound, an invalid module,
# a partly written file. docs/reliability.md has the table.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../scripts/common.sh"
exe=$1 shared=$2 rulesets=$3 case=$4
gen="python3 $here/gen_hostile.py"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work" || fail "cd"

# Time bounds are multiplied by EQSAT_TEST_TIME_SCALE (set by CTest in the
# sanitizer build, -DEQSAT_SANITIZE=ON, where everything runs 2-6x slower).
scale=${EQSAT_TEST_TIME_SCALE:-1}
# Every run's peak memory (resident set) is checked against 1 GB, measured
# by GNU time where it is installed.
mem_ceiling_kb=$((1024 * 1024))
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -o "$work/.peak" -f '%M')
# run BOUND_SECONDS ARGS... : runs eqsat-wasm; sets rc, out, err, secs, peak_kb.
run() {
  local bound=$(($1 * scale)); shift
  local t0=$(date +%s.%N)
  timeout -k 5 "$bound" "${timer[@]}" "$exe" "$@" > stdout.txt 2> stderr.txt
  rc=$?
  secs=$(echo "$(date +%s.%N) - $t0" | bc)
  out=$(cat stdout.txt) err=$(cat stderr.txt)
  rm -f stdout.txt stderr.txt
  peak_kb=$( [ -s "$work/.peak" ] && tail -1 "$work/.peak" || echo 0); rm -f "$work/.peak"
  echo "command: eqsat-wasm $*"
  echo "exit $rc after ${secs}s, peak ${peak_kb} KB"
  [ "$peak_kb" -lt "$mem_ceiling_kb" ] 2>/dev/null || [ "$peak_kb" = 0 ] || fail "peak memory ${peak_kb} KB, over 1 GB"
  [ -n "$out" ] && echo "stdout:  ${out:0:300}"
  [ -n "$err" ] && echo "stderr:  ${err:0:300}"
  [ "$rc" = 124 ] || [ "$rc" = 137 ] && fail "no result within ${bound}s (hang)"
  [ "$rc" -lt 128 ] || fail "killed by signal $((rc - 128))"
  [ "$rc" != 3 ] || fail "internal error (exit 3)"
  return 0
}
no_temp_files() {
  local t
  t=$(find . -name '.*eqsat-tmp*' | head -1)
  [ -z "$t" ] || fail "temporary file left behind: $t"
}
# expect_ok IN OUT [validate flags]
expect_ok() {
  local in=$1 o=$2; shift 2
  [ "$rc" = 0 ] || fail "exit $rc, expected 0"
  [ -z "$err" ] || fail "unexpected stderr"
  [ -s "$o" ] || fail "no output written"
  # wasm-opt recurses once per nesting level too: a deeply nested output
  # needs more than its default stack (what is tested is eqsat-wasm's).
  (ulimit -s unlimited 2>/dev/null; validate_wasm "$o" "$@") || exit 1
  no_temp_files
  if [ -d "$shared/tools" ] && command -v node >/dev/null; then
    "$shared/tools/diffexec" "$in" "$o" > diff.txt 2>&1 || { head -20 diff.txt; fail "diffexec: input and output differ"; }
    grep '^diffexec:' diff.txt
  fi
}
# expect_error CODE "EXACT LINE" [output path that must not exist]
expect_error() {
  [ "$rc" = "$1" ] || fail "exit $rc, expected $1"
  [ "$err" = "$2" ] || fail "stderr differs; expected: $2"
  [ -z "$out" ] || fail "unexpected stdout"
  [ -z "${3:-}" ] || [ ! -e "$3" ] || fail "$3 was written"
  no_temp_files
}
# expect_ok_or_error IN OUT: a correct output or a clean one-line refusal.
expect_ok_or_error() {
  if [ "$rc" = 0 ]; then expect_ok "$1" "$2"; echo "result: correct output"; return; fi
  [ "$rc" = 2 ] || fail "exit $rc, expected 0 or 2"
  [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || fail "error is not one line"
  [[ "$err" == eqsat-wasm:* ]] || fail "error does not start with 'eqsat-wasm:'"
  [ ! -e "$2" ] || fail "$2 written despite the error"
  no_temp_files
  echo "result: clean refusal"
}
ok_wat() { printf '(module (func (export "f") (param i32) (result i32) (i32.add (local.get 0) (i32.const 0))))\n' > ok.wat; wat2wasm ok.wat -o ok.wasm; }
rules_file() {  # name include-json rules-json
  printf '{"name": "%s", "include": %s, "rules": %s}\n' "$1" "$2" "$3" > "$1.json"
}

case $case in
nested_blocks_100k)
  $gen nested_blocks in.wasm 100000
  run 120 in.wasm -o out.wasm --no-check-rules
  expect_ok_or_error in.wasm out.wasm ;;
nested_values_100k)
  $gen nested_values in.wasm 100000
  run 120 in.wasm -o out.wasm --no-check-rules
  expect_ok_or_error in.wasm out.wasm ;;
nested_value_ops_30k|nested_value_ops_200k)
  # Binaryen's writer recurses once per level: 30,000 value blocks crashed it
  # on an 8 MB stack (exit 3). Binary output works at any depth up to the
  # stated limit; text output is refused beyond its own (module/module_io.h).
  n=${case#nested_value_ops_}; n=${n%k}000
  $gen nested_value_ops in.wasm "$n"
  run 10 in.wasm -o out.wasm --no-check-rules -q
  expect_ok in.wasm out.wasm
  run 10 in.wasm --no-check-rules -q
  [ "$rc" = 0 ] && [ -z "$err" ] || fail "without -o: exit $rc"
  [ "$n" = 30000 ] || { echo ok; exit 0; }
  run 10 in.wasm -S -o out.wat --no-check-rules -q
  expect_error 2 "eqsat-wasm: in.wasm: cannot write text: function '0' nests expressions $((2 * n + 1)) levels deep, and text indents every level (at most 5000 in text output; write binary instead)" out.wat ;;
nested_value_ops_300k)
  $gen nested_value_ops in.wasm 300000
  run 10 in.wasm -o out.wasm --no-check-rules
  expect_error 2 "eqsat-wasm: in.wasm: module over a limit: function '0' nests expressions 600001 levels deep (at most 500000 are accepted)" out.wasm
  run 10 in.wasm --no-check-rules
  expect_error 2 "eqsat-wasm: in.wasm: module over a limit: function '0' nests expressions 600001 levels deep (at most 500000 are accepted)" ;;
big_rule_rhs)
  # A sound rule whose rhs sums ?x 2^20 times (14 MB): refused at load, with
  # or without the load-time check (it took 628 MB and minutes to load).
  ok_wat
  $gen big_rhs big.json 20
  msg="eqsat-wasm: big.json:9:4348: rule 'big' (#1): more than 1000 terms (operators, variables and constants) in one expression"
  run 10 ok.wasm --rules big.json -o out.wasm
  expect_error 2 "$msg" out.wasm
  run 10 ok.wasm --rules big.json --no-check-rules -o out.wasm
  expect_error 2 "$msg" out.wasm ;;
nonlinear_time_limit)
  # (x + x) six levels deep, with commutativity and associativity: one search
  # ran for seconds past --time-limit 1 before the clock was read inside it.
  $gen sum_chain in.wasm 56
  $gen nonlinear_rule nl.json
  run 10 in.wasm --rules nl.json --time-limit 1 -o out.wasm
  # The function may overrun its limit by 10% or 50 ms; the rest is the
  # process (loading, emission) on a loaded machine. 4f5718d took 6-10 s.
  [ "$(echo "$secs < 3 * $scale" | bc)" = 1 ] || fail "took ${secs}s with --time-limit 1"
  expect_ok in.wasm out.wasm
  echo "$out" | grep -q ', 1 stopped by a time limit (0)' || fail "the summary does not name the function the time limit stopped" ;;
module_time_limit)
  # The whole run, not only the start of each function, is bounded; the
  # functions the budget touched are named in the summary.
  $gen sum_chains in.wasm 4
  $gen nonlinear_rule nl.json
  run 10 in.wasm --rules nl.json --time-limit 100 --module-time-limit 2 -j 2 -o out.wasm
  [ "$(echo "$secs < 5 * $scale" | bc)" = 1 ] || fail "took ${secs}s with --module-time-limit 2"
  expect_ok in.wasm out.wasm
  echo "$out" | grep -q ', 4 skipped by --module-time-limit (0 1 2 3)' || fail "the summary does not name the skipped functions" ;;
module_time_limit_reading)
  # Reading the module counts: a budget spent before the module is read
  # leaves nothing written.
  $gen straight_line in.wasm $((1 << 20))
  run 10 in.wasm --module-time-limit 0.001 -o out.wasm
  expect_error 2 "eqsat-wasm: in.wasm: the module time limit (--module-time-limit) ran out while reading the module; nothing written" out.wasm ;;
straight_line_1mb)
  $gen straight_line in.wasm $((1 << 20))
  run 120 in.wasm -o out.wasm --no-check-rules
  expect_ok in.wasm out.wasm ;;
functions_50k)
  $gen many_functions in.wasm 50000
  run 240 in.wasm -o out.wasm --no-check-rules
  expect_ok in.wasm out.wasm ;;
mutants)
  # Truncations at every byte offset and random byte flips of a small valid
  # module: each is optimized correctly or refused in one line, never a crash.
  $gen mutants m 300
  n=0 okc=0 errc=0
  for f in m/*.wasm; do
    n=$((n + 1))
    timeout -k 5 $((60 * scale)) "$exe" "$f" -o o.wasm -q --no-check-rules > /dev/null 2> e.txt
    rc=$?
    case $rc in
      0) okc=$((okc + 1))
         validate_wasm o.wasm
         if [ -d "$shared/tools" ] && command -v node >/dev/null; then
           "$shared/tools/diffexec" "$f" o.wasm > /dev/null 2>&1 \
             || [ $? = 2 ] || fail "$f: diffexec: output differs (keep: cp $f)"
         fi ;;
      2) errc=$((errc + 1))
         [ "$(wc -l < e.txt)" = 1 ] || fail "$f: error is not one line: $(cat e.txt)"
         [ ! -e o.wasm ] || fail "$f: output written despite the error" ;;
      *) cp "$f" "/tmp/eqsat-hostile-$(basename "$f")"
         fail "$f: exit $rc: $(head -c 300 e.txt) (kept as /tmp/eqsat-hostile-$(basename "$f"))" ;;
    esac
    rm -f o.wasm
  done
  no_temp_files
  echo "$n mutants: $okc optimized, $errc refused in one line" ;;
non_utf8_names)
  $gen non_utf8_names in.wasm
  run 60 in.wasm -o out.wasm --no-check-rules
  expect_ok in.wasm out.wasm
  # The names survive, escaped the way Binaryen 108 escapes names it reads
  # (caf\xe9 -> caf\.9): names are debug information, not behaviour.
  grep -q 'caf' out.wasm || fail "name section lost" ;;
nul_in_name)
  $gen nul_in_name in.wasm
  run 60 in.wasm -o out.wasm --no-check-rules
  expect_error 2 "eqsat-wasm: in.wasm: malformed module at byte offset 203: inline string contains NULL (0). that is technically valid in wasm, but you shouldn't do it, and it's not supported in binaryen" out.wasm ;;
non_utf8_path)
  ok_wat
  cp ok.wasm $'in\xff\xfe.wasm'
  run 60 $'in\xff\xfe.wasm' -o $'out\xe9.wasm' --no-check-rules
  cp $'out\xe9.wasm' out.wasm  # (node cannot open non-UTF-8 paths)
  expect_ok ok.wasm out.wasm
  run 60 ok.wasm -o $'no\xffdir/out.wasm' --no-check-rules
  expect_error 2 $'eqsat-wasm: no\xffdir/out.wasm: cannot write: directory \'no\xffdir\' does not exist' ;;
unwritable_output_dir)
  ok_wat
  mkdir ro && chmod 555 ro
  if [ "$(id -u)" = 0 ]; then
    # root writes anywhere: run as nobody (the binary must be readable by it).
    command -v setpriv >/dev/null || skip "running as root without setpriv"
    chmod 755 "$work"
    # A build tree under a private directory (a clone in `mktemp -d`, as CI
    # does) is out of nobody's reach: run a copy from the work directory.
    exe_nobody=$exe
    if ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$exe"; then
      cp "$exe" "$work/eqsat-wasm" && chmod 755 "$work/eqsat-wasm" && exe_nobody=$work/eqsat-wasm
    fi
    exe_n=(setpriv --reuid=65534 --regid=65534 --clear-groups "$exe_nobody")
    setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$exe_nobody" || skip "$exe_nobody not executable by nobody"
  else
    exe_n=("$exe")
  fi
  timeout $((60 * scale)) "${exe_n[@]}" ok.wasm -o ro/out.wasm --no-check-rules > stdout.txt 2> stderr.txt
  rc=$?; out=$(cat stdout.txt) err=$(cat stderr.txt); rm -f stdout.txt stderr.txt
  echo "stderr:  $err"
  expect_error 2 "eqsat-wasm: ro/out.wasm: cannot write: directory 'ro': Permission denied" ro/out.wasm ;;
output_is_fifo)
  # An existing special file is written in place (renaming over it would turn
  # /dev/null into a regular file).
  ok_wat
  mkfifo pipe
  cat pipe > piped.wasm &
  reader=$!
  run 60 ok.wasm -o pipe --no-check-rules -q
  wait $reader
  [ -p pipe ] || fail "the FIFO was replaced by a regular file"
  rm pipe
  expect_ok ok.wasm piped.wasm ;;
input_endless)
  # An endless input is read up to a bound, then refused.
  run 120 /dev/zero -o out.wasm --no-check-rules
  expect_error 2 "eqsat-wasm: /dev/zero: cannot read: larger than 256 MiB" out.wasm ;;
deep_pattern_rules)
  ok_wat
  $gen deep_pattern deep.json 100000
  run 120 ok.wasm --rules deep.json -o out.wasm
  expect_ok_or_error ok.wasm out.wasm ;;
deep_json_rules)
  ok_wat
  $gen deep_json deep.json 100000
  run 120 ok.wasm --rules deep.json -o out.wasm
  expect_ok_or_error ok.wasm out.wasm ;;
rules_10k)
  ok_wat
  $gen many_rules many.json 10000
  run 240 ok.wasm --rules many.json -o out.wasm
  expect_ok ok.wasm out.wasm ;;
include_cycle)
  ok_wat
  rules_file a '["b.json"]' '[]'
  rules_file b '["a.json"]' '[]'
  run 60 ok.wasm --rules a.json -o out.wasm
  expect_error 2 "eqsat-wasm: b.json:1:27: include cycle: a.json -> b.json -> a.json" out.wasm ;;
include_self)
  ok_wat
  rules_file a '["a.json"]' '[]'
  run 60 ok.wasm --rules a.json -o out.wasm
  expect_error 2 "eqsat-wasm: a.json:1:27: include cycle: a.json -> a.json" out.wasm ;;
include_special_file)
  # An include naming an endless file or a directory is refused, not read forever.
  ok_wat
  rules_file z '["/dev/zero"]' '[]'
  run 60 ok.wasm --rules z.json -o out.wasm
  expect_ok_or_error ok.wasm out.wasm
  rules_file d '["."]' '[]'
  run 60 ok.wasm --rules d.json -o out.wasm
  expect_ok_or_error ok.wasm out.wasm ;;
growing_rule)
  # x + y => (x + 1) + (y - 1) grows without bound; the limits must stop it.
  $gen growing_rule grow.json
  $gen straight_line in.wasm 2000
  run 120 in.wasm --rules grow.json -o out.wasm
  expect_ok in.wasm out.wasm
  rm -f out.wasm
  # Node and iteration limits out of the way: the time limit alone must stop it.
  run 120 in.wasm --rules grow.json --node-limit 1000000000 --iter-limit 1000000 --time-limit 2 -o out.wasm
  expect_ok in.wasm out.wasm
  [ "$(echo "$secs < 60" | bc)" = 1 ] || fail "took ${secs}s with --time-limit 2" ;;
*) fail "unknown case $case" ;;
esac
echo ok
