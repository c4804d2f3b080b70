#!/usr/bin/env bash
# End-to-end checks of the observability flags (docs/observability.md): each
# mode runs eqsat-wasm and checks what it printed or wrote, not only the exit code.
#   observe_check.sh EXE MODE INPUT FUNC RULE [extra eqsat-wasm args...]
# MODE: stats | report | explain | dot | json | trace | tutorial | agree-* (tests/observe/agree.*)
# INPUT under a missing ../shared: exit 77 (skipped).
set -u
exe=$1 mode=$2 in=$3 func=$4 rule=$5
shift 5
extra=("$@")
if [ ! -e "$in" ]; then echo "SKIP: $in is absent (clone the shared data beside the repo as ../shared)"; exit 77; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; echo "--- stdout"; cat "$tmp/out" 2>/dev/null | head -60; echo "--- stderr"; cat "$tmp/err" 2>/dev/null | head -60; exit 1; }
expect() { grep -qE -- "$2" "$1" || fail "$(basename "$1") lacks /$2/"; }
run() { "$exe" "$in" "${extra[@]}" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; [ $rc -eq 0 ] || fail "exit code $rc"; }

case $mode in
stats)
  run --stats
  expect "$tmp/err" '^eqsat-wasm stats: .*(cost model [a-z0-9-]+, extractor [a-z]+)'
  expect "$tmp/err" '^function +cost +-> +diff +instrs +-> +classes +nodes +iters +stop +time$'
  # the function's row: cost before > after, a negative difference, instruction counts, a stop reason
  awk -v f="$func" '$1==f { if ($2+0 > $3+0 && $4 ~ /^-/ && $5 ~ /^[0-9]+$/ && $6 ~ /^[0-9]+$/ && $10 ~ /saturated|limit/) ok=1 } END { exit !ok }' "$tmp/err" \
    || fail "no row for $func with cost before > after"
  expect "$tmp/err" '^total \([0-9]+ functions?\)'
  expect "$tmp/err" '^rules that fired most'
  # the table's totals agree with the summary line
  before=$(sed -nE 's/.*cost ([0-9.]+) -> ([0-9.]+).*/\1/p' "$tmp/out")
  after=$(sed -nE 's/.*cost ([0-9.]+) -> ([0-9.]+).*/\2/p' "$tmp/out")
  awk -v b="$before" -v a="$after" '/^total \(/ { if ($4+0 == b+0 && $5+0 == a+0) ok=1 } END { exit !ok }' "$tmp/err" \
    || fail "totals differ from the summary line (cost $before -> $after)"
  # --stats=all lists every function; --stats=1 only the largest
  run --stats=all
  n=$(sed -nE 's/^[^:]*: ([0-9]+) functions?,.*/\1/p' "$tmp/out")
  rows=$(awk '/^function /{on=1; next} /^total \(/{on=0} on' "$tmp/err" | wc -l)
  [ "$rows" -eq "$n" ] || fail "--stats=all shows $rows rows for $n functions"
  expect "$tmp/err" "^  $rule(\\.i32|\\.i64)? +[1-9][0-9]* +[0-9]+ +[0-9]+ +[0-9]+$"
  run --stats=1
  rows=$(awk '/^function /{on=1; next} /^total \(/{on=0} on' "$tmp/err" | wc -l)
  [ "$rows" -eq 1 ] || fail "--stats=1 shows $rows rows"
  ;;
report)
  run --report "$tmp/r.json"
  python3 - "$tmp/r.json" "$func" "$rule" <<'PY' || fail "report check"
import json, sys
r = json.load(open(sys.argv[1])); func, rule = sys.argv[2], sys.argv[3]
assert r["version"] == 1
t = r["totals"]; fs = r["functions"]
assert t["functions"] == len(fs), "totals.functions"
assert t["handled"] + t["leftAlone"] == len(fs)
assert abs(t["costBefore"] - sum(f["costBefore"] for f in fs)) < 1e-6
assert abs(t["costAfter"] - sum(f["costAfter"] for f in fs)) < 1e-6
assert t["instrsBefore"] == sum(f["instrsBefore"] for f in fs)
f = [f for f in fs if f["name"] == func]
assert f, "no entry for " + func
f = f[0]
assert f["handled"] and f["replaced"] and f["costAfter"] < f["costBefore"], f
assert f["costDiff"] == f["costAfter"] - f["costBefore"]
assert f["instrsAfter"] < f["instrsBefore"], f
assert f["classes"] > 0 and f["nodes"] >= f["classes"] and f["iterations"] >= 1
assert f["stop"] in ("saturated", "iteration-limit", "node-limit", "time-limit")
assert any(x["name"].split(".i")[0] == rule and x["applications"] >= 1 for x in f["rules"]), "rule in function"
assert any(x["name"].split(".i")[0] == rule for x in r["rules"]), "rule in totals"
for x in r["rules"]:
    assert set(x) == {"name", "matches", "applications", "rejected", "timesBanned"}
