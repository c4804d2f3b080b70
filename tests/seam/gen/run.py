#!/usr/bin/env python3
"""run.py -- build generated decide/shim pairs and check eqsat-wasm on each.

Each case (tests/seam/gen/gen.py, from a seed) is built exactly as
../shared/corpus/seam/build.sh builds its shims: clang --target=wasm32 -O2
-ffreestanding -fno-builtin -c, wasm-ld --no-entry --allow-undefined with the
z_* shims exported (NAME.wasm, and NAME.lto.wasm with -DLTO, decide inlined by
clang), then wasm-opt -g -ol 3 --inlining NAME.wasm (NAME.inl.wasm). eqsat-wasm
runs on NAME.inl.wasm and its output must
  - leave no seam residue (seam-residue: 0 pack, 0 unpack, 0 carrier, 0 ext, no
    more i64 locals than NAME.lto.wasm), as tests/scripts/seam_check.sh reads it;
    a negative control (the u64 escapes) must keep its pack instead;
  - behave identically (diffexec against NAME.inl.wasm);
  - be at or below NAME.lto.wasm on t2-estimate;
  - compile with synth (synth-count exit 0), at or below synth's count of
    NAME.lto.wasm where synth compiles that.
One line per case, then a summary. Exit 0 when every case passes, 1 otherwise,
77 (skipped) without ../shared/tools, clang or wasm-ld.

Usage: run.py [--seed S --count N | --seeds-file F | SEED...] [--jobs J]
              [--exe build/eqsat-wasm] [--shared DIR] [--keep DIR]
              [--shrink] [--regress-dir tests/seam/gen/open]
              [--eqsat-args '--readonly-data ...']
--shrink shrinks each failing case at the level of gen.py's choices to the
smallest pair with the same failure kind and writes it to --regress-dir as
gen_<seed>.c: an open case; once the engine handles it, it moves to
tests/seam/shims/ (built with that directory's build.sh, with a ceiling).
"""
import argparse
import shlex
import concurrent.futures
import copy
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
# Failure kinds, most severe first: a case is shrunk keeping its first kind.
# evaluate() checks in this order.
KINDS = ["build", "crash", "residue", "control", "differs", "above-lto", "synth-fail",
         "synth-above"]


def sh(cmd, cwd=None, timeout=300):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=timeout)
    return p.returncode, p.stdout


def build(src_text, name, work, shared):
    """Build NAME.wasm, NAME.lto.wasm and NAME.inl.wasm as corpus/seam/build.sh does."""
    seam = os.path.join(shared, "corpus", "seam")
    shutil.copy(os.path.join(seam, "seam_common.h"), work)
    with open(os.path.join(work, name + ".c"), "w") as fh:
        fh.write(src_text)
    cflags = ["--target=wasm32", "-O2", "-ffreestanding", "-fno-builtin",
              "-ffile-prefix-map=%s=." % work]
    exports = ["--export=z_" + name]
    for variant, defs, out in (("plain", [], name + ".wasm"), ("lto", ["-DLTO"], name + ".lto.wasm")):
        rc, msg = sh([os.environ.get("CC", "clang")] + cflags + defs +
                     ["-c", name + ".c", "-o", "%s.%s.o" % (name, variant)], cwd=work)
        if rc:
            return "clang: " + msg[-400:]
        rc, msg = sh([os.environ.get("WASM_LD", "wasm-ld"), "--no-entry", "--allow-undefined"] +
                     exports + ["%s.%s.o" % (name, variant), "-o", out], cwd=work)
        if rc:
            return "wasm-ld: " + msg[-400:]
    rc, msg = sh(["wasm-opt", "-g", "-ol", "3", "--inlining", name + ".wasm",
                  "-o", name + ".inl.wasm"], cwd=work)
    return "wasm-opt: " + msg[-400:] if rc else None


def total(tool, path, shared, col):
    rc, out = sh([os.path.join(shared, "tools", tool), path])
    for line in out.splitlines():
        f = line.split()
        if f and f[0] == "TOTAL":
            return [int(x) for x in f[1:1 + col]]
    return None


