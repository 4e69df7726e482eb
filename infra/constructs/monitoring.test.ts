import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it, mock } from "node:test";
import { TerraformStack, Testing } from "cdktf";
import { createDefineAuthChallengeHandler } from "../../functions/define-auth-challenge/handler-factory";
import { createSettingsReader, type SettingsResult } from "../../functions/define-auth-challenge/settings";
import { HttpError, type Post } from "../../functions/shared/http";
import { SsmError } from "../../functions/shared/ssm";
import { createVerifyAuthChallengeHandler } from "../../functions/verify-auth-challenge/handler-factory";
import { lambdaJsonLogEvent, matchesJsonFilter } from "../../tools/local/metric-filter";
import { CorbadoPasskeys } from "./corbado-passkeys";
import { filterPattern, LOG_METRICS } from "./monitoring";
import type { CorbadoPasskeysProps } from "./props";

type Block = Record<string, unknown>;
const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Real log lines: each case runs a trigger's handler once, with the console captured, in Lambda's JSON log
 * format (AWS_LAMBDA_LOG_FORMAT=JSON), and writes each console call as Lambda does. Keyed by what happened.
 */
const lines = new Map<string, string[]>();
const LEVEL = { info: "INFO", warn: "WARN", error: "ERROR", log: "INFO" } as const;

async function capture(key: string, run: () => Promise<unknown>): Promise<void> {
  const captured: string[] = [];
  const mocks = (Object.keys(LEVEL) as (keyof typeof LEVEL)[]).map((method) =>
    mock.method(console, method, (message: unknown) =>
      captured.push(lambdaJsonLogEvent(LEVEL[method], "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", message)),
    ),
  );
  try {
    await run();
  } finally {
    for (const m of mocks) m.mock.restore();
  }
  lines.set(key, captured);
}

const verifyEvent = () => ({
  triggerSource: "VerifyAuthChallengeResponse_Authentication",
  userPoolId: "eu-central-1_AbC123",
  request: { privateChallengeParameters: { username: "5f1b2c3d-user" }, challengeAnswer: "signed-passkey-data" },
  response: {},
});

function verify(post: Post, getSecret: () => Promise<string> = () => Promise.resolve("cHJvOnNlY3JldA==")) {
  const handler = createVerifyAuthChallengeHandler({
    getSecret,
    config: { backendApiUrl: "https://backendapi.example.test", timeoutMs: 1000, earlyReject: false },
    post,
  });
  return handler(verifyEvent(), { awsRequestId: "req-verify" });
}

const answer =
  (status: number, body: string): Post =>
  () =>
    Promise.resolve({ status, body });
const failure =
  (reason: "timeout" | "unreachable"): Post =>
  () =>
    Promise.reject(new HttpError(reason));

const defineEvent = () => ({
  triggerSource: "DefineAuthChallenge_Authentication",
  userPoolId: "eu-central-1_AbC123",
  request: { session: [], userNotFound: false },
  response: {},
});

function define(getSettings: () => Promise<SettingsResult>) {
  return createDefineAuthChallengeHandler({ maxAttempts: 3, getSettings })(defineEvent(), {
    awsRequestId: "req-define",
  });
}

const settings = (readParameter: () => Promise<string>) =>
  createSettingsReader({
    parameterName: "/corbado-passkeys/login-settings",
    ttlMs: 30_000,
    retryMs: 2_000,
    killSwitchWhenUnreadable: true,
    readParameter,
  });

