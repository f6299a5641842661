"""Self-checks of the corpus and tokenizer code (prose.py, sources.py, bpe.py, data.py's encoding).

Plain Python, no corpus or network needed: /usr/bin/python3 tools/train/test_corpus.py
Each check prints its name; the first failing assertion stops the run with a non-zero status.
"""
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpe  # noqa: E402
import data  # noqa: E402
import prose  # noqa: E402
import sources  # noqa: E402


def sentences(text):
    return [text[s:e] for s, e in prose.sentence_spans(text)]


def test_sentences_spanish():
    text = ("¿Vienes mañana? ¡Claro que sí! Llegaré a las 6.30 h. con el Sr. García, p. ej. en tren… "
            "Luego vemos.")
    assert sentences(text) == ["¿Vienes mañana?", "¡Claro que sí!",
                               "Llegaré a las 6.30 h. con el Sr. García, p. ej. en tren…", "Luego vemos."], \
        sentences(text)
    assert sentences("Hola.¿Qué tal?") == ["Hola.", "¿Qué tal?"]
    assert sentences("Y tú, ¿qué opinas? Yo no sé.") == ["Y tú, ¿qué opinas?", "Yo no sé."]


def test_sentences_english_and_paragraphs():
    text = 'He said "Stop!" and left. The end\n\nA heading\n\nIt costs 3.50 euros, e.g. today. Mr. Smith agreed.'
    assert sentences(text) == ['He said "Stop!" and left.', "The end", "A heading",
                               "It costs 3.50 euros, e.g. today.", "Mr. Smith agreed."], sentences(text)
    for s, e in prose.sentence_spans(text):
        assert not text[s].isspace() and not text[e - 1].isspace()


def test_html():
    html = ("<html><head><title>T</title><style>p{}</style></head><body class='toc-left'>"
            "<div class='navheader'>Anterior | Siguiente</div><h1>Título</h1>"
            "<p>Una frase con <b>negrita</b> y &aacute; entidad.</p><pre>ls -l /tmp</pre>"
            "<script>var x = 1;</script><p>Segunda<br>línea.</p></body></html>")
    assert prose.paragraphs(prose.html_to_text(html)) == ["Título", "Una frase con negrita y á entidad.",
                                                          "Segunda", "línea."]


def test_man():
    man = "\n".join([
        '.\\" a comment', ".TH LS 1", ".SH NOMBRE", "ls \\- lista directorios", ".SH SINOPSIS",
        ".B ls", "[\\fIOPCIÓN\\fR]...", ".SH DESCRIPCIÓN", "Muestra información sobre los",
        "\\fBficheros\\fP (del directorio actual).", ".PP", ".TP", ".BR \\-a \", \" \\-\\-all",
        "no oculta las entradas que empiezan por \\(aq.\\(aq", ".nf", "ls -la /etc", ".fi",
        "Fin del texto\\(em de verdad."])
    assert prose.paragraphs(prose.man_to_text(man)) == [
        "ls - lista directorios", "Muestra información sobre los ficheros (del directorio actual).",
        "no oculta las entradas que empiezan por '.'", "Fin del texto— de verdad."], prose.man_to_text(man)


def test_markdown():
    md = ("# Title\n<!-- meta -->\n* `path` {string} The **file** name to read.\n\nReads the [file](#x) "
          "and the [docs][] too.\n\n```js\nconst a = 1;\n```\n\n    indented();\n\n| a | b |\n")
    assert prose.paragraphs(prose.md_to_text(md)) == ["path {string} The file name to read.",
                                                      "Reads the file and the docs too."]


def test_clean_paragraphs():
    seen = set()
    text = ("El archivo se guarda en el directorio de la aplicación cuando termina.\n\n"
            "The file is saved in the directory of the application when it ends.\n\n"
            "Configuración avanzada\n\n$ sudo apt install foo bar baz\n\n"
            "El archivo se guarda en el directorio de la aplicación cuando termina.")
    assert prose.clean_paragraphs(text, "es", seen) == [
        "El archivo se guarda en el directorio de la aplicación cuando termina."]
    assert prose.clean_paragraphs(text, "es", seen) == []  # already seen: deduplicated
    assert prose.language("The cat sat on the mat with its friends.") == "en"
    assert prose.language("El gato duerme en la cama de su dueña.") == "es"