PY
  python3 - "$tmp/r.json" "$(dirname "$0")/../../docs/report.schema.json" <<'PY' || fail "report keys not in the schema"
import json, sys
r = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
def check(v, sc, path):
    if "$ref" in sc: sc = s["$defs"][sc["$ref"].split("/")[-1]]
    if isinstance(v, dict):
        props = sc.get("properties", {})
        for k in sc.get("required", []): assert k in v, path + ": missing " + k
        for k, x in v.items():
            assert k in props, path + ": undocumented key " + k
            check(x, props[k], path + "." + k)
    elif isinstance(v, list):
        for i, x in enumerate(v): check(x, sc.get("items", {}), "%s[%d]" % (path, i))
check(r, s, "report")
PY
  ;;
explain)
  run --explain "$func"
  expect "$tmp/out" "^;; ---- explain $func ----$"
  expect "$tmp/out" '^;; original \(cost [0-9.]+, [0-9]+ wasm instructions\):$'
  expect "$tmp/out" "^\\(func \\\$$func "
  expect "$tmp/out" '^;; optimized \(cost [0-9.]+, [0-9]+ wasm instructions\):$'
  expect "$tmp/out" '^;; rewritten expressions: [1-9][0-9]* of [0-9]+ operands'
  expect "$tmp/out" '^;;   original:  \('
  expect "$tmp/out" '^;;   optimized: '
  expect "$tmp/out" "^;;         by $rule(\\.i32|\\.i64)?( \\(right to left\\))?$"
  # each chain starts at the original and ends at the optimized term
  python3 - "$tmp/out" <<'PY' || fail "a chain does not connect the original to the optimized term"
import re, sys
lines = open(sys.argv[1]).read().split("\n")
chains = 0
for i, l in enumerate(lines):
    if l.startswith(";;   original:  "):
        orig = l[len(";;   original:  "):]
        opt = lines[i + 1][len(";;   optimized: "):]
        j = i + 2
        assert lines[j].startswith(";;       "), lines[j]
        assert lines[j][len(";;       "):] == orig, (lines[j], orig)
        last = lines[j][len(";;       "):]
        j += 1
        while j < len(lines) and lines[j].startswith(";;     = "):
            last = lines[j][len(";;     = "):]
            assert lines[j + 1].startswith(";;         by "), lines[j + 1]
            # every step a rule, congruence or analysis fact: no gap in the proof
            assert not lines[j + 1].startswith(";;         by (equal in the e-graph"), lines[j + 1]
            j += 2
        assert last == opt, (last, opt)
        chains += 1
assert chains >= 1
PY
  ;;
dot)
  run --dump-egraph "$func=$tmp/g.dot"
  [ -s "$tmp/g.dot" ] || fail "no dot file"
  expect "$tmp/err" "wrote the e-graph of $func to "
  expect "$tmp/g.dot" '^digraph '
  expect "$tmp/g.dot" '^  subgraph cluster_[0-9]+ \{$'
  expect "$tmp/g.dot" 'label="e-class [0-9]+ : i(32|64)  cost [0-9.]+"'
  expect "$tmp/g.dot" '\\ncost [0-9.]+", style="rounded,filled,bold", fillcolor="gold"'
  expect "$tmp/g.dot" '-> n[0-9]+ \[lhead=cluster_[0-9]+'
  # one chosen node per class at most
  python3 - "$tmp/g.dot" <<'PY' || fail "more than one chosen node in a class"
import re, sys
cls = None; chosen = {}
for l in open(sys.argv[1]):
    m = re.match(r"  subgraph cluster_(\d+)", l)
    if m: cls = m.group(1); chosen[cls] = 0
    if cls and "filled" in l: chosen[cls] += 1