before(async () => {
  process.env.AWS_LAMBDA_LOG_FORMAT = "JSON";
  await capture("corbado timeout", () => verify(failure("timeout")));
  await capture("corbado unreachable", () => verify(failure("unreachable")));
  await capture("corbado 500", () => verify(answer(500, "")));
  await capture("corbado 401", () => verify(answer(401, "{}")));
  await capture("corbado bad body", () => verify(answer(200, "<html>")));
  await capture("secret unreadable", () =>
    verify(answer(200, "{}"), () => Promise.reject(new SsmError("ssm_throttled"))),
  );
  await capture("verified", () => verify(answer(200, '{"verificationResult":"success"}')));
  await capture("settings throttled", () => define(settings(() => Promise.reject(new SsmError("ssm_throttled")))));
  await capture("settings invalid", () =>
    define(settings(() => Promise.resolve('{"killSwitch":"true","passkeyFirst":false}'))),
  );
  await capture("kill switch on", () =>
    define(settings(() => Promise.resolve('{"killSwitch":true,"passkeyFirst":false}'))),
  );
  await capture("kill switch off", () =>
    define(settings(() => Promise.resolve('{"killSwitch":false,"passkeyFirst":false}'))),
  );
  await capture("define bug", () => define(() => Promise.reject(new Error("a bug"))));
});

after(() => {
  delete process.env.AWS_LAMBDA_LOG_FORMAT;
});

/** Which captured case each metric counts, and nothing else of all the cases. */
const EXPECTED: Record<string, string[]> = {
  CorbadoTimeout: ["corbado timeout"],
  CorbadoUnreachable: ["corbado unreachable"],
  CorbadoHttpError: ["corbado 500", "corbado 401"],
  CorbadoSecretRejected: ["corbado 401"],
  CorbadoBadResponse: ["corbado bad body"],
  SecretUnavailable: ["secret unreadable"],
  LoginSettingsFallback: ["settings throttled", "settings invalid"],
  FailClosed: ["define bug"],
  KillSwitchRefusals: ["kill switch on", "settings invalid", "settings throttled"],
  PasskeyVerified: ["verified"],
};

/** The cases in which a pattern matches at least one line. */
function casesMatching(pattern: string): string[] {
  return [...lines].filter(([, events]) => events.some((e) => matchesJsonFilter(pattern, e))).map(([key]) => key);
}

