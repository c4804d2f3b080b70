# Shared helpers for the shell tests (sourced).
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

# Validates a binary module with Binaryen's wasm-opt (its target_features
# section, if any, is honoured; else MVP + sign-ext + mutable-globals + extra flags).
# Only feature flags among the extra arguments are passed on to wasm-opt.
validate_wasm() {
  local f=$1; shift
  local out a flags=()
  for a in "$@"; do
    case $a in --enable-*|--disable-*|--all-features|-all|--mvp-features|-mvp) flags+=("$a") ;; esac
  done
  if ! out=$(wasm-opt "$f" --mvp-features --enable-sign-ext --enable-mutable-globals "${flags[@]}" -q -o /dev/null 2>&1); then
    echo "$out" | head -20 >&2
    fail "wasm-opt rejects $f"
  fi
}

# A binary version of a module for tools that only read binaries (diffexec).
to_binary() {
  local in=$1 out=$2
  if [ "$(head -c 4 "$in" | od -An -c | tr -d ' ')" = '\0asm' ]; then
    cp "$in" "$out"
  else
    wat2wasm --enable-all --debug-names "$in" -o "$out" || fail "wat2wasm cannot read $in"
  fi
}

# One field of the real-world manifest (REAL_DIR/manifest.tsv, written by
# ../shared/corpus/real/fetch.sh: tab-separated, a header line naming the
# columns): the value in column NAME of FILE's row; nothing when FILE is not listed.
manifest_field() {  # MANIFEST FILE NAME
  awk -F'\t' -v file="$2" -v name="$3" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) col = i; next }
    col && $1 == file { print $col; exit }' "$1"
}

# The wasm-opt feature flags of FILE (manifest column wasm_opt108_flags, `-`
# for none): the words to pass to wasm-opt and eqsat-wasm; nothing when none.
manifest_wasm_opt_flags() {  # MANIFEST FILE
  local flags
  flags=$(manifest_field "$1" "$2" wasm_opt108_flags)
  [ "$flags" = - ] || echo "$flags"
}

# The files the manifest lists, one a line, in its order.
manifest_files() {  # MANIFEST
  tail -n +2 "$1" | cut -f1
}
