/**
 * One CSV record: its fields and the line of the file it starts on (1-based), so a problem can be
 * reported where a person sees it in an editor, also when a quoted field spans lines.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

/**
 * RFC 4180: comma-separated, fields optionally in double quotes (a quote inside is doubled),
 * records ended by CRLF or LF; a UTF-8 byte order mark (spreadsheets write one) is skipped, and
 * blank lines are ignored. One pass over the text, so a large file costs linear time.
 */
export function parseCsv(text: string): CsvParse {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let field = '';
  let recordLine = 1;
  let quotedField = false;
  const endRecord = () => {
    fields.push(field);
    // A blank line is one empty unquoted field: not a record.
    if (!(fields.length === 1 && fields[0] === '' && !quotedField)) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    quotedField = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && field === '' && !quotedField) {
      // A quoted field: up to the closing quote; "" is one quote.
      const start = line;
      i++;
      for (;;) {
        if (i >= text.length) return { ok: false, line: start, message: 'a quoted field is not closed' };
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      quotedField = true;
      const after = text[i];
      if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r')
        return { ok: false, line, message: 'text after a closing quote (a quote inside a field must be doubled)' };
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      quotedField = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (c === '"') return { ok: false, line, message: 'a quote inside an unquoted field (quote the whole field and double the quote)' };
    field += c;
    i++;
  }
  if (field !== '' || fields.length > 0 || quotedField) endRecord();
  return { ok: true, records };
}