def test_fortunes():
    text = "Primera frase de la fortuna.\n\t\t-- Autor\n%\nSegunda fortuna, más larga.\n%\n"
    assert [f.strip() for f in sources.fortunes(text)] == ["Primera frase de la fortuna.",
                                                          "Segunda fortuna, más larga.", ""]


def reference_train(counts, vocab_size, min_count=2):
    """The plain O(pairs) merge loop the fast trainer must reproduce exactly."""
    words = {tuple(bpe.N_SPECIAL + b for b in w.encode()): c for w, c in counts.items() if c >= min_count}
    merges, next_id = [], bpe.N_SPECIAL + 256
    while next_id < vocab_size:
        pairs = Counter()
        for w, c in words.items():
            for p in zip(w, w[1:]):
                pairs[p] += c
        if not pairs:
            break
        pair, c = max(pairs.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))
        if c < min_count:
            break
        merges.append(pair)
        new = {}
        for w, c in words.items():
            out, j = [], 0
            while j < len(w):
                if j + 1 < len(w) and (w[j], w[j + 1]) == pair:
                    out.append(next_id)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            new[tuple(out)] = new.get(tuple(out), 0) + c
        words, next_id = new, next_id + 1
    return merges


TEXT = ("La niña cantó una canción en la estación. ¿Dónde está el río? ¡Qué día tan bonito! "
        "El señor pidió un préstamo al banco. Me senté en la orilla del río y miré el agua. "
        "The river bank was quiet and the water was cold. I will be back after six o'clock. "
        "function add(a, b) {\n    return a + b;\n}\n") * 3


def test_fast_trainer_matches_reference():
    counts = bpe.word_counts([TEXT])
    fast = bpe.train(counts, 400)
    assert fast == reference_train(counts, 400), "fast merges differ from the reference trainer"
    assert len(fast) > 50


def test_round_trip_and_forced_chars():
    counts = bpe.word_counts([TEXT])
    force = bpe.forced_chars(counts, min_count=2)
    assert {"ñ", "ó", "í", "¿", "¡", "é"} <= set(force), force
    tok = bpe.Tokenizer(bpe.train(counts, 420, force=force))
    for s in ["¿Dónde está la niña? ¡Ñandú!", "Acción, pingüino, camión 🙂👍🏽 😀", "日本語 ünïcödé ÀÉÎÕÜ",
              "  tabs\tand\nlines\n\n", "<|endoftext|> is plain text here"]:
        assert tok.decode(tok.encode(s)) == s, s
    for ch in "ñóí¿¡é":
        assert len(tok.encode(ch)) == 1, ch
    # Every token decodes on its own to whole characters wherever forced characters are involved.
    pieces = [tok.token_text(i) for i in tok.encode("La niña cantó una canción en la estación.")]
    assert "".join(pieces) == "La niña cantó una canción en la estación." and "\ufffd" not in "".join(pieces)
    # The transformers.js files list the same vocabulary and merges.
    tj = bpe.tokenizer_json(tok, "bert")
    assert len(tj["model"]["vocab"]) == len(tok.vocab) and len(tj["model"]["merges"]) == len(tok.merges)
    assert all(a + b in tj["model"]["vocab"] for a, b in tj["model"]["merges"])


def test_encode_doc_sentences():
    tok = bpe.Tokenizer(bpe.train(bpe.word_counts([TEXT]), 420))
    text = "Ok. Esto es una prueba larga.\n\nThe file is here, really.\n¿Vienes mañana? ¡Sí, claro que voy!"
    ids, sents = data.encode_doc(tok, text, True)
    assert ids == tok.encode(text)
    got = [tok.decode(ids[a:b]) for a, b in sents]
    assert got == [" Esto es una prueba larga.", "The file is here, really.", "¿Vienes mañana?",
                   " ¡Sí, claro que voy!"], got  # "Ok." is under 4 tokens
    assert data.encode_doc(tok, "const x = 1;\n", False)[1] == []


if __name__ == "__main__":
    tests = [(n, f) for n, f in sorted(globals().items()) if n.startswith("test_") and callable(f)]
    for name, fn in tests:
        fn()
        print("ok", name)
    print(f"{len(tests)} checks passed")