assert chosen and max(chosen.values()) <= 1 and sum(chosen.values()) >= 1
PY
  if command -v dot >/dev/null; then dot -Tsvg "$tmp/g.dot" -o "$tmp/g.svg" 2>"$tmp/dot.err" || fail "graphviz rejects the file"; grep -q '<svg' "$tmp/g.svg" || fail "no svg"; fi
  # default name: FUNC.dot in the current directory
  (cd "$tmp" && "$exe" "$in" "${extra[@]}" --dump-egraph "$func" -q 2>/dev/null) || fail "default name run"
  ls "$tmp"/*.dot | grep -v '/g.dot$' | grep -q . || fail "no default-named dot file"
  ;;
json)
  run --dump-egraph "$func=$tmp/g.json" --format json
  python3 - "$tmp/g.json" <<'PY' || fail "egraph-serialize JSON check"
import json, sys
g = json.load(open(sys.argv[1]))
nodes = g["nodes"]; assert nodes
for nid, n in nodes.items():
    assert set(n) >= {"op", "children", "eclass", "cost"}, n
    for c in n["children"]: assert c in nodes, c
classes = {n["eclass"] for n in nodes.values()}
assert g["root_eclasses"] and all(r in classes for r in g["root_eclasses"])
cd = g["class_data"]
assert set(cd) == classes
for c, d in cd.items():
    if "chosen" in d: assert nodes[d["chosen"]]["eclass"] == c
assert sum("chosen" in d for d in cd.values()) >= len(g["root_eclasses"])
PY
  ;;
trace)
  run --trace-rule "$rule"
  expect "$tmp/out" "^;; trace-rule $rule in [^:]+: [1-9][0-9]* match(es)?: [0-9]+ applied, [0-9]+ rejected, [0-9]+ dropped by a ban, [0-9]+ left at the stop; [1-9][0-9]* changed the e-graph, [1-9][0-9]* changed the extraction, [0-9]+ contributed to the result$"
  expect "$tmp/out" "^;; \\[1\\] iteration [0-9]+, $rule(\\.i32|\\.i64)? matched e-class [0-9]+"
  expect "$tmp/out" '^;;       \?[a-z0-9_]+ = '
  expect "$tmp/out" '^;;     extraction: CHANGED: the output computes the rule.s result'
  # the number of matches equals the rule's matches in the report
  "$exe" "$in" "${extra[@]}" --trace-rule "$rule" --report "$tmp/r.json" -q >"$tmp/out2" 2>&1 || fail "report run"
  python3 - "$tmp/out2" "$tmp/r.json" "$rule" <<'PY' || fail "trace counts differ from the report"
import json, re, sys
text = open(sys.argv[1]).read(); r = json.load(open(sys.argv[2])); rule = sys.argv[3]
traced = sum(int(m) for m in re.findall(r"^;; trace-rule \S+ in \S+: (\d+) match", text, re.M))
reported = sum(x["matches"] for x in r["rules"] if x["name"] == rule or x["name"] in (rule + ".i32", rule + ".i64"))
assert traced == reported, (traced, reported)
total = re.findall(r"^;; trace-rule \S+ in \d+ functions?: (\d+) match", text, re.M)
assert total and int(total[0]) == reported, (total, reported)
PY
  # an unknown rule is a usage error
  "$exe" "$in" "${extra[@]}" --trace-rule no-such-rule >"$tmp/out" 2>"$tmp/err"; rc=$?
  [ $rc -eq 1 ] || fail "unknown rule: exit $rc"
  expect "$tmp/err" "no rule named 'no-such-rule'"
  ;;
agree-reject)
  # tests/observe/agree.*: what --trace-rule, --stats, --report and --dump-egraph say agrees
  run -j 1 --trace-rule mul-pow2 --stats
  # a match its condition rejects is a match, in the trace and in --stats, with the condition and the value
  expect "$tmp/out" '^;; trace-rule mul-pow2 in times6: 1 match: 0 applied, 1 rejected, 0 dropped by a ban, 0 left at the stop; 0 changed the e-graph, 0 changed the extraction, 0 contributed to the result$'
  expect "$tmp/out" '^;; \[1\] iteration 0, mul-pow2 matched e-class [0-9]+: REJECTED: condition `\(is_pow2 \?c\)` is false: \?c = 6$'
  expect "$tmp/err" '^  mul-pow2 +1 +0 +1 +0$'
  ;;
agree-contributed)
  # a rule that only enables another: on the proof of the result, though it never changed the extraction
  run -j 1 --trace-rule sub-const
  expect "$tmp/out" '^;; trace-rule sub-const in offset: 3 matches: 3 applied, 0 rejected, 0 dropped by a ban, 0 left at the stop; 1 changed the e-graph, 0 changed the extraction, 1 contributed to the result$'
  expect "$tmp/out" '^;;     result: CONTRIBUTED: on the proof that the output equals the input$'
  run -j 1 --trace-rule add-add-const
  expect "$tmp/out" '^;; trace-rule add-add-const in offset: 2 matches: 2 applied, 0 rejected, 0 dropped by a ban, 0 left at the stop; 1 changed the e-graph, 1 changed the extraction, 1 contributed to the result$'
  ;;
agree-names)
  # the reverse of an iN rule answers to NAME-rev and to NAME.i32-rev
  run -j 1 --trace-rule shl-one-add-rev
  expect "$tmp/out" '^;; trace-rule shl-one-add-rev in double: 2 matches: '
  expect "$tmp/out" '^;; \[1\] iteration 0, shl-one-add.i32-rev matched e-class [0-9]+$'
  run -j 1 --trace-rule shl-one-add.i32-rev
  expect "$tmp/out" '^;; trace-rule shl-one-add.i32-rev in double: 2 matches: '
  ;;
agree-didyoumean)
  # unknown names: a usage error with the nearest name
  "$exe" "$in" "${extra[@]}" --trace-rule sub-cnst >"$tmp/out" 2>"$tmp/err"; rc=$?
  [ $rc -eq 1 ] || fail "unknown rule: exit $rc"
  expect "$tmp/err" "^eqsat-wasm: --trace-rule: no rule named 'sub-cnst' in the loaded rules; did you mean \`sub-const\`\?$"
  "$exe" "$in" "${extra[@]}" --trace-rule shl-one-ad-rev >"$tmp/out" 2>"$tmp/err"
  expect "$tmp/err" "did you mean \`shl-one-add-rev\`\?$"
  "$exe" "$in" "${extra[@]}" --explain ofset >"$tmp/out" 2>"$tmp/err"; rc=$?
  [ $rc -eq 1 ] || fail "unknown function: exit $rc"
  expect "$tmp/err" "no defined function 'ofset' in .*; did you mean \`offset\`\?$"
  ;;
agree-limits)
  # "hit a limit" counts every function whose stop column names a limit
  run -j 1 --stats=all --iter-limit 1
  limited=$(awk '/^function /{on=1; next} /^total \(/{on=0} on && $10 ~ /limit/' "$tmp/err" | wc -l)
  [ "$limited" -ge 1 ] || fail "no function stopped on the iteration limit"
  expect "$tmp/err" "^3 handled, 0 left alone, $limited hit a limit \\($limited iteration-limit\\), "
  ;;
agree-dot)
  # the .dot header counts the e-graph --stats counts
  run -j 1 --stats=all --dump-egraph "offset=$tmp/o.dot"
  row=$(awk '$1=="offset" {print $7, $8}' "$tmp/err")
  dot=$(sed -nE '1s/.*\(([0-9]+) e-classes, ([0-9]+) e-nodes;.*/\1 \2/p' "$tmp/o.dot")
  [ -n "$row" ] && [ "$row" = "$dot" ] || fail "--stats counts '$row' (classes nodes), the .dot header '$dot'"
  ;;
