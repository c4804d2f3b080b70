#!/usr/bin/env bash
# real_fetch.sh SHARED_DIR OUTDIR
# Fetches the pinned real-world modules with SHARED_DIR/corpus/real/fetch.sh
# into OUTDIR (a directory of the build tree; never committed). Files already
# present with the pinned hash are not fetched again.
# Exit 77 (skipped) when SHARED_DIR is absent or the registry is unreachable.
set -uo pipefail
shared=$1 out=$2
[ -x "$shared/corpus/real/fetch.sh" ] || { echo "SKIP: $shared/corpus/real/fetch.sh not present"; exit 77; }
command -v npm >/dev/null || { echo "SKIP: npm not installed (cannot fetch the real-world corpus)"; exit 77; }
# 5 minutes at most; fetching is idempotent, a later run resumes.
# The manifest (feature flags per module) takes a minute to make: once.
args=()
[ -s "$out/manifest.tsv" ] && args=(--no-manifest)
timeout 300 "$shared/corpus/real/fetch.sh" "$out" "${args[@]}"
rc=$?
case $rc in
  0) echo "real-world corpus in $out"; exit 0 ;;
  3|124) echo "SKIP: npm registry unreachable (fetch.sh exit $rc); real-world modules not checked"; exit 77 ;;
  *) echo "FAIL: fetch.sh exit $rc"; exit 1 ;;
esac