def evaluate(ch, exe, shared, keep=None, first_only=False):
    """Build and check one case; returns a dict with the measures and 'fails'.
    With first_only, stops at the first failure (what shrinking needs)."""
    name = ch.get("name", "gen_%s" % ch["seed"])
    work = tempfile.mkdtemp(prefix="seamgen-")
    res = {"seed": ch["seed"], "shape": gen.summary(ch), "control": ch["escape"] != "none",
           "fails": [], "detail": []}
    try:
        err = build(gen.render(ch), name, work, shared)
        if err:
            res["fails"].append("build")
            res["detail"].append(err.strip().splitlines()[-1] if err.strip() else err)
            return res
        inl = os.path.join(work, name + ".inl.wasm")
        lto = os.path.join(work, name + ".lto.wasm")
        out = os.path.join(work, name + ".out.wasm")
        rc, msg = sh(list(exe) + [inl, "-o", out, "-q"])
        if rc:
            res["fails"].append("crash")
            res["detail"].append("eqsat-wasm exit %d: %s" % (rc, msg.strip()[-200:]))
            return res
        res["residue_in"] = total("seam-residue", inl, shared, 5)
        r = res["residue"] = total("seam-residue", out, shared, 5)
        lto_res = total("seam-residue", lto, shared, 5)
        lto64 = lto_res[3]
        if ch["escape"] != "none":
            # The escaping u64 keeps its pack, unless LLVM-LTO builds it without
            # one too (every field in the low word: one extend).
            if ch["ret"] == "u64" and r[0] < min(1, lto_res[0]):
                res["fails"].append("control")
                res["detail"].append("escaping u64's pack removed (residue %s)" % r)
        elif r[0] or r[1] or r[2] or r[4] or r[3] > lto64:
            res["fails"].append("residue")
            res["detail"].append("residue (pack unpack carrier i64loc ext) %s, LTO i64loc %d"
                                 % (r, lto64))
        if first_only and res["fails"]:
            return res
        rc, msg = sh([os.path.join(shared, "tools", "diffexec"), inl, out])
        if rc:
            res["fails"].append("differs")
            res["detail"].append("diffexec: " + " ".join(msg.strip().splitlines()[:2])[:200])
            if first_only:
                return res
        res["t2"] = total("t2-estimate", out, shared, 1)[0]
        res["t2_lto"] = total("t2-estimate", lto, shared, 1)[0]
        if res["t2"] > res["t2_lto"]:
            res["fails"].append("above-lto")
            res["detail"].append("t2-estimate %d above LTO %d" % (res["t2"], res["t2_lto"]))
            if first_only:
                return res
        synth = os.path.join(shared, "tools", "synth-count")
        rc, msg = sh([synth, out, "--json"])
        res["synth_ok"] = rc == 0
        if rc == 0:
            res["synth"] = json.loads(msg)["total"]
        else:
            synth_msg = "synth-count exit %d: %s" % (rc, msg.strip()[-160:])
        rc, msg = sh([synth, lto, "--json"])
        res["synth_lto_ok"] = rc == 0
        if not res["synth_ok"]:
            # Where synth declines LLVM-LTO's build too (an i64 argument of an
            # imported call: synth passes one 32-bit register per argument), the
            # program itself is out of synth's reach; reported, not a failure.
            if rc == 0:
                res["fails"].append("synth-fail")
                res["detail"].append(synth_msg)
            else:
                res["synth_both_declined"] = True
        if rc == 0:
            res["synth_lto"] = json.loads(msg)["total"]
            if res["synth_ok"] and res["synth"] > res["synth_lto"]:
                res["fails"].append("synth-above")
                res["detail"].append("synth %d above LTO %d" % (res["synth"], res["synth_lto"]))
        return res
    finally:
        if keep:
            dst = os.path.join(keep, name)
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(work, dst)
        shutil.rmtree(work, ignore_errors=True)