agree-summary)
  # the summary line says how --rules files were checked: random inputs only, or proved (proof cache)
  export EQSAT_CACHE_DIR="$tmp/cache"
  rules=${extra[1]}
  run -j 1
  expect "$tmp/out" "; rules $rules randomly checked on [1-9][0-9]* inputs, not proved \\(check-rules proves them\\)$"
  run -j 1 --no-check-rules
  expect "$tmp/out" "; rules $rules not checked \\(--no-check-rules\\)$"
  "$exe" check-rules "$rules" >"$tmp/out" 2>"$tmp/err" || fail "check-rules exit $?"
  run -j 1
  expect "$tmp/out" "; rules $rules proved$"
  ;;
agree-counts)
  # every rule: the trace's matches are the report's, whatever happened to them
  for r in sub-const add-add-const mul-pow2 shl-one-add shl-one-add-rev; do
    run -j 1 --trace-rule "$r" --report "$tmp/r.json"
    python3 - "$tmp/out" "$tmp/r.json" "$r" <<'PY' || fail "trace of $r differs from the report"
import json, re, sys
text = open(sys.argv[1]).read(); rep = json.load(open(sys.argv[2])); rule = sys.argv[3]
names = {rule, rule + ".i32", rule + ".i64"}
if rule.endswith("-rev"): names |= {rule[:-4] + ".i32-rev", rule[:-4] + ".i64-rev"}
want = sum(x["matches"] for x in rep["rules"] if x["name"] in names)
rejected = sum(x["rejected"] for x in rep["rules"] if x["name"] in names)
m = re.search(r"^;; trace-rule \S+ in \d+ functions?: (\d+) match(?:es)?: \d+ applied, (\d+) rejected", text, re.M)
assert m and int(m.group(1)) == want and int(m.group(2)) == rejected, (m and m.groups(), want, rejected)
PY
  done
  ;;
