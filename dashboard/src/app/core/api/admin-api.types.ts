/**
 * Every wire type of the admin API the console uses, in one place: the request paths, query parameters and response
 * bodies, mirroring the API's zod schemas and route table (functions/admin-api/schemas.ts, routes.ts), from which
 * docs/admin-api.openapi.json is generated. Aligning with a change there is a change to this file only.
 */

/** Every error answer: `{code, message, requestId}` (+ `issues` for invalid_request). functions/admin-api/errors.ts */
export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
  readonly issues?: readonly { readonly in: string; readonly field: string; readonly problem: string }[];
}

export const API_PATHS = {
  /** GET Me. */
  me: "/v1/me",
  /** GET AdoptionReport; query AdoptionQuery. */
  adoption: "/v1/adoption",
  /** GET UserPage; query UsersQuery. */
  users: "/v1/users",
  user: (username: string) => `/v1/users/${encodeURIComponent(username)}`,
  passkeys: (username: string) => `/v1/users/${encodeURIComponent(username)}/passkeys`,
  passkey: (username: string, passkeyId: string) =>
    `/v1/users/${encodeURIComponent(username)}/passkeys/${encodeURIComponent(passkeyId)}`,
  /** GET SettingsView; PUT SettingsChange -> SettingsChanged, or 409 settings_version_conflict. */
  settings: "/v1/settings",
  /** GET AuditPage; query AuditQuery. */
  audit: "/v1/audit",
  /** GET the IAM report's JSON (docs/iam-report.json as built with the function): IamReportJson. */
  iamReport: "/v1/iam-report",
} as const;

/** The caller as the API sees it. */
export interface Me {
  readonly sub: string;
  readonly username: string;
  readonly groups: readonly string[];
  /** null: the token has neither group. */
  readonly role: "admin" | "auditor" | null;
}

// ---- Adoption (functions/admin-api/adoption-logic.ts) ----

export type Granularity = "day" | "week" | "month";

/** The longest range the API answers (400 invalid_request, range_too_long, beyond). */
export const MAX_ADOPTION_DAYS = 366;

/** `from` and `to` are UTC days (`YYYY-MM-DD`, both included), at most MAX_ADOPTION_DAYS apart. */
export interface AdoptionQuery {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
}

export interface PeriodFigures {
  readonly start: string;
  readonly end: string;
  readonly passkeyLogins: number;
  readonly passkeyLoginFailures: { readonly total: number; readonly byReason: Readonly<Record<string, number>> };
  /** Null when password logins are not counted (no post-authentication trigger). */
  readonly passwordLogins: number | null;
  readonly passkeysAdded: number;
  readonly newPasskeyUsers: number;
}

/** A ratio for the range and for the same number of days just before it. */
export interface Headline {
  readonly value: number | null;
  readonly previous: number | null;
  /** value - previous (0.05 = five percentage points); null if either is null. */
  readonly change: number | null;
}

export interface AdoptionReport {
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  readonly passwordLoginsCounted: boolean;
  readonly periods: readonly PeriodFigures[];
  readonly headline: {
    /** Passkey logins / all logins (null when password logins are not counted). */
    readonly passkeyShare: Headline;
    /** Failed passkey attempts / (failed attempts + passkey logins). */
    readonly failureRate: Headline;
    /** Passkey users at the end of the range / the pool's estimated number of users. */
    readonly passkeyUsersShare: Headline & { readonly passkeyUsers: number; readonly poolSize: number | null };
  };
}

// ---- Users ----

/**
 * `emailPrefix`: the start of the e-mail address, case-sensitive, 1..245 characters without quotes, backslashes,
 * spaces or control characters (the API refuses others with 400); `limit` 1..60; `next` the previous page's.
 */
export interface UsersQuery {
  readonly emailPrefix?: string;
  readonly limit: number;
  readonly next?: string;
}

export const MAX_EMAIL_PREFIX_LENGTH = 245;

export interface UserSummary {
  readonly username: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  /** Cognito's UserStatus, e.g. CONFIRMED, FORCE_CHANGE_PASSWORD. */
  readonly status: string;
  readonly enabled: boolean;
  readonly created: string | null;
}

export interface UserPage {
  readonly users: readonly UserSummary[];
  /** Null on the last page. */
  readonly next: string | null;
}

export interface UserDetails extends UserSummary {
  readonly lastModified: string | null;
  readonly mfa: {
    /** e.g. SOFTWARE_TOKEN_MFA, SMS_MFA; null when none is preferred. */
    readonly preferred: string | null;
    readonly enabled: readonly string[];
  };
}

