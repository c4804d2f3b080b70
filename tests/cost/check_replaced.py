#!/usr/bin/env python3
"""check_replaced.py REPORT.json NAME=replaced|kept ...

Exit 1 unless each named function of an `eqsat-wasm --report` file was
replaced by a rewritten body (`replaced`) or left as it was (`kept`), as
listed; prints each function's costs either way."""
import json
import sys


def main():
    with open(sys.argv[1]) as f:
        fns = {fn["name"]: fn for fn in json.load(f)["functions"]}
    failed = 0
    for want in sys.argv[2:]:
        name, expect = want.split("=")
        fn = fns.get(name)
        if fn is None:
            print("%s: not in the report" % name)
            failed += 1
            continue
        got = "replaced" if fn["replaced"] else "kept"
        ok = got == expect
        failed += not ok
        print("%s %s: %s (cost %g -> %g), expected %s" % ("ok" if ok else "FAIL", name, got,
                                                        fn["costBefore"], fn["costAfter"], expect))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
