import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Command } from "commander";
import { ErrorCode } from "../../errors/codes.js";
import { UserError } from "../../errors/reins-error.js";
import type { Io } from "../io.js";
import { scaffoldFiles } from "../scaffold/files.js";
import { schemaDirFor } from "../scaffold/schema-location.js";

/** A charter name is the folder's name: short enough for any file system, and for a person reading a report. */
const maxNameLength = 64;

/** `dir` as one shell word: as it is when it is plain, else in single quotes (a quote inside written as '\''). */
export function shellQuote(dir: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(dir) ? dir : `'${dir.replaceAll("'", "'\\''")}'`;
}

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
      if (basename(dir).length > maxNameLength) {
        throw new UserError({
          code: ErrorCode.Usage,
          message: `the folder's name is ${basename(dir).length} characters; a charter name has at most ${maxNameLength}`,
          path: "<dir>",
        });
      }
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
        try {
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, content);
        } catch (error) {
          throw new UserError({
            code: ErrorCode.FileNotWritable,
            message: `cannot create ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
            file: path,
            hint: "choose a folder you can write to",
          });
        }
      }
      io.out(
        `created ${dir}: charter.yaml, tools.ts, agent.ts, suite.ts, cases/examples.yaml, package.json (ES modules)`,
      );
      // Started by npx (npm sets npm_command=exec), the next steps go through npx too: `reins` may not be on PATH.
      const reins = process.env.npm_command === "exec" ? "npx reins" : "reins";
      io.out("next:");
      // A hint is copied into a shell: the folder is quoted whenever it holds anything a shell would read.
      const folder = shellQuote(dir);
      io.out(`  ${reins} validate ${folder}   # the charter and its tools`);
      io.out(`  ${reins} check ${folder}      # every oracle scores full marks`);
      io.out(`  ${reins} eval ${folder}       # the baseline's five scores`);
    });
}
