/**
 * Users of the pool: ListUsers (one call per page, Cognito's PaginationToken as `next`, an optional e-mail prefix
 * filter) and AdminGetUser for one user's details. The pool is never scanned: the console pages on demand.
 */
import { asApiError, awsErrorType, type AwsCall } from "../api-shared/aws";
import type { Deadline } from "../api-shared/deadline";
import { ApiError } from "./errors";
import { buildEmailPrefixFilter } from "./users-filter";

export interface UserSummary {
  readonly username: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly status: string;
  readonly enabled: boolean;
  readonly created: string | null;
}

export interface UserDetails extends UserSummary {
  readonly lastModified: string | null;
  readonly mfa: { readonly enabled: string[]; readonly preferred: string | null };
}

const text = (v: unknown): string | null => (typeof v === "string" ? v : null);
/** Cognito's JSON 1.1 dates are epoch seconds. */
const time = (v: unknown): string | null => {
  if (typeof v !== "number" || !Number.isFinite(v)) return null;
  const d = new Date(v * 1000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

function attributes(list: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(list)) return out;
  for (const a of list as Record<string, unknown>[]) {
    if (typeof a?.Name === "string" && typeof a.Value === "string") out.set(a.Name, a.Value);
  }
  return out;
}

function summary(u: Record<string, unknown>, attrs: Map<string, string>): UserSummary {
  return {
    username: text(u.Username) ?? "",
    email: attrs.get("email") ?? null,
    emailVerified: attrs.get("email_verified") === "true",
    status: text(u.UserStatus) ?? "UNKNOWN",
    enabled: u.Enabled === true,
    created: time(u.UserCreateDate),
  };
}

export function createUserDirectory(aws: AwsCall, userPoolId: string) {
  return {
    async list(
      query: { emailPrefix?: string; limit: number; next?: string },
      deadline: Deadline,
    ): Promise<{ users: UserSummary[]; next: string | null }> {
      let body: Record<string, unknown>;
      try {
        body = await aws(
          "cognito",
          "ListUsers",
          {
            UserPoolId: userPoolId,
            Limit: query.limit,
            ...(query.emailPrefix !== undefined ? { Filter: buildEmailPrefixFilter(query.emailPrefix) } : {}),
            ...(query.next !== undefined ? { PaginationToken: query.next } : {}),
          },
          deadline,
        );
      } catch (error) {
        // A token from another query or pool, or an expired one.
        if (awsErrorType(error) === "InvalidParameterException" && query.next !== undefined) {
          throw new ApiError("invalid_request", {
            issues: [{ in: "query", field: "next", problem: "invalid_cursor" }],
          });
        }
        throw asApiError("cognito", error);
      }
      const users = Array.isArray(body.Users) ? (body.Users as Record<string, unknown>[]) : [];
      return {
        users: users.map((u) => summary(u, attributes(u.Attributes))),
        next: typeof body.PaginationToken === "string" && body.PaginationToken !== "" ? body.PaginationToken : null,
      };
    },

    async get(username: string, deadline: Deadline): Promise<UserDetails> {
      let u: Record<string, unknown>;
      try {
        u = await aws("cognito", "AdminGetUser", { UserPoolId: userPoolId, Username: username }, deadline);
      } catch (error) {
        if (awsErrorType(error) === "UserNotFoundException") throw new ApiError("user_not_found");
        throw asApiError("cognito", error);
      }
      const mfa = Array.isArray(u.UserMFASettingList)
        ? (u.UserMFASettingList as unknown[]).filter((m): m is string => typeof m === "string")
        : [];
      return {
        ...summary(u, attributes(u.UserAttributes)),
        lastModified: time(u.UserLastModifiedDate),
        mfa: { enabled: mfa, preferred: text(u.PreferredMfaSetting) },
      };
    },
  };
}
