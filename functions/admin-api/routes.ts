/**
 * The route table: method, path, who may call it, what it is audited as, and the schemas of its parameters, body
 * and answer. app.ts validates and dispatches with it; openapi.ts renders docs/admin-api.openapi.json from it.
 */
import type * as z from "zod";
import type { AuditAction } from "./audit";
import type { Role } from "./auth";
import {
  AdoptionQuery,
  AdoptionReport,
  AuditPage,
  AuditQuery,
  IamReport,
  LoginConfig,
  Me,
  PasskeyDeleted,
  PasskeyList,
  PasskeyParams,
  Settings,
  SettingsChanged,
  SettingsUpdate,
  UserDetails,
  UsernameParams,
  UsersPage,
  UsersQuery,
} from "./schemas";

export interface RouteSpec {
  readonly method: "get" | "put" | "delete";
  /** OpenAPI style: `/v1/users/{username}`. */
  readonly path: string;
  readonly summary: string;
  /** "public": no token; "any": any valid token; else the least role. */
  readonly access: Role | "any" | "public";
  /** What an attempt (and a 403) is audited as. */
  readonly action: AuditAction | undefined;
  /** Whether every call writes an attempt and a result entry (views of a user, admin actions). */
  readonly audited: boolean;
  readonly query?: z.ZodType;
  readonly params?: z.ZodType;
  readonly body?: z.ZodType;
  readonly response: z.ZodType;
  /** Status codes this route answers besides 200 and the ones every route of its kind may answer. */
  readonly errors?: readonly number[];
}

export const ROUTES = {
  me: {
    method: "get",
    path: "/v1/me",
    summary: "The caller: username and groups, so the console can shape itself. Any valid token.",
    access: "any",
    action: "me_view",
    audited: false,
    response: Me,
  },
  adoption: {
    method: "get",
    path: "/v1/adoption",
    summary: "Passkey adoption per period, and headline figures against the previous period.",
    access: "auditor",
    action: "adoption_view",
    audited: false,
    query: AdoptionQuery,
    response: AdoptionReport,
  },
  users: {
    method: "get",
    path: "/v1/users",
    summary: "One page of the pool's users, optionally by e-mail prefix (Cognito ListUsers).",
    access: "auditor",
    action: "users_list",
    audited: false,
    query: UsersQuery,
    response: UsersPage,
  },
  user: {
    method: "get",
    path: "/v1/users/{username}",
    summary: "One user's status, MFA settings and e-mail verification (audited: who looked at whom).",
    access: "auditor",
    action: "user_view",
    audited: true,
    params: UsernameParams,
    response: UserDetails,
    errors: [404],
  },
  passkeys: {
    method: "get",
    path: "/v1/users/{username}/passkeys",
    summary: "The user's passkeys, through a passkey-list connect token used server side (audited).",
    access: "auditor",
    action: "passkeys_list",
    audited: true,
    params: UsernameParams,
    response: PasskeyList,
    errors: [404],
  },
  deletePasskey: {
    method: "delete",
    path: "/v1/users/{username}/passkeys/{passkeyId}",
    summary: "Deletes one passkey, through a passkey-delete connect token (admins; audited; rate-limited per admin).",
    access: "admin",
    action: "passkey_delete",
    audited: true,
    params: PasskeyParams,
    response: PasskeyDeleted,
    errors: [404],
  },
  settings: {
    method: "get",
    path: "/v1/settings",
    summary: "Passkey-first and the kill switch, their version, and who changed them last.",
    access: "auditor",
    action: "settings_view",
    audited: false,
    response: Settings,
  },
  updateSettings: {
    method: "put",
    path: "/v1/settings",
    summary: "Changes the settings if they are still at `version` (admins; audited).",
    access: "admin",
    action: "settings_update",
    audited: true,
    body: SettingsUpdate,
    response: SettingsChanged,
    errors: [409, 413, 415],
  },
  audit: {
    method: "get",
    path: "/v1/audit",
    summary: "Audit entries, newest first.",
    access: "auditor",
    action: "audit_list",
    audited: false,
    query: AuditQuery,
    response: AuditPage,
  },
  iamReport: {
    method: "get",
    path: "/v1/iam-report",
    summary: "The module's generated IAM report (docs/iam-report.json).",
    access: "auditor",
    action: "iam_report_view",
    audited: false,
    response: IamReport,
  },
  loginConfig: {
    method: "get",
    path: "/v1/public/login-config",
    summary: "For the login page: passkey-first, and whether passkey login is available. No token; cacheable.",
    access: "public",
    action: undefined,
    audited: false,
    response: LoginConfig,
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTES;
export const ROUTE_LIST: readonly RouteSpec[] = Object.values(ROUTES);

/** What each status means, for every route that may answer it (the OpenAPI document's error responses). */
export const STATUS_MEANING: Record<number, string> = {
  400: "invalid_request or invalid_json (see issues).",
  401: "token_missing, token_invalid or token_expired.",
  403: "forbidden: the token's groups do not allow this route (audited).",
  404: "user_not_found or passkey_not_found.",
  409: "settings_version_conflict: read the settings again.",
  413: "body_too_large (over 16 kB).",
  415: "unsupported_media_type (send application/json).",
  429: "too_many_requests or rate_limited, with Retry-After.",
  500: "config_invalid or internal_error.",
  502: "cognito_error, ssm_error, dynamodb_error, corbado_error, corbado_manage_not_allowed or jwks_error.",
  503: "audit_unavailable: the attempt could not be audited, so nothing was done.",
  504: "cognito_timeout, ssm_timeout, dynamodb_timeout, corbado_timeout, jwks_timeout or deadline_exceeded.",
};

/** The error statuses a route may answer. */
export function errorStatuses(route: RouteSpec): number[] {
  const common = route.access === "public" ? [429, 500] : [400, 401, 403, 429, 500, 502, 503, 504];
  return [...new Set([...common, ...(route.errors ?? [])])].sort((a, b) => a - b);
}
