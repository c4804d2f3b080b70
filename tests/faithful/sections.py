#!/usr/bin/env python3
"""sections.py add IN OUT | names IN | list IN

add:   IN with custom sections around its own: an unknown one after the type
       section; producers, target_features (+mutable-globals, +sign-ext) and a
       .debug_info at the end.
names: the name section's subsections 0 and 1 (module and function names) as hex.
list:  the ids and custom names of IN's sections, one per line."""
import sys


def leb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_leb(b, i):
    v = shift = 0
    while True:
        x = b[i]
        i += 1
        v |= (x & 0x7F) << shift
        shift += 7
        if not x & 0x80:
            return v, i


def sections(b):
    i, out = 8, []
    while i < len(b):
        sid = b[i]
        size, p = read_leb(b, i + 1)
        name = None
        if sid == 0:
            n, q = read_leb(b, p)
            name = b[q:q + n].decode("utf-8", "replace")
        out.append((sid, name, i, p, p + size))
        i = p + size
    return out


def custom(name, payload):
    body = leb(len(name)) + name.encode() + payload
    return b"\0" + leb(len(body)) + body


def name_str(s):
    return leb(len(s)) + s.encode()


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    b = open(path, "rb").read()
    secs = sections(b)
    if cmd == "list":
        for sid, name, *_ in secs:
            print(sid if name is None else "0 " + name)
    elif cmd == "names":
        for sid, name, start, p, end in secs:
            if name != "name":
                continue
            _, q = read_leb(b, p)
            q += 4
            while q < end:
                sub = b[q]
                size, r = read_leb(b, q + 1)
                if sub in (0, 1):
                    print(sub, b[r:r + size].hex())
                q = r + size
    elif cmd == "add":
        out = bytearray(b[:8])
        for sid, name, start, p, end in secs:
            out += b[start:end]
            if sid == 1:
                out += custom("my.unknown-metadata", b"\x01\x02\x03 opaque")
        out += custom("producers", b"\x01" + name_str("processed-by") + b"\x01" + name_str("clang") + name_str("17"))
        out += custom("target_features", b"\x02" + b"+" + name_str("mutable-globals") + b"+" + name_str("sign-ext"))
        out += custom(".debug_info", b"\x00" * 12)
        open(sys.argv[3], "wb").write(out)


if __name__ == "__main__":
    main()
