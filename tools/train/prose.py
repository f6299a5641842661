"""Prose extraction for the training corpus: HTML and man pages to clean paragraphs, language checks and sentences.

Owns: how a manual page or an HTML document becomes plain paragraphs (markup, navigation, code blocks and
option lists dropped; wrapped lines joined), the test that a paragraph is prose in the expected language
(Spanish or English stop-word counts), and the sentence splitter that data.py uses for next-sentence pairs.
Pure functions over strings; build_corpus.py reads the files, data.py maps sentences to tokens.

Example:
  >>> paragraphs(html_to_text("<p>Hola, <b>mundo</b>.</p><pre>ls -l</pre>"))
  ['Hola, mundo.']
  >>> sentence_spans("¿Vienes? Sí. Ya voy.")
  [(0, 8), (9, 12), (13, 20)]
"""
import re
from html.parser import HTMLParser

import regex

# ---------------------------------------------------------------- HTML

_BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table", "dt",
          "dd", "dl", "section", "article", "blockquote", "title", "caption", "figcaption", "body", "main",
          "item", "note", "steps", "list", "terms", "tree", "page", "desc"}  # the last row: Mallard
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "wbr", "source", "param", "embed"}
_SKIP_TAGS = {"script", "style", "head", "nav", "pre", "svg", "math", "noscript", "footer", "header", "form",
              "button", "select", "textarea", "iframe", "object", "kbd", "samp", "info", "screen", "media"}
# Navigation, tables of contents, legal notices and code listings of DocBook/Sphinx/Mallard output.
_SKIP_CLASS = re.compile(r"nav|toc\b|toc[-_]|footer|header|breadcrumb|menu|sidebar|related|legalnotice|copyright|"
                         r"programlisting|screen|synopsis|literallayout|highlight|sourceCode|code-block|"
                         r"linenodiv|headerlink|indexterm|index\b|glossary", re.I)


