#!/usr/bin/env bash
# run.sh [SECONDS=300] [TARGET...]: builds the libFuzzer targets (clang++,
# ASan+UBSan, build-fuzz/) and runs each for SECONDS on its seed corpus
# (fuzz/seeds.sh; new inputs are kept in build-fuzz/corpus/TARGET). A crash is
# saved as build-fuzz/crashes/TARGET/crash-*; reproduce it with
#   build-fuzz/tests/fuzz-TARGET build-fuzz/crashes/TARGET/crash-...
# and turn it into a test (tests/fuzz/regress/ for modules; see docs/reliability.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-300}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(pipeline rules)
b=${BUILD_DIR:-$root/build-fuzz}
cmake -S "$root" -B "$b" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DEQSAT_FUZZ=ON -DEQSAT_SANITIZE=ON > /dev/null
cmake --build "$b" -j"$(nproc)" --target $(printf 'fuzz-%s ' "${targets[@]}")
[ -d "$b/seeds" ] || "$root/fuzz/seeds.sh" "$b/seeds"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
rc=0
for t in "${targets[@]}"; do
  mkdir -p "$b/corpus/$t" "$b/crashes/$t"
  max_len=65536; [ "$t" = rules ] && max_len=16384
  "$b/tests/fuzz-$t" "$b/corpus/$t" "$b/seeds/$t" -max_total_time="$secs" -timeout=60 -rss_limit_mb=4096 \
    -max_len=$max_len -artifact_prefix="$b/crashes/$t/" -print_final_stats=1 || rc=1
done
exit $rc
