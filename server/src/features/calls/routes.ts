import {
  callDashboardQuery,
  callDashboardSchema,
  callDetailSchema,
  callListSchema,
  callSchema,
  callSettingsSchema,
  createCallBody,
  createSandboxCallBody,
  idParams,
  listCallsQuery,
  recordingLinkSchema,
  SANDBOX_SPEECH_MAX_BYTES,
  sandboxSayBody,
  sandboxSpeechStatusSchema,
  sandboxSpeechTurnSchema,
  sandboxTurnSchema,
  saveCallSettingsBody,
} from "@switchboard/contracts";
import type { AppContext } from "../../platform/context";
import { AppError } from "../../platform/errors";
import { defineRoute } from "../../platform/http/route";
import { sendBytes } from "../../platform/http/send-bytes";
import { recordAudit, requestActor } from "../audit";
import { callDashboard } from "./dashboard";
import { createCall } from "./place-call";
import { callRow, getCallDetail, listCalls } from "./queries";
import { hangUpSandbox, saySandbox, startSandboxCall } from "./sandbox-call";
import { sandboxSpeechStatus, saySandboxSpeech } from "./sandbox-speech";
import { signRecordingLink, verifyRecordingLink } from "./recording-links";
import { readCallSettings, saveCallSettings } from "./settings";

const canUseCalls = (role: string) => role === "admin" || role === "agent";

export function callRoutes(ctx: AppContext) {
  return [
    defineRoute({
      method: "get",
      path: "/api/call-settings",
      guard: "admin",
      summary: "The Twilio account calls go through (secrets never returned)",
      tags: ["calls"],
      response: callSettingsSchema,
      handler: () => readCallSettings(ctx),
    }),
    defineRoute({
      method: "put",
      path: "/api/call-settings",
      guard: "admin",
      summary: "Save the Twilio account (sealed; takes precedence over the environment)",
      tags: ["calls"],
      body: saveCallSettingsBody,
      response: callSettingsSchema,
      handler: ({ user, body, req }) => saveCallSettings(ctx, requestActor(req, user), body),
    }),
    defineRoute({
      method: "get",
      path: "/api/call-dashboard",
      guard: "agent",
      summary:
        "The live call dashboard: calls by state, calls in progress with transcripts, latency p50/p90, campaign outcomes",
      tags: ["calls"],
      query: callDashboardQuery,
      response: callDashboardSchema,
      handler: ({ query }) => callDashboard(ctx.db, query),
    }),
    defineRoute({
      method: "get",
      path: "/api/calls",
      guard: "agent",
      summary: "Phone calls, newest first (filters: category, status, direction, contact)",
      tags: ["calls"],
      query: listCallsQuery,
      response: callListSchema,
      handler: ({ query }) => listCalls(ctx.db, query),
    }),
    defineRoute({
      method: "post",
      path: "/api/calls",
      guard: "agent",
      summary: "Call one contact (stored queued, then placed by a job through Twilio)",
      tags: ["calls"],
      body: createCallBody,
      response: callSchema,
      status: 201,
      handler: ({ user, body }) => createCall(ctx, user, body),
    }),
    defineRoute({
      method: "post",
      path: "/api/calls/sandbox",
      guard: "agent",
      summary: 'A "call me" sandbox call: you play the callee by typing; no phone call, no recording',
      tags: ["calls"],
      body: createSandboxCallBody,
      response: sandboxTurnSchema,
      status: 201,
      handler: ({ user, body }) => startSandboxCall(ctx, user, body),
    }),
    defineRoute({
      method: "post",
      path: "/api/calls/:id/sandbox",
      guard: "agent",
      summary: "What the callee says on a sandbox call; returns the agent's reply",
      tags: ["calls"],
      params: idParams,
      body: sandboxSayBody,
      response: sandboxTurnSchema,
      handler: ({ params, body }) => saySandbox(ctx, params.id, body.text),
    }),
    defineRoute({
      method: "get",
      path: "/api/calls/sandbox/speech",
      guard: "agent",
      summary: "Whether Call me can take the microphone (a speech-recognition provider is configured), and why not",
      tags: ["calls"],
      response: sandboxSpeechStatusSchema,
      handler: ({ user }) => {
        if (!canUseCalls(user.role)) throw new AppError("forbidden", "Calls are not available to you");
        return sandboxSpeechStatus(ctx);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/calls/:id/sandbox/speech",
      guard: "agent",
      summary:
        "The callee speaks on a sandbox call: a recorded clip (multipart `file`, webm/opus) is transcribed and said",
      tags: ["calls"],
      params: idParams,
      multipart: true,
      maxUploadBytes: SANDBOX_SPEECH_MAX_BYTES,
      response: sandboxSpeechTurnSchema,
      handler: ({ params, user, req }) => {
        if (!canUseCalls(user.role)) throw new AppError("forbidden", "Calls are not available to you");
        return saySandboxSpeech(ctx, params.id, req.file);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/calls/:id/sandbox/hang-up",
      guard: "agent",
      summary: "The callee hangs up a sandbox call (completed; no outcome unless the flow had ended)",
      tags: ["calls"],
      params: idParams,
      response: sandboxTurnSchema,
      handler: ({ params }) => hangUpSandbox(ctx, params.id),
    }),
    defineRoute({
      method: "get",
      path: "/api/calls/:id",
      guard: "agent",
      summary: "One call with its timeline (the call page)",
      tags: ["calls"],
      params: idParams,
      response: callDetailSchema,
      handler: ({ params }) => getCallDetail(ctx.db, params.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/calls/:id/recording-link",
      guard: "agent",
      summary: "A signed link to the call's recording, for me, valid 5 minutes",
      tags: ["calls"],
      params: idParams,
      response: recordingLinkSchema,
      handler: async ({ params, user }) => {
        const row = await callRow(ctx.db, params.id);
        if (!row) throw new AppError("not_found", "No such call");
        if (row.recordingState !== "stored")
          throw new AppError("conflict", `No recording: ${row.recordingReason ?? row.recordingState}`);
        return signRecordingLink(ctx, row.id, user.id, Date.now());
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/calls/:id/recording",
      guard: "agent",
      summary: "The recording's bytes (a signed link made for the signed-in user; audited)",
      tags: ["calls"],
      params: idParams,
      handler: async ({ params, user, req, res }) => {
        if (!canUseCalls(user.role)) throw new AppError("forbidden", "Calls are not available to you");
        if (!verifyRecordingLink(ctx, params.id, user.id, req.query.exp, req.query.sig, Date.now()))
          throw new AppError("forbidden", "This recording link is invalid, expired or made for someone else");
        const row = await callRow(ctx.db, params.id);
        if (!row || row.recordingState !== "stored" || !row.recordingKey)
          throw new AppError("not_found", "No recording");
        const bytes = await ctx.storage.get(row.recordingKey);
        // One entry per download, not per range request of the same player.
        if (!req.headers.range || /^bytes=0-/.test(req.headers.range))
          await recordAudit(ctx.db, requestActor(req, user), {
            action: "call.recording_downloaded",
            summary: `Recording of call ${row.id} downloaded`,
            target: { type: "call", id: row.id },
            details: { bytes: bytes.length, range: req.headers.range ?? null },
          });
        res.setHeader("Content-Type", row.recordingContentType ?? "audio/wav");
        res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        res.setHeader("Cache-Control", "private, no-store");
        res.setHeader("Content-Disposition", `inline; filename="call-${row.id}.wav"`);
        sendBytes(req, res, bytes);
        return res;
      },
    }),
  ];
}