class _Html(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.stack, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skip:
                self.out.append("\n\n")
            return
        a = dict(attrs)
        names = f"{a.get('class') or ''} {a.get('id') or ''}"
        skip = tag in _SKIP_TAGS or tag not in ("body", "html", "main") and bool(_SKIP_CLASS.search(names))
        self.stack.append((tag, skip))
        self.skip += skip
        if tag in _BLOCK and not self.skip:
            self.out.append("\n\n")

    def handle_endtag(self, tag):
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                self.skip -= sum(s for _, s in self.stack[k:])
                del self.stack[k:]
                break
        if tag in _BLOCK and not self.skip:
            self.out.append("\n\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_to_text(html):
    """Visible text of an HTML page, blocks separated by blank lines (code, navigation and notices dropped)."""
    p = _Html()
    p.feed(html)
    p.close()
    return "".join(p.out)


# ---------------------------------------------------------------- Markdown


def md_to_text(md):
    """Prose of a Markdown page: fenced and indented code, tables, headings and HTML comments dropped;
    links keep their text, inline code and emphasis their content."""
    md = re.sub(r"<!--.*?-->", "", md, flags=re.S)
    md = re.sub(r"^(```|~~~).*?^\1[^\n]*$", "\n", md, flags=re.S | re.M)
    keep = []
    for line in md.splitlines():
        if re.match(r"^( {4}|\t)|^\s*(#|\||\[[^\]]+\]:|<|-{3,}|={3,}|\* \* \*)", line):
            keep.append("")
            continue
        keep.append(re.sub(r"^\s*([*+-]|\d+\.)\s+", "", line))
    text = "\n".join(keep)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"`+([^`]*)`+", r"\1", text)
    return re.sub(r"(\*\*|__|(?<!\w)[*_](?=\S))|(?<=\S)[*_](?!\w)", "", text)


# ---------------------------------------------------------------- man pages

_ESCAPES = {"(em": "—", "(en": "–", "(aq": "'", "(dq": '"', "(lq": "“", "(rq": "”", "(oq": "‘", "(cq": "’",
            "(bu": "•", "(co": "©", "(hy": "-", "(mi": "-", "(pl": "+", "(mu": "×", "(de": "°", "(Fo": "«",
            "(Fc": "»", "(r!": "¡", "(r?": "¿", "[em]": "—", "[en]": "–", "[aq]": "'", "[dq]": '"',
            "*(lq": "“", "*(rq": "”", "[lq]": "“", "[rq]": "”", "[bu]": "•", "[Fo]": "«", "[Fc]": "»"}
_ESC = re.compile(r"\\(\*?\([A-Za-z!?]{2}|\*?\[[^\]]*\]|f\(..|f\[[^\]]*\]|f.|s[+-]?\d+|[-e&~ c|^0%:]|\*.|.)")
# Sections that are lists of names, commands, authors or licenses rather than prose.
_SKIP_SECTIONS = re.compile(r"^(SYNOPSIS|SINOPSIS|SEE ALSO|VÉASE TAMBIÉN|VEA TAMBIÉN|V[EÉ]ASE TAMBI[EÉ]N|AUTHORS?|"
                            r"AUTOR(ES)?|TRANSLATION|TRADUCCI[OÓ]N|COLOPHON|COLOF[OÓ]N|COPYRIGHT|"
                            r"DERECHOS DE AUTOR|REPORTING BUGS|INFORMAR DE ERRORES|REPORTAR ERRORES|FILES|"
                            r"ARCHIVOS|FICHEROS|EXAMPLES?|EJEMPLOS?|VERSIONS?|VERSIONES|STANDARDS|"
                            r"CONFORME A|ESTÁNDARES|LIBRARY|BIBLIOTECA|OPTIONS|OPCIONES|ENVIRONMENT|ENTORNO)\b", re.I)


def _unescape(line):
    def sub(m):
        e = m.group(1)
        if e in _ESCAPES:
            return _ESCAPES[e]
        if e in ("-", "e"):
            return "-" if e == "-" else "\\"
        if e in ("~", " ", "0"):
            return " "
        return ""
    return _ESC.sub(sub, line)


def _macro_args(rest):
    args = re.findall(r'"([^"]*)"|(\S+)', rest)
    return [a or b for a, b in args]


def man_to_text(src):
    """Prose of a roff man page: paragraphs of text; synopsis, options, examples and no-fill blocks dropped."""
    out, para, skip_sec, nofill, drop_tag = [], [], False, False, False

    def flush():
        if para:
            out.append(" ".join(para))
            para.clear()
    for line in src.splitlines():
        if line.startswith(('.\\"', "'\\\"", '.\\}', "\\\"")) or line in (".", "'"):
            continue
        if line.startswith((".", "'")):
            m = re.match(r"[.'](\S+)\s*(.*)", line)
            if not m:
                continue
            req, rest = m.group(1), m.group(2)
            if req == "SH":
                flush()
                skip_sec = bool(_SKIP_SECTIONS.match(" ".join(_macro_args(rest)).strip()))
            elif req in ("nf", "EX"):
                flush()
                nofill = True
            elif req in ("fi", "EE"):
                nofill = False
            elif req in ("SS", "PP", "P", "LP", "IP", "HP", "sp", "RS", "RE", "in", "ti", "TS", "TE"):
                flush()
            elif req == "TP":
                flush()
                drop_tag = True
            elif req in ("B", "I", "SM", "SB", "BR", "IR", "BI", "IB", "RB", "RI") and not (skip_sec or nofill):
                sep = " " if req in ("B", "I", "SM", "SB") else ""
                text = _unescape(sep.join(_macro_args(rest)))
                if drop_tag:
                    drop_tag = False
                elif text.strip():
                    para.append(text.strip())
            continue
        if skip_sec or nofill:
            continue
        if drop_tag:  # the term of a .TP item: an option or a name, not prose
            drop_tag = False
            continue
        text = _unescape(line).strip()
        if not text:
            flush()
        else:
            para.append(text)
    flush()
    return "\n\n".join(out)


# ---------------------------------------------------------------- paragraphs and language

_ES = set("de la que el en los se del las por con una su para es al lo como más pero sus le ha si sin sobre este "
          "ya entre cuando todo esta ser son dos también fue había muy hasta desde está mi porque qué sólo solo "
          "han hay vez puede todos así nos ni tiene él donde bien mismo ese ahora cada otro después otros aunque "
          "esa eso hace otra tan durante siempre día ella sí sido según menos antes estos estas usted puede "
          "pueden debe cual cuál mediante archivo sistema también".split())
_EN = set("the of and to in is that for it as with was on be by this are or from at an which not you can if will "
          "have has but all they their more one when used there its also these other may only should into than "
          "some such each what would were been how then them who your does any must these those where could "
          "here about after before because".split())
_WORD = regex.compile(r"\p{L}+")
_ES_CHARS = regex.compile(r"[áéíóúñÑ¿¡]")


def language(text):
    """'es', 'en' or None, from Spanish and English stop-word counts (Spanish-only letters count for Spanish)."""
    es = en = 0
    for w in _WORD.findall(text.lower()):
        es += w in _ES
        en += w in _EN
    es += len(_ES_CHARS.findall(text)) > 0
    return "es" if es > en else "en" if en > es else None


def is_prose(p):
    """A paragraph of sentences: enough words, mostly letters, not a command line, path list or table row."""
    words = _WORD.findall(p)
    if len(words) < 4 or len(p) < 25:
        return False
    if len(words) < 12 and not re.search(r"[.!?…:;][\"'»”’)]*$", p):  # a heading or a caption
        return False
    visible = sum(1 for c in p if not c.isspace())
    letters = sum(len(w) for w in words)
    if letters < 0.72 * visible:
        return False
    if re.match(r"^\s*([$#>%]\s|sudo |apt |--?\w)", p) or p.count("/") > len(words) / 3:
        return False
    return sum(1 for w in words if len(w) > 25) == 0


def paragraphs(text):
    """Blank-line separated blocks, whitespace inside each collapsed to single spaces."""
    blocks = (re.sub(r"\s+", " ", b).strip() for b in re.split(r"\n\s*\n", text))
    return [b for b in blocks if b]


def clean_paragraphs(text, lang, seen):
    """Prose paragraphs of `text` in `lang` that no earlier document had (`seen`: normalised hashes)."""
    kept = []
    for p in paragraphs(text):
        if not is_prose(p) or language(p) != lang:
            continue
        key = hash(re.sub(r"\W+", "", p.lower()))
        if key in seen:
            continue
        seen.add(key)
        kept.append(p)
    return kept


# ---------------------------------------------------------------- sentences

_ABBR = set("sr sra srta dr dra ud uds vd vds etc ej pág págs cap núm no art fig vol ed approx cf vs mr mrs ms st "
            "eg ie al jr prof av".split())
_END = regex.compile(r"[.!?…]+[\"'»”’)\]]*(?=\s|[¿¡]|$)|\n[ \t]*\n")


def sentence_spans(text):
    """(start, end) character spans of the sentences of `text`, starting at their first visible character.

    Sentences end at . ! ? … (with closing quotes or brackets) before whitespace or a ¿ ¡ opener, and at
    blank lines. No sentence ends before a lowercase word on the same line ("¡Hola! dijo él"), and a period
    does not end one after a single letter (initials) or a common abbreviation (Sr., p. ej., etc.)."""
    spans, start = [], 0
    for m in _END.finditer(text):
        end = m.end() if m.group().strip() else m.start()
        nxt = regex.match(r"[ \t]*(\S)", text[m.end():])
        if m.group().strip() and nxt and nxt.group(1).islower():  # the sentence goes on
            continue
        if m.group().startswith("."):
            prev = regex.search(r"(\p{L}+)\.*$", text[start:m.start() + 1]) if m.start() > start else None
            word = prev.group(1).lower() if prev else ""
            if len(word) == 1 or word in _ABBR:
                continue
        s = start + len(text[start:end]) - len(text[start:end].lstrip())
        if end > s:
            spans.append((s, end))
        start = end
    s = start + len(text[start:]) - len(text[start:].lstrip())
    rest = text[s:].rstrip()
    if rest:
        spans.append((s, s + len(rest)))
    return spans