/** A passkey as the console shows it (the API's subset of Corbado's passkey). */
export interface PasskeySummary {
  readonly id: string;
  readonly credentialId: string;
  readonly authenticatorName: string;
  readonly created: string;
  readonly lastUsed: string;
  readonly status: string;
  readonly sourceOS: string;
  readonly sourceBrowser: string;
  readonly backupEligible: boolean;
  /** True: synced (backed up by a passkey provider); false: bound to one device. */
  readonly backupState: boolean;
  readonly transports: readonly string[];
}

export interface PasskeyList {
  readonly passkeys: readonly PasskeySummary[];
}

/** The answer of DELETE …/passkeys/{passkeyId}. */
export interface PasskeyDeleted {
  readonly passkeyId: string;
  readonly deleted: true;
}

// ---- Login settings ----

export interface SettingsView {
  readonly passkeyFirst: boolean;
  readonly killSwitch: boolean;
  /** False when the parameter's value is not valid settings: define then treats the kill switch as on. */
  readonly valid: boolean;
  /** SSM's version of the parameter: send it back with a change. */
  readonly version: number;
  /** Who made the change that produced this version through the console; null when it was made elsewhere. */
  readonly changedBy: { readonly sub: string; readonly username: string } | null;
  readonly changedAt: string | null;
  /** A change reaches every login within this many seconds (the triggers' settings cache). */
  readonly takesEffectWithinSeconds: number;
}

/** Body of PUT /v1/settings: the new values and the version they were read at. */
export interface SettingsChange {
  readonly passkeyFirst: boolean;
  readonly killSwitch: boolean;
  readonly version: number;
}

/** The answer to a change. */
export interface SettingsChanged extends SettingsView {
  /** Every login uses the new settings from this time on. */
  readonly effectiveBy: string;
}

// ---- Audit log ----

/**
 * `from`/`to`: a UTC day (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM[:SS[.sss]]Z), `to` as a day means its end; `actor`
 * matches a sub or username exactly; `limit` 1..100; `next` is the previous page's.
 */
export interface AuditQuery {
  readonly from?: string;
  readonly to?: string;
  readonly actor?: string;
  readonly action?: string;
  readonly limit: number;
  readonly next?: string;
}

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
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  readonly id: string;
  readonly time: string;
  readonly phase: "attempt" | "result";
  readonly action: string;
  readonly actor: { readonly sub: string; readonly username: string; readonly groups: readonly string[] };
  readonly target: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
  /** `ok`, `forbidden`, `rate_limited`, `conflict`, `not_found`, `failed`; null on attempt entries. */
  readonly result: string | null;
  readonly errorCode: string | null;
  readonly requestId: string;
  readonly sourceIp: string;
  readonly userAgent: string;
}

export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  readonly next: string | null;
}

// ---- IAM report (GET /v1/iam-report) ----

/**
 * docs/iam-report.json as `npm run audit:iam` writes it (infra/audit/render.ts ReportDocument): the first page
 * (module version and hashes, scope, findings, what it does not prove), a summary, who may act on each resource,
 * every principal with its simulated matrix, people and pipelines, drift, limitations and the control matrix.
 * The IAM report page maps it to its own model in one function (features/iam-report/iam-report.mapping.ts).
 */
export interface IamReportJson {
  readonly generated: string;
  readonly module: {
    readonly name: string;
    readonly version: string;
    readonly file: string;
    /** sha256 is null for a file that carries the report itself. */
    readonly files: readonly { readonly file: string; readonly sha256: string | null }[];
  };
  readonly scope: string;
  readonly findings: readonly IamFindingJson[];
  readonly notProven: readonly string[];
  readonly limitations: readonly string[];
  readonly controls: readonly IamControlJson[];
  readonly principals: readonly IamPrincipalJson[];
  readonly byResource: readonly IamResourceAccessJson[];
  /** Who may read, use or change the secret, the key, the pool, the settings (absent from older reports). */
  readonly keyResources?: readonly IamKeyResourceJson[];
  readonly resourcePolicies?: readonly IamResourcePolicyJson[];
  readonly resources: readonly IamResourceJson[];
  readonly scenarios: readonly {
    readonly name: string;
    readonly description: string;
    readonly variables: Readonly<Record<string, unknown>>;
  }[];
  readonly tools: readonly { readonly name: string; readonly version: string; readonly license: string }[];
  readonly iamData: { readonly version: string; readonly updatedAt: string };
}

export interface IamFindingJson {
  readonly id: string;
  readonly severity: "info" | "warning" | "high";
  readonly title: string;
  readonly text: string;
  /** Anchor of the report section that proves it (docs/iam-report.md). */
  readonly evidence: string;
}

