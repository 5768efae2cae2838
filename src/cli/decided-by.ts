/** Who a human decision is recorded as: `--by`, else `$REINS_USER`, else `$USER`, else `cli`. */
export function decidedBy(flags: { by?: string }): string {
  return flags.by ?? process.env.REINS_USER ?? process.env.USER ?? "cli";
}
