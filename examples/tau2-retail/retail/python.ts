// Python semantics the τ² tools rely on, reproduced exactly: round(x, n), str(float), json.dumps, textwrap.indent.

/**
 * Python's `round(x, ndigits)` on a float: the exact binary value is rounded to `ndigits` decimals, ties to even
 * (JavaScript's `toFixed` rounds ties away from zero, and `Math.round(x * 100) / 100` rounds the product's error).
 */
export function pyRound(x: number, ndigits = 2): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 2 ** 52) return x;
  // toFixed(100) is the exact decimal expansion of any double of this magnitude (at most 1074 binary places, of
  // which only the first ~60 are non-zero above 1e-3; smaller values round to zero either way).
  const [whole = "0", fraction = ""] = Math.abs(x).toFixed(100).split(".");
  const rest = fraction.slice(ndigits);
  let digits = BigInt(whole + fraction.slice(0, ndigits));
  const first = rest[0] ?? "0";
  const beyond = /[1-9]/.test(rest.slice(1));
  if (first > "5" || (first === "5" && beyond)) digits += 1n;
  else if (first === "5" && digits % 2n === 1n) digits += 1n;
  const text = digits.toString().padStart(ndigits + 1, "0");
  const magnitude = Number(ndigits === 0 ? text : `${text.slice(0, -ndigits)}.${text.slice(-ndigits)}`);
  return x < 0 || Object.is(x, -0) ? -magnitude : magnitude;
}

/** Python's `str(float)` (= `repr`): shortest digits, `.0` on integers, exponent form from 1e16 and below 1e-4. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Number.POSITIVE_INFINITY) return "inf";
  if (x === Number.NEGATIVE_INFINITY) return "-inf";
  if (Object.is(x, -0)) return "-0.0";
  const magnitude = Math.abs(x);
  if (magnitude !== 0 && (magnitude >= 1e16 || magnitude < 1e-4)) {
    const [mantissa, exponent = "+0"] = x.toExponential().split("e");
    const sign = exponent.startsWith("-") ? "-" : "+";
    return `${mantissa}e${sign}${exponent.replace(/^[+-]/, "").padStart(2, "0")}`;
  }
  const text = String(x);
  return text.includes(".") ? text : `${text}.0`;
}

/** A string as Python's `json.dumps` writes it (`ensure_ascii=True`: every non-ASCII character escaped). */
export function pyJsonString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Python's `json.dumps(mapping, sort_keys=True)` for a flat mapping of strings to strings. */
export function pyJsonDumpsSorted(mapping: Record<string, string>): string {
  const keys = Object.keys(mapping).sort(compareCodePoints);
  return `{${keys.map((key) => `${pyJsonString(key)}: ${pyJsonString(mapping[key] as string)}`).join(", ")}}`;
}

/** Python's string ordering (by code point), which `sort_keys` and `sorted()` use. */
export function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = (left[i] as string).codePointAt(0) as number;
    const y = (right[i] as string).codePointAt(0) as number;
    if (x !== y) return x - y;
  }
  return left.length - right.length;
}

/** Python's `sorted(strings)`. */
export const pySorted = (values: readonly string[]): string[] => [...values].sort(compareCodePoints);

/** Python's `textwrap.indent(text, prefix)`: the prefix goes before every line that is not only whitespace. */
export function pyIndent(text: string, prefix: string): string {
  return text
    .split(/(?<=\n)/)
    .map((line) => (line.trim() === "" ? line : prefix + line))
    .join("");
}