def line(res):
    t2 = "t2 %s/%s" % (res.get("t2", "-"), res.get("t2_lto", "-"))
    sy = "synth %s/%s" % (res.get("synth", "-"), res.get("synth_lto", "-"))
    rs = "residue %s" % " ".join(map(str, res.get("residue") or ["-"]))
    verdict = "ok" if not res["fails"] else "FAIL " + ",".join(res["fails"])
    s = "seed %-8s %-6s %s %s %s  [%s]" % (res["seed"], verdict.split()[0], t2, sy, rs,
                                          res["shape"])
    if res["fails"]:
        s += "\n    " + "; ".join(res["detail"])
    return s


def summarize(results):
    n = len(results)
    if not n:
        return "no cases"
    plain = [r for r in results if not r["control"]]
    built = [r for r in results if "t2" in r]
    clean = sum(1 for r in plain if "residue" not in r["fails"] and "t2" in r)
    ident = sum(1 for r in built if "differs" not in r["fails"])
    synth = sum(1 for r in built if r.get("synth_ok"))
    below = sum(1 for r in built if r["t2"] <= r["t2_lto"])
    ratios = [r["t2"] / r["t2_lto"] for r in built if r["t2_lto"]]
    geo = math.exp(sum(math.log(x) for x in ratios) / len(ratios)) if ratios else float("nan")
    sy_below = [r for r in built if r.get("synth_ok") and "synth_lto" in r]
    both = sum(1 for r in built if r.get("synth_both_declined"))
    pct = lambda a, b: "%.1f%% (%d/%d)" % (100.0 * a / b, a, b) if b else "n/a"
    out = ["cases %d (controls %d), passed %s" % (n, n - len(plain),
                                                  pct(sum(1 for r in results if not r["fails"]), n)),
           "clean (no residue, non-controls): " + pct(clean, len(plain)),
           "identical: " + pct(ident, len(built)),
           "synth compiles: " + pct(synth, len(built)) +
           (", of the rest synth declines LLVM-LTO's build too: %d" % both),
           "at or below LTO (t2-estimate): " + pct(below, len(built)),
           "synth at or below LTO (where synth compiles LTO): " +
           pct(sum(1 for r in sy_below if r["synth"] <= r["synth_lto"]), len(sy_below)),
           "geomean t2 ratio to LTO: %.3f" % geo]
    above = [r for r in built if r["t2"] > r["t2_lto"]]
    for r in above:
        out.append("above LTO: seed %s t2 %d/%d [%s]" % (r["seed"], r["t2"], r["t2_lto"],
                                                        r["shape"]))
    for r in results:
        if r["fails"] and r["fails"] != ["above-lto"]:
            out.append("failed: seed %s %s" % (r["seed"], ",".join(r["fails"])))
    return "\n".join(out)


# ---------------------------------------------------------------- shrinking

def candidates(ch):
    """Smaller or simpler variants of a case's choices, one edit each."""
    for i in range(len(ch["sites"])):
        if len(ch["sites"]) > 1:
            c = copy.deepcopy(ch)
            del c["sites"][i]
            yield c
    for i in range(len(ch["arms"])):
        c = copy.deepcopy(ch)
        del c["arms"][i]
        yield c
    for f in list(ch["fields"]):
        if f["id"] != 0:
            c = copy.deepcopy(ch)
            c["fields"] = [g for g in c["fields"] if g["id"] != f["id"]]
            yield c
    for arm_path in ["default"] + list(range(len(ch["arms"]))):
        arm = ch["default"] if arm_path == "default" else ch["arms"][arm_path]
        for j in range(len(arm["ops"])):
            c = copy.deepcopy(ch)
            a = c["default"] if arm_path == "default" else c["arms"][arm_path]
            del a["ops"][j]
            yield c
        if arm["end"] != "unlock":
            c = copy.deepcopy(ch)
            (c["default"] if arm_path == "default" else c["arms"][arm_path])["end"] = "unlock"
            yield c
        if arm["ret"] != ["lit", 0]:
            c = copy.deepcopy(ch)
            (c["default"] if arm_path == "default" else c["arms"][arm_path])["ret"] = ["lit", 0]
            yield c
    for key, simple in (("loop", False), ("prefill", False), ("sync_before_dispatch", False),
                        ("decide", "returns"), ("dispatch", "if"), ("extract", "inline"),
                        ("escape", "none")):
        if ch[key] != simple:
            c = copy.deepcopy(ch)
            c[key] = simple
            yield c
    for si, s in enumerate(ch["sites"]):
        for fid, v in s["values"].items():
            if v != ["lit", 0]:
                c = copy.deepcopy(ch)
                c["sites"][si]["values"][fid] = ["lit", 0]
                yield c
    for fi, f in enumerate(ch["fields"]):
        if f.get("signed"):
            c = copy.deepcopy(ch)
            c["fields"][fi]["signed"] = False
            yield c


