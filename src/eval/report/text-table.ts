export interface TableOptions {
  /** Put before every line. Default two spaces. */
  indent?: string;
  /** How many leading columns are left-aligned (text); the rest are right-aligned (numbers). Default 1. */
  textColumns?: number;
}

/**
 * Lays out rows as columns separated by two spaces. Widths count code points, so `✓` and `█` count as one, and
 * skip ANSI colour codes.
 */
export function formatTable(rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  const { indent = "  ", textColumns = 1 } = options;
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  }
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => {
          const pad = " ".repeat((widths[i] ?? 0) - width(cell));
          return i < textColumns ? cell + pad : pad + cell;
        })
        .join("  ")
        .trimEnd(),
  );
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matches the ANSI colour codes a cell may hold
const ansiCode = /\u001b\[\d+m/g;

function width(text: string): number {
  return [...text.replace(ansiCode, "")].length;
}