describe("the module's metric filters, on the lines the functions write", () => {
  it("captured one or more real lines per case, each a JSON event with the record under message", () => {
    for (const [key, events] of lines) {
      assert.ok(events.length > 0, key);
      for (const e of events) assert.equal(typeof (JSON.parse(e) as { message: unknown }).message, "object", key);
    }
  });

  for (const metric of LOG_METRICS) {
    it(`counts ${metric.name} exactly on its lines: ${filterPattern(metric.match)}`, () => {
      assert.deepEqual(casesMatching(filterPattern(metric.match)).sort(), [...EXPECTED[metric.name]!].sort());
    });
  }

  it("would count nothing with the record's fields at the top level, where Lambda's JSON format does not put them", () => {
    for (const metric of LOG_METRICS) {
      const topLevel = filterPattern(metric.match).replaceAll("$.message.", "$.");
      assert.deepEqual(casesMatching(topLevel), [], metric.name);
    }
  });

  it("proves the patterns docs/triggers.md recommends for the login settings match real lines", () => {
    const doc = readFileSync(path.join(REPO_ROOT, "docs/triggers.md"), "utf8");
    const section = doc.slice(doc.indexOf("### Alarms on the login settings"));
    const table = section.slice(0, section.indexOf("\n### ", 5));
    const patterns = [...table.matchAll(/\| `(\{ [^`]+ \})` +\|/g)].map((m) => m[1]!);
    assert.deepEqual(Object.fromEntries(patterns.map((p) => [p, casesMatching(p).sort()])), {
      '{ $.message.event = "login_settings_fallback" }': ["settings invalid", "settings throttled"],
      '{ $.message.event = "login_settings_fallback" && $.message.killSwitch IS TRUE }': [
        "settings invalid",
        "settings throttled",
      ],
      '{ $.message.event = "login_settings_fallback" && $.message.outcome = "invalid_value" }': ["settings invalid"],
      '{ $.message.event = "login_settings_fallback" && $.message.reason = "ssm_throttled" }': ["settings throttled"],
      '{ $.message.event = "define_auth_challenge" && $.message.reason = "kill_switch" }': [
        "kill switch on",
        "settings invalid",
        "settings throttled",
      ],
    });
  });
});

function synth(props: CorbadoPasskeysProps): { resource: Record<string, Record<string, Block>> } {
  const stack = new TerraformStack(Testing.app(), "test");
  new CorbadoPasskeys(stack, "passkeys", props);
  return JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Block>> };
}

const TOPIC = "arn:aws:sns:eu-central-1:111122223333:passkeys-alerts";

describe("Monitoring (metric filters, alarms, dashboard)", () => {
  it("creates nothing unless asked", () => {
    const out = synth({});
    for (const type of ["aws_cloudwatch_log_metric_filter", "aws_cloudwatch_metric_alarm", "aws_cloudwatch_dashboard"])
      assert.equal(out.resource[type], undefined, type);
  });

  it("filters each metric's log groups with its pattern into the deployment's namespace, and alarms to the caller's topics", () => {
    const out = synth({
      createAlarms: true,
      alarmSnsTopicArns: [TOPIC],
      namePrefix: "pk",
      alarmCorbadoFailureThreshold: 7,
    });
    const filters = out.resource.aws_cloudwatch_log_metric_filter!;
    const timeout = filters.verify_auth_challenge_corbado_timeout!;
    assert.equal(timeout.log_group_name, "${aws_cloudwatch_log_group.verify_auth_challenge.name}");
    assert.equal(
      timeout.pattern,
      '{ $.message.event = "verify_auth_challenge" && $.message.reason = "corbado_timeout" }',
    );
    assert.deepEqual(timeout.metric_transformation, {
      name: "CorbadoTimeout",
      namespace: "CorbadoPasskeys/pk",
      value: "1",
      unit: "Count",
    });
    for (const fn of ["define_auth_challenge", "create_auth_challenge", "verify_auth_challenge"])
      assert.ok(filters[`${fn}_fail_closed`], `${fn} counts fail_closed`);
    const alarms = out.resource.aws_cloudwatch_metric_alarm!;
    assert.equal(alarms.corbado_timeout!.threshold, 7);
    assert.equal(alarms.corbado_secret_rejected!.threshold, 1);
    assert.deepEqual(alarms.corbado_timeout!.alarm_actions, [TOPIC]);
    assert.deepEqual(alarms.corbado_timeout!.ok_actions, [TOPIC]);
    assert.equal(alarms.corbado_timeout!.treat_missing_data, "notBreaching");
    assert.equal(alarms.kill_switch_refusals, undefined, "the kill switch is a decision, not an alarm");
    const duration = alarms.verify_auth_challenge_duration!;
    assert.equal(duration.namespace, "AWS/Lambda");
    assert.equal(duration.statistic, "Maximum");
    assert.equal(duration.threshold, 4000);
    assert.deepEqual(duration.dimensions, {
      FunctionName: "${aws_lambda_function.verify_auth_challenge.function_name}",
    });
    // Eight on the login metrics, three on each trigger's Lambda metrics.
    assert.equal(Object.keys(alarms).length, 8 + 3 * 3);
  });

  it("refuses alarms without JSON logs or without a topic, at synth time", () => {
    assert.throws(
      () => synth({ createAlarms: true, alarmSnsTopicArns: [TOPIC], logFormat: "Text" }),
      /needs logFormat "JSON"/,
    );
    assert.throws(() => synth({ createAlarms: true }), /needs alarmSnsTopicArns/);
    assert.throws(
      () => synth({ alarmDurationThresholdMs: 5000 }),
      /alarmDurationThresholdMs must be a whole number of milliseconds from 1000 to 4900/,
    );
  });

  it("names the dashboard with the region (dashboards are global to the account)", () => {
    const dashboard = synth({ createDashboard: true, namePrefix: "pk" }).resource.aws_cloudwatch_dashboard!.passkeys!;
    assert.equal(dashboard.dashboard_name, "pk-${local.region}");
    assert.match(dashboard.dashboard_body as string, /^\$\{jsonencode\(/);
  });
});
