// `npm run bench`: every benchmark, each against a baseline measured in the same run.
// PostgreSQL cases run when BENCH_DATABASE_URL is set (e.g. postgres://postgres@127.0.0.1:5432/test).
import { analyticsBench } from "./analytics";
import { campaignSendBench } from "./campaign-send";
import { contactImportBench } from "./contact-import";
import { fanoutBench } from "./fanout";
import { inboxListBench } from "./inbox-list";
import { knowledgeSearchBench } from "./knowledge-search";
import { mediaStreamsBench } from "./media-streams";
import { responderBench } from "./responder";
import { routingBench } from "./routing";
import { segmentsBench } from "./segments";
import { sizesBench } from "./sizes";
import { statusThroughputBench } from "./status-throughput";
import { webhookIngestBench } from "./webhook-ingest";

// Dropping a benchmark database terminates any connection a pool still holds; that is expected.
process.on("uncaughtException", (err: Error & { code?: string }) => {
  if (err.code === "57P01") return;
  throw err;
});

const only = process.argv[2];
if (!only || only === "sizes") sizesBench();
if (!only || only === "fanout") await fanoutBench();
if (!only || only === "inbox") await inboxListBench();
if (!only || only === "ingest") await webhookIngestBench();
if (!only || only === "status") await statusThroughputBench();
if (!only || only === "knowledge") await knowledgeSearchBench();
if (!only || only === "routing") await routingBench();
if (!only || only === "responder") await responderBench();
if (!only || only === "contact-import") await contactImportBench();
if (!only || only === "segments") await segmentsBench();
if (!only || only === "media") await mediaStreamsBench();
if (!only || only === "analytics") await analyticsBench();
if (only === "campaign-send") await campaignSendBench();
process.exit(0);
