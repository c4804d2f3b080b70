# Helpers for the reliability scripts (sourced after tests/scripts/common.sh).

# The cost models `eqsat-wasm --help` lists on its --cost-model line
# ("... : thumb2 (default), thumb2-regalloc, ast"); just "default" when the
# build has no --cost-model option.
cost_models() {
  local exe=$1 line
  line=$("$exe" --help | grep -E '^ +--cost-model' | head -1)
  if [ -z "$line" ]; then echo default; return; fi
  echo "${line#*:}" | sed 's/(default)//g; s/,/ /g'
}

# Arguments of eqsat-wasm for a cost model name from cost_models.
model_args() { [ "$1" = default ] || echo "--cost-model $1"; }

# Runs CMD... with peak RSS (KiB) and wall seconds written to the file $TIMEFILE
# as "KIB SECONDS" (GNU time when installed).
timed() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M %e' -o "$TIMEFILE" "$@"
  else
    local s=$(date +%s.%N) rc
    "$@"; rc=$?
    echo "- $(echo "$(date +%s.%N) - $s" | bc)" > "$TIMEFILE"
    return $rc
  fi
}
