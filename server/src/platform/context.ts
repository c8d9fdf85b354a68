import type { Config } from "../config";
import type { Authenticator } from "./auth/identity";
import type { LoginLimiter } from "./auth/rate-limit";
import type { VisitorTokens } from "./auth/visitor-token";
import type { EventBus } from "./bus";
import type { Database, Db } from "./db/client";
import type { Jobs } from "./jobs";
import type { Logger } from "./logger";
import type { RealtimeHub } from "./realtime/hub";
import type { SecretBox } from "./secret-box";
import type { FileStore } from "./storage";

/** What the composition root hands to every feature. Features take `db` explicitly from here. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  log: Logger;
  bus: EventBus;
  jobs: Jobs;
  secrets: SecretBox;
  visitorTokens: VisitorTokens;
  hub: RealtimeHub;
  storage: FileStore;
  loginLimiter: LoginLimiter;
  /** Sessions and visitor identities, read by the features that own them (wired in app.ts). */
  auth: Authenticator;
  /** Base URL used in snippets and webhook URLs; PUBLIC_URL or the address we listen on. */
  publicUrl: () => string;
  /** Our own loopback address (the sandbox's fake providers are mounted on this server). */
  internalUrl: () => string;
}
