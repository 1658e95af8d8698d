import { invalidArgument } from '../errors.js';
import type { ModelSignature } from '../registry/model-files.js';
import { mapToSignature } from './signature-mapping.js';
import type { Tensor } from './tensor.js';
import { defaultRequestLimits, type RequestLimits } from './tensor-shape.js';

/** A `text/csv` body as the HTTP layer hands it over, kept apart from JSON bodies by its type. */
export class CsvBody {
  constructor(readonly text: string) {}
}

/**
 * A CSV `/invocations` body (MLflow's scoring server takes `text/csv` as a DataFrame with a header
 * row): the columns meet the signature as `dataframe_split` columns do. CSV has no types, so each
 * cell is read as the datatype of the input its column feeds: numbers for numeric inputs (an empty
 * cell is a missing value: NaN in float inputs, refused in integer ones), true/false or 1/0 for
 * BOOL, the text itself for BYTES.
 */
export function parseCsvInvocation(body: CsvBody, signature: ModelSignature | null, limits: RequestLimits = defaultRequestLimits): Tensor[] {
  const [header, ...rows] = readCsv(body.text, limits.maxElements);
  if (header === undefined) throw invalidArgument('the CSV body is empty; it needs a header row naming the columns');
  const uneven = rows.findIndex((row) => row.length !== header.length);
  if (uneven >= 0) throw invalidArgument(`CSV row ${uneven + 1} has ${rows[uneven]?.length} fields; the header has ${header.length}`);
  const inputs = signature?.inputs ?? [];
  const datatypeOf = (column: string) => (inputs.find((spec) => spec.name === column) ?? (inputs.length === 1 ? inputs[0] : undefined))?.datatype;
  const values = header.map((column, j): [string, unknown[]] => {
    const datatype = datatypeOf(column);
    return [column, rows.map((row) => cellValue(row[j] as string, datatype))];
  });
  return mapToSignature({ kind: 'named', values, rows: rows.length, tabular: true }, signature, limits);
}

function cellValue(cell: string, datatype: string | undefined): unknown {
  if (datatype === undefined || datatype === 'BYTES') return cell;
  const text = cell.trim();
  if (datatype === 'BOOL') {
    const lower = text.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    return cell; // refused by the codec, naming the input and the element
  }
  if (text === '') return null;
  // 64-bit integers stay text so that no digit is lost; the codec reads decimal strings for them.
  if (datatype === 'INT64' || datatype === 'UINT64') return text;
  if (['NaN', 'Infinity', '-Infinity'].includes(text)) return text;
  const number = Number(text);
  return Number.isNaN(number) ? cell : number;
}

/** The named column's value in the first data row of a CSV body (a sticky routing key), if there is one. */
export function firstCsvValue(body: CsvBody, column: string): string | undefined {
  const [header, first] = readCsv(body.text, defaultRequestLimits.maxElements, 2);
  const index = header?.indexOf(column) ?? -1;
  return index >= 0 ? first?.[index] : undefined;
}

/**
 * RFC 4180 records: fields split by commas, quoted fields may hold commas, quotes ("") and line
 * breaks. Reading stops after `maxRecords` records.
 */
function readCsv(text: string, maxFields: number, maxRecords = Number.POSITIVE_INFINITY): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fields = 0;
  const endField = () => {
    record.push(field);
    field = '';
    fields += 1;
    if (fields > maxFields) throw invalidArgument(`the CSV body has more than ${maxFields} fields`);
  };
  const endRecord = () => {
    endField();
    // Blank lines (and the newline at the end of the file) are not rows.
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  for (let i = 0; i < text.length && records.length < maxRecords; i++) {
    const char = text[i];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else quoted = false;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') endField();
    else if (char === '\n') endRecord();
    else if (char !== '\r') field += char;
  }
  if (records.length >= maxRecords) return records;
  if (quoted) throw invalidArgument('the CSV body ends inside a quoted field');
  if (field !== '' || record.length > 0) endRecord();
  return records;
}
