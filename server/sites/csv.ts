/**
 * RFC 4180 CSV, small and strict: comma-separated fields, CRLF or LF records, fields in double
 * quotes may hold commas, line breaks and doubled quotes. Each row keeps the line it starts on, so
 * a problem can name it.
 */

export interface CsvRows {
  rows: string[][];
  /** 1-based line on which each row starts. */
  lines: number[];
  problems: string[];
}

export function parseCsv(text: string): CsvRows {
  const rows: string[][] = [];
  const lines: number[] = [];
  const problems: string[] = [];
  let row: string[] = [];
  let field = '';
  /** The current field was quoted (so an empty one is still a field). */
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = (): void => {
    row.push(field);
    // A blank line is not a record.
    if (!(row.length === 1 && row[0] === '' && !quoted)) { rows.push(row); lines.push(rowLine); }
    row = []; field = ''; quoted = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && field === '' && !quoted) {
      quoted = true;
      const opened = line;
      i++;
      for (;;) {
        if (i >= text.length) { problems.push(`line ${opened}: a quoted field is not closed (missing ")`); return { rows, lines, problems }; }
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        problems.push(`line ${line}: text after a closing quote (a quote inside a field must be doubled: "")`);
        while (i < text.length && text[i] !== ',' && text[i] !== '\n') field += text[i++];
      }
      continue;
    }
    if (c === ',') { row.push(field); field = ''; quoted = false; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { i++; continue; }
    if (c === '\n' || c === '\r') {
      endRow(); line++; rowLine = line; i++; continue;
    }
    if (c === '"') problems.push(`line ${line}: a quote inside an unquoted field (quote the whole field and double the quote: "")`);
    field += c;
    i++;
  }
  if (field !== '' || quoted || row.length > 0) endRow();
  return { rows, lines, problems };
}

/** One CSV field, quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
