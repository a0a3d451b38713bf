#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The layout rules of docs/HACKING.md, checked on the sources and the
built objects:

  1. includes only point down the layers: src/core and src/accel (pure,
     include/budge only) -> src/io -> src/idle -> src/daemon -> src/cli;
     src/cli includes no src/daemon header at all (the coach's entry point
     is include/budge/coach.h);
  2. sqlite3.h only in the store (src/io/store*.c, store-internal.h);
  3. no circles between object files: no two files use each other's
     symbols, directly or around a ring (nm on the built objects);
  4. no function in src/ is longer than MAX_FUNCTION_LINES.

  check-layers.py SOURCE_ROOT BUILD_ROOT
It first checks its own checks on small cases with known answers.
"""
import os
import re
import subprocess
import sys

RANK = {"core": 0, "accel": 0, "io": 1, "idle": 2, "daemon": 3, "cli": 4}
# generated at build time (build dir) or by data/meson.build
GENERATED = {"budge-build-config.h", "builtin-data.h", "ext-idle-notify-v1-client-protocol.h"}
MAX_FUNCTION_LINES = 120
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def sources(src):
    for folder in sorted(os.listdir(src)):
        d = os.path.join(src, folder)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith((".c", ".h")):
                yield folder, name, os.path.join(d, name)


def include_problems(src):
    where = {}
    for folder, name, _ in sources(src):
        where.setdefault(name, folder)
    bad = []
    for folder, name, path in sources(src):
        if folder not in RANK:
            bad.append(f"{path}: folder src/{folder} is not a known layer")
            continue
        text = open(path, encoding="utf-8").read()
        for kind, inc in INCLUDE.findall(text):
            here = f"{folder}/{name}"
            if inc == "sqlite3.h" and not (folder == "io" and name.startswith("store")):
                bad.append(f"src/{here}: includes sqlite3.h outside the store")
            if kind == "<" or inc.startswith("budge/") or inc in GENERATED:
                continue
            if os.path.exists(os.path.join(src, folder, inc)):
                continue
            other = where.get(inc)
            if other is None:
                bad.append(f"src/{here}: \"{inc}\" is in no src/ folder")
            elif RANK[folder] == 0 or RANK[other] >= RANK[folder]:
                bad.append(f"src/{here}: includes src/{other}/{inc}, which is not below it")
            elif other == "daemon" and folder == "cli":
                bad.append(f"src/{here}: includes the daemon's {inc} (the CLI sees only "
                           "include/budge/coach.h and coach-bus.h)")
    return bad


def symbol_rings(objects):
    """objects: {name: nm output}. Returns the rings (strongly connected
    components of more than one object) of 'uses a symbol defined by'."""
    defined, used = {}, {}
    for obj, out in objects.items():
        for line in out.splitlines():
            f = line.split()
            if len(f) == 2 and f[0] == "U":
                used.setdefault(obj, set()).add(f[1])
            elif len(f) == 3 and f[1] in "TDBRVW":
                defined[f[2]] = obj
    graph = {o: {defined[s] for s in used.get(o, ()) if s in defined and defined[s] != o}
             for o in objects}
    index, low, stack, on, rings, n = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            ring = []
            while True:
                w = stack.pop()
                on.discard(w)
                ring.append(w)
                if w == v:
                    break
            if len(ring) > 1:
                rings.append(sorted(ring))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return rings


def built_objects(src, build):
    """{"folder/file.c": nm output} for every source of src/ whose object
    is in the build (the libraries' and the budge executable's)."""
    objs = {}
    for folder in RANK:
        target = "budge.p" if folder == "cli" else f"libbudge-{folder}.a.p"
        for name in sorted(os.listdir(os.path.join(src, folder))):
            o = os.path.join(build, "src", folder, target, name + ".o")
            if name.endswith(".c") and os.path.exists(o):
                objs[f"{folder}/{name}"] = subprocess.run(
                    ["nm", o], capture_output=True, text=True, check=True).stdout
    return objs


def long_functions(src):
    bad = []
    for folder, name, path in sources(src):
        lines = open(path, encoding="utf-8").read().split("\n")
        start = None
        for i, line in enumerate(lines):
            if line == "{" and start is None:
                j = i
                while j > 0 and lines[j - 1].strip() and not lines[j - 1].startswith(
                        ("}", "#", "/*", " *")) and not lines[j - 1].rstrip().endswith(";"):
                    j -= 1
                start = j
            elif line == "}" and start is not None:
                sig = " ".join(lines[start:start + 3])
                m = re.search(r"(\w+)\s*\(", sig)
                if m and "=" not in sig.split("(")[0] and i - start + 1 > MAX_FUNCTION_LINES:
                    bad.append(f"src/{folder}/{name}:{start + 1}: {m.group(1)} is "
                               f"{i - start + 1} lines (at most {MAX_FUNCTION_LINES})")
                start = None
    return bad


def self_test():
    ok = True
    ring = symbol_rings({"a": "U f\n0 T g\n", "b": "U g\n0 T f\n", "c": "U f\n"})
    if ring != [["a", "b"]]:
        print(f"self-test: ring a<->b not found: {ring}")
        ok = False
    if symbol_rings({"a": "U f\n", "b": "0 T f\nU h\n", "c": "0 T h\n"}):
        print("self-test: a chain taken for a ring")
        ok = False
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "core"))
        body = "\n".join("\tx++;" for _ in range(MAX_FUNCTION_LINES))
        with open(os.path.join(tmp, "core", "f.c"), "w") as f:
            f.write(f"static int x;\n\nvoid short_one(void)\n{{\n\tx++;\n}}\n\n"
                    f"void long_one(void)\n{{\n{body}\n}}\n")
        found = long_functions(tmp)
        if len(found) != 1 or "long_one" not in found[0]:
            print(f"self-test: the {MAX_FUNCTION_LINES + 3}-line function not found alone: {found}")
            ok = False
    return ok


def main():
    src = os.path.join(sys.argv[1], "src")
    build = sys.argv[2]
    if not self_test():
        return 1
    bad = include_problems(src)
    objs = built_objects(src, build)
    if len(objs) < 40:
        bad.append(f"only {len(objs)} objects found under {build}: build first")
    for ring in symbol_rings(objs):
        bad.append("a circle between objects: " + " <-> ".join(ring))
    bad += long_functions(src)
    for b in bad:
        print("FAIL:", b)
    print(f"{len(objs)} objects, {sum(1 for _ in sources(src))} source files checked")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
