#!/usr/bin/env python3
"""Checks every dependency's licence (from `cargo metadata` on stdin) against
an allow-list of licences compatible with Vigie's EUPL-1.2."""
import json
import re
import sys

ALLOWED = {
    "MIT", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSD-2-Clause", "BSD-3-Clause",
    "ISC", "Zlib", "Unicode-3.0", "Unicode-DFS-2016", "Unlicense", "CC0-1.0",
    "MPL-2.0", "BSL-1.0", "EUPL-1.2", "0BSD",
}


def allowed(expr: str) -> bool:
    """Evaluates an SPDX expression: OR needs one side allowed, AND both."""
    expr = expr.replace("/", " OR ")
    tokens = re.findall(r"\(|\)|[A-Za-z0-9.\-+]+(?: WITH [A-Za-z0-9.\-+]+)?", expr)
    pos = 0

    def parse_or():
        nonlocal pos
        value = parse_and()
        while pos < len(tokens) and tokens[pos] == "OR":
            pos += 1
            value = parse_and() or value
        return value

    def parse_and():
        nonlocal pos
        value = parse_atom()
        while pos < len(tokens) and tokens[pos] == "AND":
            pos += 1
            value = parse_atom() and value
        return value

    def parse_atom():
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        if tok == "(":
            value = parse_or()
            pos += 1  # ")"
            return value
        return tok in ALLOWED

    return parse_or()


def main() -> int:
    meta = json.load(sys.stdin)
    workspace = set(meta.get("workspace_members", []))
    bad = []
    for pkg in meta["packages"]:
        if pkg["id"] in workspace:
            continue
        lic = pkg.get("license")
        if not lic or not allowed(lic):
            bad.append(f"{pkg['name']} {pkg['version']}: {lic or 'no licence declared'}")
    if bad:
        print("dependencies with a licence outside the allow-list:", *bad, sep="\n  ")
        return 1
    print(f"{len(meta['packages']) - len(workspace)} dependencies, all licences allowed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
