"""Corpus builder for the embedded models (tiny-code-gpt, tiny-code-bert).

Owns: collecting permissively licensed text that is available offline, the
deterministic by-file train/valid/test split, and the corpus manifest.

Sources
  * TypeScript/JavaScript sources and .d.ts files from packages under
    node_modules (the repository's own, plus any installed into
    tools/train/work/extra) whose package.json names a permissive license.
  * English prose (with embedded JS snippets): the Node.js API and contributor
    documentation shipped in /usr/share/doc/nodejs (MIT), without the release changelogs.

Writes  work/corpus/{train,valid,test}.jsonl  (one {"src","path","text"} per file)
        work/corpus/manifest.json            (package, version, license, files, bytes)

Example: /usr/bin/python3 tools/train/build_corpus.py --out tools/train/work/corpus
"""
import argparse
import hashlib
import json
import os
import re

PERMISSIVE = {"MIT", "ISC", "APACHE-2.0", "BSD-2-CLAUSE", "BSD-3-CLAUSE", "0BSD",
              "CC0-1.0", "UNLICENSE", "BLUEOAK-1.0.0", "PYTHON-2.0"}
CODE_EXT = (".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx")
MAX_FILE = 400_000       # bytes; larger files are bundles, not hand-written code
MAX_PACKAGE = 2_500_000  # bytes per package so one package cannot dominate
TEST_PCT, VALID_PCT = 4, 2


def license_of(meta):
    lic = meta.get("license") or meta.get("licenses")
    if isinstance(lic, list):
        lic = " OR ".join(x.get("type", "") if isinstance(x, dict) else str(x) for x in lic)
    if isinstance(lic, dict):
        lic = lic.get("type", "")
    return str(lic or "")


def is_permissive(lic):
    parts = re.split(r"\s+(?:OR|AND)\s+|[()]", lic.upper())
    parts = [p.strip() for p in parts if p.strip()]
    return bool(parts) and all(p in PERMISSIVE for p in parts)


def looks_generated(text):
    lines = text.split("\n")
    if not lines:
        return True
    long_lines = sum(1 for ln in lines if len(ln) > 300)
    return long_lines > 2 or len(text) / max(1, len(lines)) > 120 or "sourceMappingURL=data:" in text


def split_of(key):
    h = int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 100
    return "test" if h < TEST_PCT else "valid" if h < TEST_PCT + VALID_PCT else "train"


def find_packages(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "package.json" in filenames and os.path.basename(os.path.dirname(dirpath)) in ("node_modules",) \
                or "package.json" in filenames and os.path.basename(os.path.dirname(os.path.dirname(dirpath))) == "node_modules" \
                and os.path.basename(os.path.dirname(dirpath)).startswith("@"):
            yield dirpath


def package_files(pkg_dir):
    for dirpath, dirnames, filenames in os.walk(pkg_dir):
        dirnames[:] = sorted(d for d in dirnames if d not in ("node_modules", "test", "tests", "__tests__"))
        for fn in sorted(filenames):
            if fn.endswith(CODE_EXT) and not fn.endswith((".min.js", ".min.mjs")):
                yield os.path.join(dirpath, fn)


def collect_code(roots, seen, out, manifest):
    for root in roots:
        if not os.path.isdir(root):
            continue
        for pkg_dir in sorted(set(find_packages(root))):
            try:
                meta = json.load(open(os.path.join(pkg_dir, "package.json"), encoding="utf-8"))
            except (OSError, ValueError):
                continue
            name, lic = meta.get("name"), license_of(meta)
            if not name or not is_permissive(lic):
                continue
            used, count = 0, 0
            for path in package_files(pkg_dir):
                try:
                    raw = open(path, "rb").read()
                except OSError:
                    continue
                if len(raw) > MAX_FILE or len(raw) < 200 or used + len(raw) > MAX_PACKAGE:
                    continue
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    continue
                digest = hashlib.sha1(raw).hexdigest()
                if digest in seen or looks_generated(text):
                    continue
                seen.add(digest)
                rel = f"{name}/{os.path.relpath(path, pkg_dir)}"
                out[split_of(rel)].append({"src": name, "path": rel, "text": text})
                used += len(raw)
                count += 1
            if count:
                key = (name, meta.get("version", "?"))
                entry = manifest.setdefault(key, {"package": name, "version": meta.get("version", "?"),
                                                  "license": lic, "files": 0, "bytes": 0, "kind": "code"})
                entry["files"] += count
                entry["bytes"] += used


def collect_prose(doc_root, seen, out, manifest):
    base = os.path.join(doc_root, "nodejs")
    if not os.path.isdir(base):
        return
    count, used = 0, 0
    for dirpath, dirnames, filenames in os.walk(base):
        # Release changelogs are lists of commit titles, hashes and handles, not prose.
        dirnames[:] = sorted(d for d in dirnames if d != "changelogs")
        for fn in sorted(filenames):
            if not fn.endswith(".md") or fn in ("CHANGELOG.md",):
                continue
            raw = open(os.path.join(dirpath, fn), "rb").read()
            digest = hashlib.sha1(raw).hexdigest()
            if digest in seen:
                continue
            seen.add(digest)
            text = re.sub(r"<!--.*?-->\n?", "", raw.decode("utf-8", "replace"), flags=re.S)
            rel = "nodejs-doc/" + os.path.relpath(os.path.join(dirpath, fn), base)
            out[split_of(rel)].append({"src": "nodejs-doc", "path": rel, "text": text})
            count, used = count + 1, used + len(raw)
    version = "?"
    try:
        version = os.popen("dpkg-query -W -f='${Version}' nodejs 2>/dev/null").read() or "?"
    except OSError:
        pass
    manifest[("nodejs-doc", version)] = {"package": "nodejs documentation (/usr/share/doc/nodejs)", "version": version,
                                         "license": "MIT", "files": count, "bytes": used, "kind": "prose"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="tools/train/work/corpus")
    ap.add_argument("--roots", nargs="*", default=["node_modules", "tools/train/work/extra/node_modules"])
    ap.add_argument("--doc-root", default="/usr/share/doc")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    out, manifest, seen = {"train": [], "valid": [], "test": []}, {}, set()
    collect_code(args.roots, seen, out, manifest)
    collect_prose(args.doc_root, seen, out, manifest)
    for split, docs in out.items():
        with open(os.path.join(args.out, f"{split}.jsonl"), "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d) + "\n")
        print(f"{split}: {len(docs)} files, {sum(len(d['text']) for d in docs) / 1e6:.2f} M chars")
    rows = sorted(manifest.values(), key=lambda r: -r["bytes"])
    json.dump({"packages": rows, "split": {"test_pct": TEST_PCT, "valid_pct": VALID_PCT, "by": "sha1(path)"}},
              open(os.path.join(args.out, "manifest.json"), "w"), indent=1)
    licenses = {}
    for r in rows:
        licenses[r["license"]] = licenses.get(r["license"], 0) + r["bytes"]
    print(f"{len(rows)} sources; bytes by license: {licenses}")


if __name__ == "__main__":
    main()
