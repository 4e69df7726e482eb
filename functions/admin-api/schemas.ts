/**
 * The zod schemas of every request and response: the handler validates with them and the OpenAPI document
 * (docs/admin-api.openapi.json) is generated from them (openapi.ts, with zod's own toJSONSchema), so the two cannot
 * drift. Request objects are strict: an unknown query parameter or body field is a 400, not silently ignored.
 *
 * `import * as z` on purpose: esbuild then keeps only the parts of zod used here (~27 kB gzipped); importing the
 * `z` namespace object (as @hono/zod-openapi does) keeps all of zod (~93 kB gzipped).
 */
import * as z from "zod";
import { MAX_USERNAME_LENGTH, usernamePattern } from "../shared/cognito-names";
import { isDay } from "./adoption-logic";
import { ERROR_CODES } from "./errors";
import { isSearchablePrefix, MAX_PREFIX_LENGTH } from "./users-filter";

export const AUDIT_ACTIONS = [
  "me_view",
  "adoption_view",
  "users_list",
  "user_view",
  "passkeys_list",
  "passkey_delete",
  "settings_view",
  "settings_update",
  "audit_list",
  "iam_report_view",
] as const;

export const ErrorResponse = z
  .object({
    code: z
      .enum(ERROR_CODES as [string, ...string[]])
      .meta({ description: "Machine-readable; see docs/admin-api.md." }),
    message: z.string().meta({ description: "Fixed text per code: never echoes input." }),
    requestId: z.string(),
    issues: z
      .array(
        z.object({
          in: z.enum(["query", "path", "body"]),
          field: z.string().meta({ description: "Parameter or field name; empty for the whole." }),
          problem: z.string().meta({ description: "What is wrong, as a code (e.g. invalid_type, too_big)." }),
        }),
      )
      .optional(),
  })
  .meta({ id: "Error" });

// --- /v1/me
export const Me = z
  .object({
    sub: z.string(),
    username: z.string(),
    groups: z.array(z.string()),
    role: z.enum(["admin", "auditor"]).nullable().meta({ description: "null: the token has neither group." }),
  })
  .meta({ id: "Me" });

// --- /v1/adoption
const Day = z
  .string()
  .refine(isDay, { message: "not a day" })
  .meta({ format: "date", examples: ["2026-11-21"], description: "A UTC day, YYYY-MM-DD." });

export const AdoptionQuery = z
  .object({
    from: Day.optional().meta({ description: "First day (default: 29 days before `to`)." }),
    to: Day.optional().meta({ description: "Last day, included (default: today, UTC)." }),
    granularity: z.enum(["day", "week", "month"]).default("day"),
  })
  .strict();

const HeadlineFigure = z.object({
  value: z.number().nullable(),
  previous: z.number().nullable().meta({ description: "The same figure for as many days just before `from`." }),
  change: z.number().nullable().meta({ description: "value - previous (a difference of ratios)." }),
});

export const AdoptionReport = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(["day", "week", "month"]),
    passwordLoginsCounted: z
      .boolean()
      .meta({ description: "False: no post-authentication trigger counts logins, so password logins are unknown." }),
    periods: z.array(
      z.object({
        start: z.string(),
        end: z.string(),
        passkeyLogins: z.number().int(),
        passkeyLoginFailures: z.object({ total: z.number().int(), byReason: z.record(z.string(), z.number().int()) }),
        passwordLogins: z.number().int().nullable(),
        passkeysAdded: z.number().int(),
        newPasskeyUsers: z.number().int(),
      }),
    ),
    headline: z.object({
      passkeyShare: HeadlineFigure,
      failureRate: HeadlineFigure,
      passkeyUsersShare: HeadlineFigure.extend({
        passkeyUsers: z.number().int(),
        poolSize: z.number().int().nullable(),
      }),
    }),
  })
  .meta({ id: "AdoptionReport" });

// --- /v1/users
/** Cognito's username pattern (functions/shared/cognito-names.ts), 1..128 characters: no spaces or controls. */
const Username = z
  .string()
  .min(1)
  .max(MAX_USERNAME_LENGTH)
  .regex(usernamePattern())
  .meta({ description: "The Cognito username." });

export const UsernameParams = z.object({ username: Username }).strict();