tutorial)
  # docs/rules.md from an empty file: rewrite tries the rule on one expression, check-rules proves it
  # and runs its example (then finds the proof in its cache), --trace-rule sees it fire, --stats counts
  # it, the summary line says how the rules were checked
  rules=${extra[1]}
  export EQSAT_CACHE_DIR="$tmp/cache"
  "$exe" rewrite '(i32.and (i32.and ?x (i32.const 0xff)) (i32.const 0x0f))' --rules "$rules" >"$tmp/out" 2>"$tmp/err" || fail "rewrite exit $?"
  expect "$tmp/out" '^best:  \(i32.and \?x \(i32.const 15\)\)$'
  expect "$tmp/out" '^  cost 2 \(thumb2\)$'
  expect "$tmp/out" "^      by $rule$"
  "$exe" rewrite '(i32.and (i32.and ?x (i32.const 0x0f)) (i32.const 0xff))' --rules "$rules" --why-not "$rule" >"$tmp/out" 2>"$tmp/err" || fail "rewrite --why-not exit $?"
  expect "$tmp/out" "^  $rule: its lhs .* occurs nowhere in the e-graph$"
  # before any proof: the run says the rules were only tested on random inputs
  run
  expect "$tmp/out" "; rules .*$(basename "$rules") randomly checked on [1-9][0-9]* inputs, not proved \\(check-rules proves them\\)$"
  "$exe" check-rules "$rules" >"$tmp/out" 2>"$tmp/err" || fail "check-rules exit $?"
  expect "$tmp/out" "rule '$rule' \\(#1\\) \\[\\?x:i32\\]: proved$"
  expect "$tmp/out" ": example of rule '$rule' .*: ok$"
  expect "$tmp/out" '^check-rules: 1 checks: 1 proved, 0 unsound, 0 unknown; 1 examples: 1 passed, 0 failed$'
  "$exe" check-rules "$rules" >"$tmp/out" 2>"$tmp/err" || fail "check-rules (cached) exit $?"
  expect "$tmp/out" "rule '$rule' \\(#1\\) \\[\\?x:i32\\]: proved \\(cached\\)$"
  expect "$tmp/out" '^check-rules: 1 checks: 1 proved \(1 from the cache\), 0 unsound, 0 unknown; 1 examples: 1 passed, 0 failed$'
  run --trace-rule "$rule" --stats
  expect "$tmp/out" "^;; trace-rule $rule in $func: 2 matches: 2 applied, 0 rejected, 0 dropped by a ban, 0 left at the stop; 1 changed the e-graph, 1 changed the extraction, 1 contributed to the result$"
  expect "$tmp/out" '^;;     extraction: CHANGED: the output computes the rule.s result \(i32.and \(param 0\) \(i32.const 15\)\)$'
  expect "$tmp/out" "; rules .*$(basename "$rules") proved$"
  expect "$tmp/err" "^$func +5 +4 +-1 +5 +3 "
  expect "$tmp/err" "^  $rule +2 +1 +0 +0$"
  ;;
*) fail "unknown mode $mode" ;;
esac
echo "PASS: $mode $in"
