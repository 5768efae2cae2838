/**
 * Field paths into a value: dotted names and indexes (`discount.percent`, `items.0.sku`) and, where a path names
 * every element of a list, `[]` after the list's name (`items[].price`). Segments come out as `items`, `[]`, `price`.
 */
export const everyElement = "[]";

/** The segments of a path; `[]` is its own segment. */
export function fieldPathSegments(path: string): string[] {
  return path.split(".").flatMap((part) => {
    const name = part.replace(/(\[\])+$/, "");
    const lists = (part.length - name.length) / 2;
    return [name, ...Array.from({ length: lists }, () => everyElement)];
  });
}

/** Why a path is malformed (an empty segment, a stray bracket, `[]` where it is not allowed); undefined when fine. */
export function fieldPathSyntaxProblem(path: string, options: { elements: boolean }): string | undefined {
  const parts = path.split(".");
  if (parts.some((part) => part.replace(/(\[\])+$/, "") === ""))
    return `has an empty segment: write names between the dots (e.g. ${options.elements ? "items[].price" : "items.0.price"})`;
  if (parts.some((part) => /[[\]]/.test(part.replace(/(\[\])+$/, ""))))
    return options.elements
      ? "has a bracket inside a name: write `[]` right after a list's name for every element (items[].price), or a number for one (items.0.price)"
      : "has a bracket: a condition reads one value, so index a list with a number (items.0.price)";
  if (!options.elements && path.includes(everyElement))
    return "uses `[]`, which only protectFields accept: a condition reads one value, so index a list with a number (items.0.price)";
  return undefined;
}
