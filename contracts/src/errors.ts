import { z } from "zod";

/** Every error code the API can answer with, and the HTTP status it maps to. One table, shared with clients. */
export const errorStatus = {
  validation_failed: 400,
  bad_request: 400,
  /** A retarget's step has no recipients in the source campaign: nothing to create. */
  retarget_empty: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_signature: 401,
  forbidden: 403,
  csrf_rejected: 403,
  password_change_required: 403,
  origin_not_allowed: 403,
  identity_verification_failed: 403,
  not_found: 404,
  conflict: 409,
  /** A ticket status change the workflow does not allow (closed is final, new is only a start). */
  invalid_transition: 409,
  setup_already_done: 409,
  payload_too_large: 413,
  reply_window_closed: 422,
  channel_unavailable: 422,
  attachment_not_supported: 422,
  text_too_long: 422,
  not_an_ai_message: 422,
  unknown_reference: 422,
  settings_invalid: 422,
  /** Meta refused a message template (format, variables, language…): its words are in the message. */
  template_rejected: 422,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  provider_unavailable: 502,
  provider_rejected: 502,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
