import type { z } from 'zod';
import { parseCsv } from '../../domain/csv';
import { skuCode } from '../schemaParts';
import { productFields } from './schemas';

/** The import's columns and the product field each fills. sku and name are required. */
export const CSV_COLUMNS = {
  sku: 'sku',
  name: 'name',
  category: 'category',
  barcode: 'barcode',
  weight_grams: 'weightGrams',
  requires_shipping: 'requiresShipping',
} as const;
type Column = keyof typeof CSV_COLUMNS;
type Field = (typeof CSV_COLUMNS)[Column];

export const MAX_IMPORT_ROWS = 10_000;

export interface ImportProblem {
  /** The file's line (1: the header). */
  line: number;
  /** The column, e.g. "weight_grams"; "file" for the file as a whole. */
  field: string;
  message: string;
}

/** One row as the columns present give it: a column the file does not have stays undefined (an update keeps that field). */
export type ImportRow = { line: number; sku: string; name: string } & Partial<Record<Exclude<Field, 'sku' | 'name'>, unknown>>;

const BOOLEAN_CELLS: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false };

/** A cell's value for its field: empty is null (a nullable field) or the default (requires_shipping: true). */
function cellValue(column: Column, cell: string): { value: unknown } | { problem: string } {
  const raw = cell.trim();
  if (column === 'weight_grams') {
    if (raw === '') return { value: null };
    if (!/^-?[0-9]+$/.test(raw)) return { problem: 'must be a whole number of grams' };
    return { value: Number(raw) };
  }
  if (column === 'requires_shipping') {
    if (raw === '') return { value: true };
    const b = BOOLEAN_CELLS[raw.toLowerCase()];
    return b === undefined ? { problem: 'must be true or false (also yes/no, 1/0)' } : { value: b };
  }
  if ((column === 'category' || column === 'barcode') && raw === '') return { value: null };
  return { value: column === 'sku' ? raw : cell };
}

const SCHEMAS: Record<Column, z.ZodType> = {
  sku: skuCode(),
  name: productFields.name,
  category: productFields.category,
  barcode: productFields.barcode,
  weight_grams: productFields.weightGrams,
  requires_shipping: productFields.requiresShipping,
};

/**
 * The rows of a products CSV, or every problem in it (all of them, not the first: the person
 * fixes the file once). A header row names the columns, in any order; unknown or repeated
 * columns, a row with another number of cells, a bad cell and a SKU given twice are problems.
 */
export function readProductCsv(text: string): { ok: true; rows: ImportRow[] } | { ok: false; problems: ImportProblem[] } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, problems: [{ line: parsed.line, field: 'file', message: parsed.message }] };
  const [header, ...records] = parsed.records;
  if (!header) return { ok: false, problems: [{ line: 1, field: 'file', message: 'the file is empty: it needs a header row (sku,name,...) and rows' }] };
  const problems: ImportProblem[] = [];
  const columns = header.fields.map((h) => h.trim().toLowerCase());
  columns.forEach((c, i) => {
    if (!(c in CSV_COLUMNS)) problems.push({ line: header.line, field: c || `column ${i + 1}`, message: `unknown column (known: ${Object.keys(CSV_COLUMNS).join(', ')})` });
    else if (columns.indexOf(c) !== i) problems.push({ line: header.line, field: c, message: 'column given twice' });
  });
  for (const required of ['sku', 'name'] as const) {
    if (!columns.includes(required)) problems.push({ line: header.line, field: required, message: 'required column is missing' });
  }
  if (records.length === 0) problems.push({ line: header.line, field: 'file', message: 'no rows after the header' });
  if (records.length > MAX_IMPORT_ROWS)
    problems.push({ line: header.line, field: 'file', message: `at most ${MAX_IMPORT_ROWS} rows per import (this file has ${records.length})` });
  if (problems.length > 0) return { ok: false, problems };

  const rows: ImportRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of records) {
    if (record.fields.length !== columns.length) {
      problems.push({ line: record.line, field: 'file', message: `has ${record.fields.length} cells, the header ${columns.length}` });
      continue;
    }
    const row: Record<string, unknown> = { line: record.line };
    columns.forEach((column, i) => {
      const c = column as Column;
      const cell = cellValue(c, record.fields[i]!);
      if ('problem' in cell) return problems.push({ line: record.line, field: c, message: cell.problem });
      const checked = SCHEMAS[c].safeParse(cell.value);
      if (!checked.success) return problems.push({ line: record.line, field: c, message: checked.error.issues[0]!.message });
      row[CSV_COLUMNS[c]] = checked.data;
    });
    const sku = row.sku as string | undefined;
    if (sku !== undefined) {
      const first = firstLineOf.get(sku);
      if (first !== undefined) problems.push({ line: record.line, field: 'sku', message: `SKU ${sku} is also on line ${first}` });
      else firstLineOf.set(sku, record.line);
    }
    rows.push(row as ImportRow);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}
