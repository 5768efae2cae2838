import type { Command } from "commander";
import { ErrorCode } from "../../errors/codes.js";
import { closestName } from "../../errors/did-you-mean.js";
import { UserError } from "../../errors/reins-error.js";
import type { StoreSettingName } from "../../store/store.js";
import { withStore } from "../cli-store.js";
import type { Io } from "../io.js";

/** Each setting of a store: the values it takes (the first is what an unset setting means) and what it does. */
const settings: Record<StoreSettingName, { values: readonly string[]; about: string }> = {
  delegation: {
    values: ["deny", "allow"],
    about:
      "whether a decision may name someone other than the OS user who enters it (--by); both are recorded",
  },
  certificates: {
    values: ["optional", "required"],
    about:
      "whether a charter with no autonomy certificate runs at its own level (optional) or at shadow (required)",
  },
};

function settingName(name: string): StoreSettingName {
  if (Object.hasOwn(settings, name)) return name as StoreSettingName;
  const close = closestName(name, Object.keys(settings));
  throw new UserError({
    code: ErrorCode.Usage,
    message: `unknown store setting "${name}"${close === undefined ? "" : `; did you mean "${close}"?`}`,
    hint: `the settings are: ${Object.keys(settings).join(", ")}`,
  });
}

export function registerStoreConfig(program: Command, io: Io): void {
  const config = program
    .command("store")
    .description("the store's own settings")
    .command("config")
    .description("show or change what the store allows");
  config
    .command("show")
    .description("every setting and its value")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (flags: { store?: string }) => {
      // Migrated (not only read): a store made before settings existed has no settings table yet.
      await withStore(flags, async ({ store }) => {
        for (const [name, setting] of Object.entries(settings)) {
          const value = (await store.settings.get(name as StoreSettingName)) ?? setting.values[0];
          io.out(`${name}: ${value}  (${setting.values.join(" or ")}: ${setting.about})`);
        }
      });
    });
  config
    .command("set")
    .description("change one setting")
    .argument("<name>", `the setting: ${Object.keys(settings).join(", ")}`)
    .argument("<value>", "its new value")
    .option("--store <path>", "the store (default .reins/reins.db, or REINS_STORE)")
    .action(async (name: string, value: string, flags: { store?: string }) => {
      const setting = settingName(name);
      const { values } = settings[setting];
      if (!values.includes(value))
        throw new UserError({
          code: ErrorCode.Usage,
          message: `store setting ${setting} takes ${values.join(" or ")}, got "${value}"`,
        });
      await withStore(flags, async ({ store }) => {
        await store.settings.set(setting, value);
        io.out(`${setting}: ${value}`);
      });
    });
}
