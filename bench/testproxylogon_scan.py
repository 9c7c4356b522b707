#!/usr/bin/env python3
"""Straightforward CSV scan applying Test-ProxyLogon's CVE-2021-26855 condition (the peer in the log hunt benchmark).

For every *.log file under the given folders (recursively, case-insensitive extension), read it with the csv module
(first line = header, as Import-Csv does) and count rows where, case-insensitively,
    AnchorMailbox -like 'ServerInfo~*/*'
    -and AnchorMailbox -notlike 'ServerInfo~*/autodiscover*'
    -and AnchorMailbox -notlike 'ServerInfo~localhost*/*'
(Test-ProxyLogon.ps1 HEAD, Get-Cve26855). Prints "files=<n> rows=<n> hits=<n>".
"""
import csv
import os
import sys


def matches(anchor):
    a = anchor.lower()
    if not a.startswith("serverinfo~"):
        return False
    rest = a[len("serverinfo~"):]
    if "/" not in rest:
        return False
    if "/autodiscover" in rest:
        return False
    if rest.startswith("localhost") and "/" in rest[len("localhost"):]:
        return False
    return True


def main(roots):
    files = rows = hits = 0
    csv.field_size_limit(1 << 24)
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                if not name.lower().endswith(".log"):
                    continue
                files += 1
                with open(os.path.join(folder, name), newline="", encoding="utf-8-sig", errors="replace") as f:
                    for row in csv.DictReader(f):
                        rows += 1
                        anchor = row.get("AnchorMailbox")
                        if anchor and matches(anchor):
                            hits += 1
    print(f"files={files} rows={rows} hits={hits}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["."])
