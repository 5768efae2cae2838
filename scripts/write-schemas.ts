// Writes the JSON Schemas of charter and case files into schemas/ (run after changing a zod schema they come from:
// `npm run schemas`; src/eval/file-schemas.test.ts fails while they are out of date).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileSchemas, schemaFolder } from "../src/eval/file-schemas.js";

const root = new URL("..", import.meta.url).pathname;
mkdirSync(join(root, schemaFolder), { recursive: true });
for (const [name, schema] of Object.entries(fileSchemas())) {
  writeFileSync(join(root, schemaFolder, name), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`${schemaFolder}/${name}`);
}
