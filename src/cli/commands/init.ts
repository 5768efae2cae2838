import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Command } from "commander";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import type { Io } from "../io.js";
import { scaffoldFiles } from "../scaffold/files.js";
import { schemaDirFor } from "../scaffold/schema-location.js";

export function registerInit(program: Command, io: Io): void {
  program
    .command("init")
    .description("scaffold a workflow folder: charter, tools, baseline agent, suite and labelled cases")
    .argument("<dir>", "the folder to create; its name becomes the charter's name")
    .action(async (dir: string) => {
      const name = basename(dir)
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/^-+|-+$/g, "");
      if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
        throw new UserError({
          code: ErrorCode.Usage,
          message: `cannot make a charter name from "${basename(dir)}"; use letters, digits and -`,
          path: "<dir>",
        });
      }
      if (existsSync(dir)) {
        throw new UserError({
          code: ErrorCode.Usage,
          message: `${dir} already exists; choose a new folder`,
          file: dir,
        });
      }
      for (const [file, content] of Object.entries(scaffoldFiles(name, schemaDirFor(dir)))) {
        const path = join(dir, file);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, content);
      }
      io.out(
        `created ${dir}: charter.yaml, tools.ts, agent.ts, suite.ts, cases/examples.yaml, package.json (ES modules)`,
      );
      // Started by npx (npm sets npm_command=exec), the next steps go through npx too: `reins` may not be on PATH.
      const reins = process.env.npm_command === "exec" ? "npx reins" : "reins";
      io.out("next:");
      io.out(`  ${reins} validate ${dir}   # the charter and its tools`);
      io.out(`  ${reins} check ${dir}      # every oracle scores full marks`);
      io.out(`  ${reins} eval ${dir}       # the baseline's five scores`);
    });
}