export interface IamControlJson {
  readonly id: string;
  readonly control: string;
  readonly soc2: readonly string[];
  readonly iso27001: readonly string[];
  readonly implementation: readonly string[];
  readonly owners: readonly string[];
  readonly evidence: readonly (
    | { readonly kind: "report"; readonly anchor: string; readonly label: string }
    | { readonly kind: "doc"; readonly file: string; readonly anchor?: string; readonly label: string }
    | { readonly kind: "spec"; readonly file: string; readonly name: string }
  )[];
  readonly customerAction: string;
}

export interface IamResourceJson {
  readonly arn: string;
  readonly label: string;
  readonly kind: "module" | "caller" | "neighbour";
}

/** Who may act on one resource: the principals (by id) and the actions the simulation allowed them. */
export interface IamResourceAccessJson extends IamResourceJson {
  readonly id: string;
  readonly access: readonly {
    readonly principalId: string;
    readonly actions: readonly string[];
    readonly grantedBy: readonly string[];
  }[];
}

/** One resource an auditor asks about first, with each principal's allowed actions by IAM access level. */
export interface IamKeyResourceJson {
  readonly id: string;
  readonly title: string;
  readonly about: string;
  readonly resources: readonly { readonly arn: string; readonly label: string }[];
  readonly access: readonly {
    readonly principalId: string;
    readonly principal: string;
    readonly scenarios: readonly string[];
    readonly actions: readonly string[];
    /** IAM's access levels (Read, List, Write, Use, Permissions management, ...). */
    readonly byLevel: readonly { readonly level: string; readonly actions: readonly string[] }[];
    readonly grantedBy: readonly string[];
  }[];
  /** Ids of entries in resourcePolicies. */
  readonly resourcePolicies: readonly string[];
}

/** A policy on a resource (a key policy, a Lambda resource policy), with the cases simulated against it. */
export interface IamResourcePolicyJson {
  readonly id: string;
  readonly arn: string;
  readonly label: string;
  readonly kind: string;
  readonly scenarios: readonly string[];
  readonly document: IamPolicyDocumentJson;
  readonly cases: readonly {
    readonly case: string;
    readonly principal: string;
    readonly action: string;
    readonly context: string;
    readonly result: string;
  }[];
}

export interface IamPolicyDocumentJson {
  readonly Version?: string;
  readonly Statement: readonly Readonly<Record<string, unknown>>[];
}

export interface IamPrincipalJson {
  /** Anchor of its section, unique in the report. */
  readonly id: string;
  /** Title and scenarios. */
  readonly name: string;
  /** module: a role the module deploys; person: a generated policy for a person or pipeline. */
  readonly kind: "module" | "person";
  readonly address: string;
  readonly roleName: string;
  readonly arn: string;
  readonly scenarios: readonly string[];
  readonly title: string;
  readonly actor: string;
  readonly purpose: string;
  readonly risk: { readonly tier: "high" | "medium" | "low"; readonly why: string };
  readonly path: string;
  readonly maxSessionDuration: number | null;
  readonly permissionsBoundary: string | null;
  readonly pinned: { readonly inline: readonly string[] | null; readonly attachments: readonly string[] | null } | null;
  /** null for a person. */
  readonly trustPolicy: IamPolicyDocumentJson | null;
  readonly trust: readonly {
    readonly case: string;
    readonly principal: string;
    readonly externalId: string | null;
    readonly sessionName?: string | null;
    readonly result: string;
  }[];
  readonly policies: readonly {
    readonly address: string;
    readonly name: string;
    readonly document: IamPolicyDocumentJson;
  }[];
  readonly statements: readonly {
    readonly policy: string;
    readonly sid: string;
    readonly effect: string;
    readonly actions: readonly string[];
    readonly resources: readonly string[];
    readonly condition: unknown;
    readonly reason: string;
  }[];
  readonly matrix: {
    readonly services: readonly string[];
    /** Allowed requests grouped by action, context and granting statements, with every resource allowed. */
    readonly allowed: readonly {
      readonly action: string;
      readonly context: string;
      readonly grantedBy: readonly string[];
      readonly resources: readonly string[];
      readonly probes?: Readonly<Record<string, { readonly arn: string; readonly result: string }>>;
    }[];
    readonly counts: readonly {
      readonly service: string;
      readonly actions: number;
      readonly simulated: number;
      readonly allowed: number;
      readonly implicitlyDenied: number;
      readonly explicitlyDenied: number;
    }[];
  };
}