def shrink(ch, kind, exe, shared, budget=80):
    """Greedy: apply any one-edit simplification that keeps failure `kind`."""
    best, tries, progress = ch, 0, True
    while progress and tries < budget:
        progress = False
        for c in candidates(best):
            tries += 1
            r = evaluate(c, exe, shared, first_only=True)
            if r["fails"] and r["fails"][0] == kind:
                best, progress = c, True
                break
            if tries >= budget:
                break
    return best


def write_regression(ch, kind, detail, regress_dir):
    ch = copy.deepcopy(ch)
    ch["name"] = "gen_%s" % ch["seed"]
    os.makedirs(regress_dir, exist_ok=True)
    path = os.path.join(regress_dir, ch["name"] + ".c")
    text = gen.render(ch)
    text = text.replace("/* Generated by", "/* Shrunk regression case (%s: %s).\n * Generated by"
                        % (kind, detail.replace("*/", "* /")), 1)
    with open(path, "w") as fh:
        fh.write(text)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seeds", nargs="*", type=int)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--count", type=int, default=30)
    ap.add_argument("--seeds-file")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--exe", default=os.path.join(REPO, "build", "eqsat-wasm"))
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared"))
    ap.add_argument("--keep")
    ap.add_argument("--shrink", action="store_true")
    ap.add_argument("--regress-dir", default=os.path.join(REPO, "tests", "seam", "gen", "open"))
    ap.add_argument("--json")
    ap.add_argument("--eqsat-args", default="",
                    help="more options for eqsat-wasm, one string (e.g. '--readonly-data')")
    a = ap.parse_args()
    a.exe = [a.exe] + shlex.split(a.eqsat_args)
    shared = os.path.abspath(a.shared)
    for tool in ("seam-residue", "diffexec", "t2-estimate", "synth-count"):
        if not os.access(os.path.join(shared, "tools", tool), os.X_OK):
            print("SKIP: %s/tools/%s not present" % (shared, tool))
            return 77
    if not os.path.isfile(os.path.join(shared, "corpus", "seam", "seam_common.h")):
        print("SKIP: %s/corpus/seam not present" % shared)
        return 77
    for t in (os.environ.get("CC", "clang"), os.environ.get("WASM_LD", "wasm-ld"), "wasm-opt"):
        if not shutil.which(t):
            print("SKIP: %s not found" % t)
            return 77
    if a.seeds_file:
        with open(a.seeds_file) as fh:
            seeds = [int(w) for l in fh for w in l.split("#")[0].split()]
    elif a.seeds:
        seeds = a.seeds
    else:
        base = a.seed if a.seed is not None else 1
        seeds = list(range(base, base + a.count))
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        futs = [pool.submit(evaluate, gen.choose(s), a.exe, shared, a.keep) for s in seeds]
        for f in futs:
            r = f.result()
            results.append(r)
            print(line(r), flush=True)
    print(summarize(results))
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(results, fh, indent=1)
    if a.shrink:
        for r in results:
            if r["fails"]:
                kind = r["fails"][0]
                small = shrink(gen.choose(r["seed"]), kind, a.exe, shared)
                rr = evaluate(small, a.exe, shared)
                path = write_regression(small, kind, "; ".join(rr["detail"]), a.regress_dir)
                print("shrunk seed %s (%s) -> %s: %s" % (r["seed"], kind, path, rr["shape"]))
    return 0 if all(not r["fails"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
