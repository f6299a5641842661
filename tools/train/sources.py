"""Prose sources of the training corpus: Debian packages with Spanish and English text.

Owns: which Debian packages are read, which of their files, in which format, their language and license
(SPDX-ish, from each package's usr/share/doc/<package>/copyright), and the reading of each file into
documents {"src", "path", "lang", "text"} of clean prose paragraphs. The packages are not installed:
setup.sh downloads each .deb (`apt-get download`, no dependencies pulled in) and unpacks it into
work/debs/<package>/ with its version in work/debs/<package>.version.
Formats: man pages, HTML manuals (and GNOME's Mallard help pages, read as HTML), fortune files, and
gettext catalogues (.mo) of two GPL games whose texts are narrative and dialogue (Wesnoth's campaigns,
Freeciv's nation histories and help): the Spanish catalogue gives Spanish (msgstr) and, as a separate
source, English (its msgid originals).
Large single-page manuals are cut into parts of about CHUNK characters at paragraph breaks so that
held-out documents are of a similar size everywhere; a fortune or a catalogue message is one document.

Example: /usr/bin/python3 tools/train/sources.py --packages     # the packages setup.sh fetches
"""
import gettext
import gzip
import os
import re
import sys

import prose

CHUNK = 40_000
# (source id, Debian package, lang, format, file pattern among the package's files, license, copyleft)
SOURCES = [
    ("manpages-es", "manpages-es", "es", "man", r"/man/es/man[1-8]/[^/]+\.gz$", "GPL-3.0-or-later", True),
    ("manpages", "manpages", "en", "man", r"/man/man[1578]/[^/]+\.gz$",
     "Linux-man-pages-copyleft AND GPL-2.0-or-later", True),
    ("debian-reference-es", "debian-reference-es", "es", "html", r"\.es\.html$", "GPL-2.0-or-later", True),
    ("debian-reference-en", "debian-reference-en", "en", "html", r"\.en\.html$", "GPL-2.0-or-later", True),
    ("maint-guide-es", "maint-guide-es", "es", "html", r"\.es\.html$", "MIT", False),
    ("maint-guide", "maint-guide", "en", "html", r"\.en\.html$", "MIT", False),
    ("debian-handbook-es", "debian-handbook", "es", "html", r"/html/es-ES/[^/]+\.html$",
     "CC-BY-SA-3.0 OR GPL-2.0-or-later", True),
    ("debian-handbook-en", "debian-handbook", "en", "html", r"/html/en-US/[^/]+\.html$",
     "CC-BY-SA-3.0 OR GPL-2.0-or-later", True),
    ("gimp-help-es", "gimp-help-es", "es", "html", r"/help/es/.+\.html$", "GFDL-1.2-or-later (no invariants)", True),
    ("gimp-help-en", "gimp-help-en", "en", "html", r"/help/en/.+\.html$", "GFDL-1.2-or-later (no invariants)", True),
    ("kicad-doc-es", "kicad-doc-es", "es", "html", r"/help/es/[^/]+\.html$", "GPL-3.0-or-later", True),
    ("kicad-doc-en", "kicad-doc-en", "en", "html", r"/help/en/[^/]+\.html$", "GPL-3.0-or-later", True),
    ("freedombox-doc-es", "freedombox-doc-es", "es", "html", r"/manual/es/[^/]+\.html$", "CC-BY-SA-4.0", True),
    ("freedombox-doc-en", "freedombox-doc-en", "en", "html", r"/manual/en/[^/]+\.html$", "CC-BY-SA-4.0", True),
    ("debian-edu-doc-es", "debian-edu-doc-es", "es", "html", r"bookworm-manual\.html$", "GPL-2.0-or-later", True),
    ("debian-edu-doc-en", "debian-edu-doc-en", "en", "html", r"bookworm-manual\.html$", "GPL-2.0-or-later", True),
    ("aptitude-doc-es", "aptitude-doc-es", "es", "html", r"/html/es/[^/]+\.html$", "GPL-2.0-or-later", True),
    ("aptitude-doc-en", "aptitude-doc-en", "en", "html", r"/html/en/[^/]+\.html$", "GPL-2.0-or-later", True),
    ("libreoffice-help-es", "libreoffice-help-es", "es", "html", r"/help/es/text/.+\.html$", "MPL-2.0", True),
    ("gnome-help-es", "gnome-user-docs", "es", "html", r"/help/es/gnome-help/[^/]+\.page$", "CC-BY-SA-3.0", True),
    ("gnome-help-en", "gnome-user-docs", "en", "html", r"/help/C/gnome-help/[^/]+\.page$", "CC-BY-SA-3.0", True),
    ("installation-guide-es", "installation-guide-amd64", "es", "html", r"/installation-guide-amd64/es/[^/]+\.html$",
     "GPL-2.0-only", True),
    ("installation-guide-en", "installation-guide-amd64", "en", "html", r"/installation-guide-amd64/en/[^/]+\.html$",
     "GPL-2.0-only", True),
    ("fortunes-es", "fortunes-es", "es", "fortune", r"/fortunes/es/[^/.]+\.fortunes$", "GPL-2.0-or-later", True),
    ("fortunes", "fortunes", "en", "fortune", r"/fortunes/[^/.]+$", "BSD-4-Clause (fortune-mod)", False),
    ("freeciv-es", "freeciv-data", "es", "mo", r"/locale/es/LC_MESSAGES/freeciv-(core|nations)\.mo$",
     "GPL-2.0-or-later", True),
    ("freeciv-en", "freeciv-data", "en", "mo-msgid", r"/locale/es/LC_MESSAGES/freeciv-(core|nations)\.mo$",
     "GPL-2.0-or-later", True),
]
WESNOTH = ["httt", "tsg", "l", "sof", "did", "ei", "low", "nr", "thot", "trow", "utbs", "sota", "dw", "dm", "ttb",
           "sotbe"]
