/**
 * Operator commands, run against the configured database (`npm run admin -- <command>`), with the
 * same environment as the server. On the embedded database stop the server first: PGlite allows one
 * process per data directory.
 *
 *   reset-password EMAIL   a temporary password for a locked-out user (must be changed at login)
 *   reseal-secrets         seal all channel credentials with the newest key (after a rotation)
 */
import { ConfigError, loadConfig } from "../config";
import { findUserByEmail, resetPassword } from "../features/agents";
import { resealAllSecrets } from "../features/channels";
import { openDatabase } from "../platform/db/client";
import { loadSecretKeys, SecretBox } from "../platform/secret-box";

const USAGE = `Usage: npm run admin -- <command>

  reset-password EMAIL   print a temporary password for EMAIL (changed at the next login; all sessions end)
  reseal-secrets         re-encrypt every channel's credentials with the newest key (SECRET_KEY / SECRET_KEYS)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === "help" || command === "--help") {
    console.log(USAGE);
    return command ? 0 : 64;
  }
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    if (command === "reset-password") {
      const email = args[0];
      if (!email) {
        console.error("reset-password needs an email address\n");
        console.error(USAGE);
        return 64;
      }
      const user = await findUserByEmail(database.db, email);
      if (!user) {
        console.error(`No user with the email ${email}`);
        return 1;
      }
      const { temporaryPassword } = await resetPassword(database.db, user.id);
      console.log(`Temporary password for ${user.email}: ${temporaryPassword}`);
      console.log("It must be changed at the next login. All sessions of this user have ended.");
      return 0;
    }
    if (command === "reseal-secrets") {
      const box = new SecretBox(loadSecretKeys(config, config.dataDir));
      const r = await resealAllSecrets(database.db, box);
      console.log(`Re-sealed ${r.resealed} channel(s); ${r.current} already used the newest key.`);
      if (r.unreadable.length) {
        console.log(
          `No configured key opens the credentials of: ${r.unreadable.join(", ")}. Enter them again in Settings → Channels.`,
        );
        return 2;
      }
      return 0;
    }
    console.error(`Unknown command: ${command}\n`);
    console.error(USAGE);
    return 64;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(err instanceof ConfigError ? 78 : 1);
  },
);
