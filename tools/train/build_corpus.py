"""Corpus builder for the embedded models (tiny-gpt-es-en, tiny-bert-es-en): Spanish prose, English prose, code.

Owns: collecting text that is available offline, the balance between languages, the deterministic
by-document train/valid/test split, the everyday held-out split and the corpus manifest.

Sources
  * code: TypeScript/JavaScript sources and .d.ts files from packages under node_modules (the
    repository's own, plus any installed into tools/train/work/extra) whose package.json names a
    permissive license.
  * English prose: the Node.js documentation in /usr/share/doc/nodejs (MIT), without the release
    changelogs, its Markdown cleaned to prose paragraphs (code blocks and tables dropped).
  * Spanish and English prose: Debian's documentation packages listed in sources.py (setup.sh installs
    them), cleaned to prose paragraphs by prose.py; each source's license is in the manifest, with a
    copyleft flag where it is one.
  * everyday: heldout/everyday_{es,en}.txt, paragraphs written for this repository, one document each;
    never in train/valid/test.

Balance: training characters are brought to about es 40 %, en 35 %, code 25 % by keeping whole
documents of the larger languages in sha1(path) order; test/valid are the same 4 %/2 % of whole
documents (by sha1(path)) in every language.

Writes  work/corpus/{train,valid,test,everyday}.jsonl  (one {"src","path","lang","text"} per document)
        work/corpus/manifest.json  (sources with package, version, license, lang, files, bytes; shares)

Example: /usr/bin/python3 tools/train/build_corpus.py --out tools/train/work/corpus
"""
import argparse
import hashlib
import json
import os
import re

import prose
import sources

PERMISSIVE = {"MIT", "ISC", "APACHE-2.0", "BSD-2-CLAUSE", "BSD-3-CLAUSE", "0BSD",
              "CC0-1.0", "UNLICENSE", "BLUEOAK-1.0.0", "PYTHON-2.0"}
CODE_EXT = (".ts", ".mts", ".cts", ".tsx", ".js", ".mjs", ".cjs", ".jsx")
MAX_FILE = 400_000       # bytes; larger files are bundles, not hand-written code
MAX_PACKAGE = 2_500_000  # bytes per package so one package cannot dominate
TEST_PCT, VALID_PCT = 4, 2
SHARE = {"es": 0.40, "en": 0.35, "code": 0.25}  # of training characters
HELDOUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout")


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


def collect_code(roots, seen, docs, manifest):
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
                docs.append({"src": name, "path": rel, "lang": "code", "text": text})
                used += len(raw)
                count += 1
            if count:
                key = (name, meta.get("version", "?"))
                entry = manifest.setdefault(key, {"id": name, "package": name, "version": meta.get("version", "?"),
                                                  "license": lic, "copyleft": False, "lang": "code", "files": 0,
                                                  "bytes": 0, "from": "node_modules"})
                entry["files"] += count
                entry["bytes"] += used


def collect_node_docs(doc_root, seen, docs, manifest):
    """The Node.js API and contributor documentation (MIT) as English prose: Markdown cleaned by prose.py."""
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
            text = open(os.path.join(dirpath, fn), encoding="utf-8", errors="replace").read()
            paras = prose.clean_paragraphs(prose.md_to_text(text), "en", seen)
            rel = "nodejs-doc/" + os.path.relpath(os.path.join(dirpath, fn), base)
            for k, part in enumerate(sources.chunks(paras)):
                body = "\n\n".join(part)
                if len(body) >= 200:
                    docs.append({"src": "nodejs-doc", "path": rel if k == 0 else f"{rel}#{k}", "lang": "en",
                                 "text": body})
                    used += len(body.encode("utf-8"))
            count += 1
    version = os.popen("dpkg-query -W -f='${Version}' nodejs 2>/dev/null").read() or "?"
    manifest[("nodejs-doc", version)] = {"id": "nodejs-doc", "package": "nodejs (/usr/share/doc/nodejs)",
                                         "version": version, "license": "MIT", "copyleft": False, "lang": "en",
                                         "files": count, "bytes": used, "from": "the installed nodejs package"}


