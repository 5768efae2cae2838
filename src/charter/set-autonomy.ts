import { isMap, isScalar, parseDocument } from "yaml";
import type { AutonomyLevel } from "./charter.js";

/**
 * A YAML charter's text with its top-level `autonomy` set to `level`: only that value's characters change (comments,
 * quoting and layout elsewhere are kept byte for byte), and a charter without the key gets `autonomy: <level>` as a
 * last line. Undefined when the text is not a YAML mapping whose `autonomy` is a plain value (nothing is rewritten).
 */
export function setCharterAutonomy(text: string, level: AutonomyLevel): string | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const pair = doc.contents.items.find((item) => isScalar(item.key) && item.key.value === "autonomy");
  if (pair === undefined)
    return `${text}${text.endsWith("\n") || text === "" ? "" : "\n"}autonomy: ${level}\n`;
  const value = pair.value;
  if (!isScalar(value) || value.range === undefined || value.range === null) return undefined;
  const [start, end] = value.range;
  return `${text.slice(0, start)}${level}${text.slice(end)}`;
}
