import { Command, CommanderError } from "commander";
import { registerApprovals } from "./commands/approvals.js";
import { registerAudit } from "./commands/audit.js";
import { registerAutonomy } from "./commands/autonomy.js";
import { registerCheck } from "./commands/check.js";
import { registerCompare } from "./commands/compare.js";
import { registerEval } from "./commands/eval.js";
import { registerExport } from "./commands/export.js";
import { registerInit } from "./commands/init.js";
import { registerMcpProxy } from "./commands/mcp-proxy.js";
import { registerMigrate } from "./commands/migrate.js";
import { registerRedteam } from "./commands/redteam.js";
import { registerReport } from "./commands/report.js";
import { registerReview } from "./commands/review.js";
import { registerRun } from "./commands/run.js";
import { registerServe } from "./commands/serve.js";
import { registerShadow } from "./commands/shadow.js";
import { registerShow } from "./commands/show.js";
import { registerStoreConfig } from "./commands/store-config.js";
import { registerValidate } from "./commands/validate.js";
import { registerWorker } from "./commands/worker.js";
import { registerWorkflow } from "./commands/workflow.js";
import { ExitCode, reportError } from "./handle-error.js";
import type { Io } from "./io.js";
import { version } from "./version.js";

/** Builds the `reins` command. Each command lives in `commands/` and only wires library calls to the terminal. */
export function createProgram(io: Io): Command {
  const program = new Command("reins")
    .description("Reins: define, bound, measure and earn autonomy for AI agents")
    .version(version)
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();
  registerInit(program, io);
  registerValidate(program, io);
  registerRun(program, io);
  registerApprovals(program, io);
  registerAudit(program, io);
  registerWorkflow(program, io);
  registerEval(program, io);
  registerCheck(program, io);
  registerRedteam(program, io);
  registerCompare(program, io);
  registerReview(program, io);
  registerExport(program, io);
  registerShadow(program, io);
  registerReport(program, io);
  registerAutonomy(program, io);
  registerShow(program, io);
  registerStoreConfig(program, io);
  registerMcpProxy(program, io);
  registerMigrate(program, io);
  registerWorker(program, io);
  registerServe(program, io);
  return program;
}

/** Runs the CLI and returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let code: number = ExitCode.Ok;
  const program = createProgram({ ...io, setExitCode: (c) => (code = Math.max(code, c)) });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
    }
    return reportError(error, io.err);
  }
  return code;
}
