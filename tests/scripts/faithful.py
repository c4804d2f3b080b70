#!/usr/bin/env python3
"""faithful.py SHARED IN OUT REPORT [--inline]

The output contract of docs/reliability.md ("Faithful output"): OUT is IN in
everything but the bodies of the functions REPORT (eqsat-wasm --report) marks
as replaced. Checked with ../shared/tools/wasm-structdiff, which reads both
binaries with its own parser: structure SAME, and every body that differs
belongs to a replaced function (with --inline, also to a function the inliner
changed, which the report cannot name: only the structure is checked then).
Prints one line; exit 0 when the contract holds, 1 when not."""
import json
import subprocess
import sys
import tempfile


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    inline = "--inline" in sys.argv
    shared, inp, out, report = args
    # Its JSON goes to a file, not a pipe: Node cuts what it writes to a pipe
    # at 64 KiB when it exits (a module with thousands of changed bodies).
    with tempfile.TemporaryFile(mode="w+") as json_out:
        sd = subprocess.run([shared + "/tools/wasm-structdiff", "--json", inp, out], stdout=json_out,
                            stderr=subprocess.PIPE, text=True)
        json_out.seek(0)
        text = json_out.read()
    if sd.returncode not in (0, 1):
        print("faithful: wasm-structdiff failed: " + ((sd.stderr or text).strip().splitlines() or ["?"])[0])
        return 1
    diff = json.loads(text)
    if diff["verdict"] != "SAME":
        print("faithful: structure differs: " + "; ".join(diff["differences"][:3]))
        return 1
    functions = json.load(open(report))["functions"]
    imported = diff["importedFunctions"]
    changed = diff["functions"]["changed"]
    unexpected = []
    for c in changed:
        position = c["index"] - imported
        f = functions[position] if 0 <= position < len(functions) else None
        if f is None or not f.get("replaced"):
            unexpected.append(str(c.get("name") or c["index"]))
    if unexpected and not inline:
        print("faithful: bodies changed that were not replaced: " + ", ".join(unexpected[:5]))
        return 1
    replaced = sum(1 for f in functions if f.get("replaced"))
    print("faithful: SAME structure; %d bodies changed, %d replaced" % (len(changed), replaced))
    if not inline and len(changed) != replaced:
        print("faithful: %d functions marked replaced but %d bodies differ" % (replaced, len(changed)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
