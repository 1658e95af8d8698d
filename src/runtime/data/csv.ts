import type { RawColumn, RawTable } from '../../domain/monitoring/column-inference.js';
import { invalidArgument } from '../../domain/errors.js';
import { typeCells } from './cell-types.js';

const quote = 34; // "
const newline = 10; // \n
const carriageReturn = 13; // \r

/** The delimiter of the header line (outside quotes): comma unless the line has only tabs or semicolons. */
function sniffDelimiter(text: string): number {
  let commas = 0;
  let tabs = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === quote) quoted = !quoted;
    else if (quoted) continue;
    else if (c === newline || c === carriageReturn) break;
    else if (c === 44) commas++;
    else if (c === 9) tabs++;
    else if (c === 59) semicolons++;
  }
  if (commas > 0 || (tabs === 0 && semicolons === 0)) return 44;
  return tabs >= semicolons ? 9 : 59;
}

/** Column names from the header record: blanks named by position, duplicates refused. */
function header(fields: string[], line: number): string[] {
  const names = fields.map((name, k) => name.trim() || `column_${k + 1}`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw invalidArgument(`CSV line ${line}: column name ${name} appears twice`);
    seen.add(name);
  }
  return names;
}

/**
 * RFC 4180 CSV: a header line, then one record a line; fields may be quoted with `"` (a quote
 * inside doubled), and quoted fields may hold delimiters and line breaks. CRLF or LF line ends; a
 * UTF-8 byte-order mark is dropped; blank lines are skipped. The delimiter is sniffed from the
 * header (comma, tab or semicolon). A record with another field count than the header is an error
 * naming its line, as is an unterminated quote.
 */
export function parseCsv(text: string): RawTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const delimiter = sniffDelimiter(text);
  let names: string[] | null = null;
  let cells: string[][] = [];
  let rows = 0;
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === quote) {
      const startLine = line;
      let value = '';
      let from = i + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close < 0) throw invalidArgument(`CSV line ${startLine}, field ${fields.length + 1}: quote opened here is never closed`);
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) === quote) {
          value += '"';
          from = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      for (let k = 0; k < value.length; k++) if (value.charCodeAt(k) === newline) line++;
      const next = i < n ? text.charCodeAt(i) : newline;
      if (next !== delimiter && next !== newline && next !== carriageReturn) {
        throw invalidArgument(`CSV line ${line}, field ${fields.length + 1}: unexpected text after a closing quote`);
      }
      field = value;
    } else {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === delimiter || c === newline || c === carriageReturn) break;
        if (c === quote) throw invalidArgument(`CSV line ${line}, field ${fields.length + 1}: a quote inside an unquoted field`);
        end++;
      }
      field = text.slice(i, end);
      i = end;
    }
    fields.push(field);
    const c = i < n ? text.charCodeAt(i) : newline;
    if (c === delimiter) {
      i++;
      if (i === n) fields.push('');
      continue;
    }
    // End of record.
    if (c === carriageReturn && text.charCodeAt(i + 1) === newline) i++;
    i++;
    if (!(fields.length === 1 && fields[0] === '')) {
      if (names === null) {
        names = header(fields, recordLine);
        cells = names.map(() => []);
      } else {
        if (fields.length !== names.length) throw invalidArgument(`CSV line ${recordLine}: ${fields.length} fields, but the header has ${names.length}`);
        for (let k = 0; k < fields.length; k++) cells[k]!.push(fields[k]!);
        rows++;
      }
    }
    fields = [];
    line++;
    // Blank lines between records are skipped, counting their line numbers.
    while (i < n && (text.charCodeAt(i) === newline || text.charCodeAt(i) === carriageReturn)) {
      if (text.charCodeAt(i) === newline) line++;
      else if (text.charCodeAt(i + 1) !== newline) line++;
      i++;
    }
    recordLine = line;
  }
  if (names === null) throw invalidArgument('CSV has no header line');
  const columns: RawColumn[] = (names as string[]).map((name, k) => ({ name, ...typeCells(cells[k]!) }));
  return { rows, columns };
}
