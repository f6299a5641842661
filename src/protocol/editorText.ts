/**
 * A file's text as VS Code's editor holds it (pure; the CLI and the extension host, which read
 * files from disk and must give the offsets the editor gives). When VS Code opens a file whose
 * line ends are mixed (CRLF and LF) or that holds a lone CR (old Mac line ends), it makes every
 * line end one kind: CRLF when more than half of them hold a CR (CRLF or CR), LF otherwise. A file
 * with one kind of line end (LF only, CRLF only) or none is kept as it is. Without this, each lone
 * CR read from disk would put the editor's offsets one further on than the file's.
 *
 *   editorLineEnds('a\rb\rc'); // 'a\r\nb\r\nc'
 *   editorLineEnds('a\nb\nc\r\nd'); // 'a\nb\nc\nd'
 *
 * (The leading byte-order mark, which the editor drops too, is dropped by each reader's decoder.)
 */
export function editorLineEnds(text: string): string {
  let cr = 0;
  let lf = 0;
  let crlf = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    } else if (c === 10) lf++;
  }
  const total = cr + lf + crlf;
  if (total === 0) return text;
  const eol = cr + crlf > total / 2 ? '\r\n' : '\n';
  const mixed = eol === '\r\n' ? cr > 0 || lf > 0 : cr > 0 || crlf > 0;
  return mixed ? text.replace(/\r\n|\r|\n/g, eol) : text;
}
