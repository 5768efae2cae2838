/** One record of a CSV file: its cells, and the line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** A CSV syntax problem, at the line it starts on. */
export interface CsvProblem {
  line: number;
  message: string;
}

/**
 * Reads CSV as RFC 4180 says: comma-separated cells, a cell in double quotes may hold commas, newlines and `""` for
 * a quote; CRLF or LF line ends. Blank lines are skipped. A record spanning lines (a quoted newline) is located at
 * the line it starts on. An unterminated quote is a problem, not a guess.
 */
export function parseCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const body = text.startsWith("\ufeff") ? text.slice(1) : text;
  let line = 1;
  let start = 1;
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let quoteLine = 1;
  let touched = false;
  const endRecord = () => {
    if (touched || cells.length > 0) records.push({ line: start, cells: [...cells, cell] });
    cells = [];
    cell = "";
    touched = false;
  };
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === "\n") line++;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell === "") {
      quoted = true;
      quoteLine = line;
      touched = true;
    } else if (char === ",") {
      cells.push(cell);
      cell = "";
      touched = true;
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && body[i + 1] === "\n") i++;
      endRecord();
      line++;
      start = line;
    } else {
      cell += char;
      touched = true;
    }
  }
  if (quoted) problems.push({ line: quoteLine, message: 'a quoted cell is never closed (a missing `"`)' });
  else endRecord();
  return { records, problems };
}