for _c in WESNOTH:
    for _lang, _fmt in (("es", "mo"), ("en", "mo-msgid")):
        SOURCES.append((f"wesnoth-{_c}-{_lang}", f"wesnoth-1.16-{_c}", _lang, _fmt,
                        r"/locale/es/LC_MESSAGES/[^/]+\.mo$", "GPL-2.0-or-later", True))
PACKAGES = sorted({s[1] for s in SOURCES})


DEBS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "work", "debs")


def installed(root=DEBS):
    """{package: version} of the SOURCES packages unpacked under `root` (by setup.sh)."""
    out = {}
    for p in PACKAGES:
        try:
            out[p] = open(os.path.join(root, f"{p}.version")).read().strip()
        except OSError:
            pass
    return out


def package_files(package, pattern, root=DEBS):
    pat, base = re.compile(pattern), os.path.join(root, package)
    found = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for fn in filenames:
            path = os.path.join(dirpath, fn)
            if pat.search(path[len(base):]) and os.path.isfile(path):
                found.append(path)
    return sorted(found)


def _read(path):
    raw = open(path, "rb").read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8", "replace")


def fortunes(text):
    """The fortunes of a fortune file, attribution lines ("-- Author") dropped."""
    for f in re.split(r"\n%\n", text):
        lines = [ln for ln in f.splitlines() if not re.match(r"^\s*(--|—|~~)\s*\S", ln)]
        yield "\n".join(lines)


_MARKUP = re.compile(r"<[^>]{1,200}>|&[a-z]+;|@|\u00a0")


def catalogue(path, side):
    """Messages of a .mo catalogue, sorted by original: translations (side 'msgstr') or originals ('msgid').

    Messages with placeholders ($x, %s, {x}) are dropped; Pango markup is removed."""
    cat = gettext.GNUTranslations(open(path, "rb"))._catalog
    for key in sorted(k for k in cat if isinstance(k, str) and k):
        text = cat[key] if side == "msgstr" else key.split("\x04")[-1]
        if text and not re.search(r"[$%{}]|\\|~", text):
            yield _MARKUP.sub(" ", text).replace("_", "")


def chunks(paras):
    part, size = [], 0
    for p in paras:
        part.append(p)
        size += len(p) + 2
        if size >= CHUNK:
            yield part
            part, size = [], 0
    if part:
        yield part


def read_source(source, seen):
    """Yields the documents of one source; `seen` holds paragraph hashes shared by all prose sources."""
    sid, package, lang, fmt, pattern = source[:5]
    for path in package_files(package, pattern):
        text = "" if fmt.startswith("mo") else _read(path)
        if text.count("\ufffd") > 20:
            continue
        rel = f"{sid}/{os.path.basename(os.path.dirname(path))}/{os.path.basename(path)}"
        if fmt in ("fortune", "mo", "mo-msgid"):
            items = fortunes(text) if fmt == "fortune" else catalogue(path, "msgstr" if fmt == "mo" else "msgid")
            for n, f in enumerate(items):
                paras = prose.clean_paragraphs(f, lang, seen)
                body = "\n\n".join(paras)
                if len(body) >= 60:
                    yield {"src": sid, "path": f"{rel}#{n}", "lang": lang, "text": body}
            continue
        plain = prose.man_to_text(text) if fmt == "man" else prose.html_to_text(text)
        paras = prose.clean_paragraphs(plain, lang, seen)
        for k, part in enumerate(chunks(paras)):
            body = "\n\n".join(part)
            if len(body) >= 200:
                yield {"src": sid, "path": rel if k == 0 else f"{rel}#{k}", "lang": lang, "text": body}


if __name__ == "__main__":
    if sys.argv[1:] == ["--packages"]:
        print("\n".join(PACKAGES))
