// The views' export files as strings: JSON, CSV, SVG (exportFormats.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MatrixReply } from '../../../../src/protocol/views';
import { csvField, linkRows, linksCsv, matrixTable, statsCsv, statsRows, tableCsv, tableJson, xmlEscape } from '../../../../webview/export/exportFormats';

/** RFC 4180 fields of a CSV text (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

function reply(over: Partial<Record<keyof MatrixReply, unknown>> = {}): unknown {
  return {
    key: 3,
    rows: { start: 0, count: 4 },
    cols: { start: 0, count: 4 },
    block: 2,
    height: 2,
    width: 2,
    data: new Float32Array([0.1, 0.2, 0.3, 0.4]),
    min: 0.1,
    max: 0.4,
    masked: false,
    axisLength: 4,
    ...over,
  };
}

describe('export formats', () => {
  const labels = ['[CLS]', 'a,"b"', 'c\nd', '<e>'];
  const m = reply({
    block: 1,
    height: 4,
    width: 4,
    data: new Float32Array([1, 0, 0, 0, 0.5, 0.5, 0, 0, 0.25, 0.25, 0.5, 0, 0.1, 0.2, 0.3, 0.4]),
    min: 0,
    max: 1,
  }) as MatrixReply;
  const table = matrixTable(m, labels);

  it('CSV quotes awkward labels and parses back to the same numbers', () => {
    const rows = parseCsv(tableCsv(table));
    assert.equal(rows.length, 5);
    assert.deepEqual(rows[0], ['query \\ key', '[CLS] #0', 'a,"b" #1', 'c\nd #2', '<e> #3']);
    assert.deepEqual(
      rows.slice(1).map((r) => r.slice(1).map(Number)),
      [[1, 0, 0, 0], [0.5, 0.5, 0, 0], [0.25, 0.25, 0.5, 0], [0.1, 0.2, 0.3, 0.4].map((v) => Math.fround(v))],
    );
    assert.equal(csvField('plain'), 'plain');
  });

  it('JSON parses back, masked cells as null', () => {
    const masked = {
      ...table,
      values: [
        [1, -Infinity],
        [0.5, 0.5],
      ],
    };
    const parsed = JSON.parse(tableJson({ layer: 2 }, masked)) as { layer: number; values: (number | null)[][]; rows: string[] };
    assert.equal(parsed.layer, 2);
    assert.deepEqual(parsed.values, [
      [1, null],
      [0.5, 0.5],
    ]);
    assert.deepEqual(parsed.rows, table.rows);
  });

  it('a downsampled reply names the token ranges of its cells', () => {
    const t = matrixTable(reply() as MatrixReply, labels);
    assert.deepEqual(t.rows, ['#0–#1', '#2–#3']);
    assert.ok(Math.abs(t.values[1][1] - 0.4) < 1e-6);
  });

  it('links and head statistics as CSV', () => {
    const links = linkRows(
      { key: 1, axisLength: 4, lists: [{ query: new Uint16Array([1]), keyIndex: new Uint16Array([3]), weight: new Float32Array([0.75]) }] },
      ['head 2'],
      labels,
    );
    assert.deepEqual(parseCsv(linksCsv(links)), [
      ['selection', 'query', 'query_token', 'key', 'key_token', 'weight'],
      ['head 2', '1', 'a,"b"', '3', '<e>', '0.75'],
    ]);
    const stats = parseCsv(statsCsv(statsRows(new Float32Array([1.5, 0.25, 0.5, 0.125, 2, 0, 0, 1]), 1, 2)));
    assert.deepEqual(stats, [
      ['layer', 'head', 'entropy', 'previous', 'special', 'self'],
      ['0', '0', '1.5', '0.25', '0.5', '0.125'],
      ['0', '1', '2', '0', '0', '1'],
    ]);
    assert.equal(xmlEscape(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });

  it('a token that starts like a formula (= + - @, tab, CR) is written as text, so a spreadsheet does not run it', () => {
    assert.equal(csvField('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const field = parseCsv(`${csvField(`${start}1+1`)}\r\n`)[0][0];
      assert.equal(field, `'${start}1+1`, JSON.stringify(start));
    }
    const hostile = { ...table, cols: ['=1+1 #0', '@SUM(A1) #1', '-2+3 #2', '+cmd|x #3'] };
    const header = parseCsv(tableCsv(hostile))[0];
    for (const cell of header.slice(1)) assert.ok(!/^[=+\-@]/.test(cell), JSON.stringify(cell));
    const links = linksCsv([{ selection: '=head', query: 0, queryToken: '@q', key: 1, keyToken: '+k', weight: 0.5 }]);
    assert.deepEqual(parseCsv(links)[1], [`'=head`, '0', `'@q`, '1', `'+k`, '0.5']);
    assert.equal(csvField('a=b'), 'a=b', 'a formula sign inside a field is harmless');
  });

  it('escapes the characters XML 1.0 forbids, so that an SVG with hostile tokens stays well-formed (issue 14)', () => {
    assert.equal(xmlEscape('a\x1b[31m\x00\x07b'), 'a\\x1B[31m\\x00\\x07b');
    assert.equal(xmlEscape('c\uFFFE\uFFFFd\uD800e'), 'c\\uFFFE\\uFFFFd\uFFFDe');
    assert.equal(xmlEscape('tab\tnew\nline\r'), 'tab\tnew\nline\r', 'the three C0 characters XML allows stay');
    assert.equal(xmlEscape('😀 é'), '😀 é');
    const all = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('') + '\uFFFE\uDC00';
    const notXml = (c: string): boolean => (c.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(c)) || c === '\uFFFE' || c === '\uFFFF' || /^[\uD800-\uDFFF]$/.test(c);
    assert.deepEqual([...xmlEscape(all)].filter(notXml), []);
  });
});