def collect_debian(seen, docs, manifest):
    versions = sources.installed()
    for src in sources.SOURCES:
        sid, package, lang, _, _, lic, copyleft = src
        if package not in versions:
            print(f"  {sid}: package {package} is not unpacked (bash tools/train/setup.sh), skipped")
            continue
        got = list(sources.read_source(src, seen))
        docs.extend(got)
        manifest[(sid, versions[package])] = {
            "id": sid, "package": package, "version": versions[package], "license": lic, "copyleft": copyleft,
            "lang": lang, "files": len({d["path"].split("#")[0] for d in got}),
            "bytes": sum(len(d["text"].encode("utf-8")) for d in got), "from": "Debian"}


def everyday():
    """The held-out everyday prose: one document per paragraph of heldout/everyday_{lang}.txt."""
    docs = []
    for lang in ("es", "en"):
        name = f"everyday_{lang}.txt"
        text = open(os.path.join(HELDOUT, name), encoding="utf-8").read()
        body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("#"))
        for n, p in enumerate(prose.paragraphs(body)):
            docs.append({"src": "heldout", "path": f"heldout/{name}#{n}", "lang": lang, "text": p})
    return docs


def balance(docs, max_chars):
    """Whole documents kept per language, in sha1(path) order, so that es:en:code ~ SHARE (and <= max_chars)."""
    by_lang = {lang: sorted((d for d in docs if d["lang"] == lang),
                            key=lambda d: hashlib.sha1(d["path"].encode()).hexdigest()) for lang in SHARE}
    size = {lang: sum(len(d["text"]) for d in ds) for lang, ds in by_lang.items()}
    # The largest total that every language can fill at its share.
    total = min([max_chars] + [size[lang] / share for lang, share in SHARE.items() if size[lang]])
    kept = []
    for lang, ds in by_lang.items():
        budget, used = total * SHARE[lang], 0
        for d in ds:
            if used >= budget:
                break
            kept.append(d)
            used += len(d["text"])
    return kept


def write(out_dir, splits, manifest):
    for split, docs in splits.items():
        with open(os.path.join(out_dir, f"{split}.jsonl"), "w", encoding="utf-8") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        chars = {lang: sum(len(d["text"]) for d in docs if d["lang"] == lang) for lang in SHARE}
        print(f"{split}: {len(docs)} documents, {sum(chars.values()) / 1e6:.2f} M chars "
              + " ".join(f"{lang} {c / 1e6:.2f} M" for lang, c in chars.items()))
    train_chars = {}
    for d in splits["train"]:
        train_chars[d["src"]] = train_chars.get(d["src"], 0) + len(d["text"])
    rows = sorted(manifest.values(), key=lambda r: (r["lang"], -r["bytes"]))
    for r in rows:  # a package found in two versions: its characters go to the first row
        r["chars_train"] = train_chars.pop(r["id"], 0)
    total = sum(len(d["text"]) for d in splits["train"]) or 1
    share = {lang: round(sum(len(d["text"]) for d in splits["train"] if d["lang"] == lang) / total, 4)
             for lang in SHARE}
    copyleft = sorted(r["id"] for r in rows if r["copyleft"] and r["chars_train"])
    json.dump({"sources": rows, "train_share": share, "target_share": SHARE, "copyleft_sources": copyleft,
               "split": {"test_pct": TEST_PCT, "valid_pct": VALID_PCT, "by": "sha1(document path)",
                         "everyday": "tools/train/heldout (authored for this repository)"},
               "chars": {k: sum(len(d["text"]) for d in v) for k, v in splits.items()}},
              open(os.path.join(out_dir, "manifest.json"), "w"), indent=1, ensure_ascii=False)
    print(f"{len(rows)} sources; training share {share}; copyleft sources in training: {', '.join(copyleft)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="tools/train/work/corpus")
    ap.add_argument("--roots", nargs="*", default=["node_modules", "tools/train/work/extra/node_modules"])
    ap.add_argument("--doc-root", default="/usr/share/doc")
    ap.add_argument("--max-chars", type=int, default=40_000_000, help="cap on the balanced corpus")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    docs, manifest, seen, seen_paragraphs = [], {}, set(), set()
    collect_code(args.roots, seen, docs, manifest)
    collect_node_docs(args.doc_root, seen_paragraphs, docs, manifest)
    collect_debian(seen_paragraphs, docs, manifest)
    splits = {"train": [], "valid": [], "test": []}
    for d in balance(docs, args.max_chars):
        splits[split_of(d["path"])].append(d)
    splits["everyday"] = everyday()
    write(args.out, splits, manifest)


if __name__ == "__main__":
    main()