export const UsersQuery = z
  .object({
    emailPrefix: z
      .string()
      .max(MAX_PREFIX_LENGTH)
      .refine(isSearchablePrefix, { message: "not searchable" })
      .optional()
      .meta({
        description: `Start of the e-mail address, case-sensitive, 1..${MAX_PREFIX_LENGTH} characters without quotes, backslashes, spaces or control characters.`,
      }),
    limit: z.coerce.number().int().min(1).max(60).default(25),
    next: z
      .string()
      .min(1)
      .max(4096)
      .regex(/^[\x21-\x7e]+$/)
      .optional()
      .meta({ description: "The `next` of the previous page (Cognito's pagination token)." }),
  })
  .strict();

const UserSummary = z.object({
  username: z.string(),
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  status: z.string().meta({ description: "Cognito's UserStatus, e.g. CONFIRMED." }),
  enabled: z.boolean(),
  created: z.string().nullable(),
});

export const UsersPage = z
  .object({ users: z.array(UserSummary), next: z.string().nullable() })
  .meta({ id: "UsersPage" });

export const UserDetails = UserSummary.extend({
  lastModified: z.string().nullable(),
  mfa: z.object({
    enabled: z.array(z.string()).meta({ description: "e.g. SMS_MFA, SOFTWARE_TOKEN_MFA." }),
    preferred: z.string().nullable(),
  }),
}).meta({ id: "UserDetails" });

// --- passkeys
export const PasskeyParams = z
  .object({
    username: Username,
    passkeyId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,128}$/)
      .meta({ description: "The passkey's `id` from the list." }),
  })
  .strict();

export const PasskeyList = z
  .object({
    passkeys: z.array(
      z.object({
        id: z.string(),
        credentialId: z.string(),
        authenticatorName: z.string(),
        created: z.string(),
        lastUsed: z.string(),
        status: z.string(),
        sourceOS: z.string(),
        sourceBrowser: z.string(),
        backupEligible: z.boolean(),
        backupState: z.boolean(),
        transports: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: "PasskeyList" });

export const PasskeyDeleted = z
  .object({ passkeyId: z.string(), deleted: z.literal(true) })
  .meta({ id: "PasskeyDeleted" });

// --- settings
export const Settings = z
  .object({
    passkeyFirst: z.boolean(),
    killSwitch: z.boolean(),
    valid: z.boolean().meta({ description: "False: the parameter holds no valid settings (define fails safe)." }),
    version: z.number().int().meta({ description: "Send it back with a change (SSM's parameter version)." }),
    changedBy: z.object({ sub: z.string(), username: z.string() }).nullable(),
    changedAt: z.string().nullable(),
    takesEffectWithinSeconds: z.number().int(),
  })
  .meta({ id: "Settings" });

export const SettingsUpdate = z
  .object({
    version: z.number().int().min(1),
    passkeyFirst: z.boolean(),
    killSwitch: z.boolean(),
  })
  .strict()
  .meta({ id: "SettingsUpdate" });

export const SettingsChanged = Settings.extend({
  effectiveBy: z.string().meta({ description: "Every login uses the new settings from this time on." }),
}).meta({ id: "SettingsChanged" });

export const LoginConfig = z
  .object({ passkeyFirst: z.boolean(), passkeyLoginAvailable: z.boolean() })
  .meta({ id: "LoginConfig" });

// --- audit
const Instant = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/.test(v) && !Number.isNaN(Date.parse(v)), {
    message: "not a time",
  })
  .meta({ description: "A UTC day (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM[:SS[.sss]]Z)." });

export const AuditQuery = z
  .object({
    from: Instant.optional().meta({ description: "Oldest entry (default: 30 days before `to`)." }),
    to: Instant.optional().meta({ description: "Newest entry (default: now); a day means its end." }),
    actor: z
      .string()
      .min(1)
      .max(256)
      .regex(usernamePattern())
      .optional()
      .meta({ description: "The actor's sub or username, exactly." }),
    action: z.enum(AUDIT_ACTIONS).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    next: z
      .string()
      .min(1)
      .max(1024)
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional(),
  })
  .strict();

export const AuditPage = z
  .object({
    entries: z.array(
      z.object({
        id: z.string(),
        time: z.string(),
        phase: z.enum(["attempt", "result"]),
        action: z.string(),
        actor: z.object({ sub: z.string(), username: z.string(), groups: z.array(z.string()) }),
        target: z.string().nullable(),
        details: z.record(z.string(), z.unknown()).nullable(),
        result: z.string().nullable(),
        errorCode: z.string().nullable(),
        requestId: z.string(),
        sourceIp: z.string(),
        userAgent: z.string(),
      }),
    ),
    next: z.string().nullable(),
  })
  .meta({ id: "AuditPage" });

export const IamReport = z
  .record(z.string(), z.unknown())
  .meta({ id: "IamReport", description: "docs/iam-report.json as built with this function." });
