import { Fn } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { countIf, logicalIds, snakeCase, type Condition } from "./expr";
import type { PasskeyFunction } from "./passkey-function";
import type { FunctionName } from "./props";

/** Namespace of the login metrics: one per deployment, so two deployments in a region never mix. */
export const METRIC_NAMESPACE = "CorbadoPasskeys";

/** Where Lambda's JSON log format puts a function's own record (functions/shared/log.ts). */
export const RECORD_PATH = "$.message";

/** How many of something in one period make an alarm: the Corbado threshold variable, or the first one. */
type Threshold = "corbado" | "first";

/** A metric counted from the functions' log lines, and whether it alarms. */
export interface LogMetric {
  /** The metric's name; in snake_case, its logical id (`corbado_timeout`). */
  readonly name: string;
  /** The functions whose log groups are read. */
  readonly functions: readonly FunctionName[];
  /** Fields of the function's record that must have these values (`*`: any run of characters). */
  readonly match: Readonly<Record<string, string>>;
  /** Alarm on it, with this threshold; absent: the dashboard only. */
  readonly alarm?: { readonly threshold: Threshold; readonly description: string };
}

const VERIFY = ["verify-auth-challenge"] as const;
const DEFINE = ["define-auth-challenge"] as const;
const verifyReason = (reason: string) => ({ event: "verify_auth_challenge", reason });

/**
 * The login metrics, by the reason codes the functions log (docs/triggers.md). monitoring.test.ts runs the
 * functions, writes their lines as Lambda's JSON format does, and proves each pattern matches the line it is for.
 */
export const LOG_METRICS: readonly LogMetric[] = [
  {
    name: "CorbadoTimeout",
    functions: VERIFY,
    match: verifyReason("corbado_timeout"),
    alarm: { threshold: "corbado", description: "Corbado's Backend API did not answer within corbado_timeout_ms." },
  },
  {
    name: "CorbadoUnreachable",
    functions: VERIFY,
    match: verifyReason("corbado_unreachable"),
    alarm: {
      threshold: "corbado",
      description: "Connections to Corbado's Backend API failed (refused, reset, DNS, TLS).",
    },
  },
  {
    name: "CorbadoHttpError",
    functions: VERIFY,
    match: verifyReason("corbado_http_*"),
    alarm: { threshold: "corbado", description: "Corbado's Backend API answered with a status other than 2xx." },
  },
  {
    name: "CorbadoSecretRejected",
    functions: VERIFY,
    match: verifyReason("corbado_http_401"),
    alarm: {
      threshold: "first",
      description:
        "Corbado refused the Backend API secret (HTTP 401): rotated, revoked or wrong. Runbook: docs/operations.md.",
    },
  },
  {
    name: "CorbadoBadResponse",
    functions: VERIFY,
    match: verifyReason("corbado_bad_body"),
    alarm: { threshold: "corbado", description: "Corbado's Backend API answered 2xx with a body verify cannot read." },
  },
  {
    name: "SecretUnavailable",
    functions: VERIFY,
    match: verifyReason("secret_unavailable"),
    alarm: {
      threshold: "first",
      description: "verify-auth-challenge could not read the Corbado secret from SSM: every passkey login fails.",
    },
  },
  {
    name: "LoginSettingsFallback",
    functions: DEFINE,
    match: { event: "login_settings_fallback" },
    alarm: {
      threshold: "first",
      description:
        "define-auth-challenge decided logins without a fresh, valid login-settings value (unreadable, throttled or invalid).",
    },
  },
  {
    name: "FailClosed",
    functions: ["define-auth-challenge", "create-auth-challenge", "verify-auth-challenge"],
    match: { outcome: "fail_closed" },
    alarm: { threshold: "first", description: "A trigger hit an unexpected exception and failed the login closed." },
  },
  { name: "KillSwitchRefusals", functions: DEFINE, match: { event: "define_auth_challenge", reason: "kill_switch" } },
  { name: "PasskeyVerified", functions: VERIFY, match: { event: "verify_auth_challenge", outcome: "accepted" } },
];

/** `CorbadoTimeout` -> `corbado_timeout`: a metric's logical id, and (with hyphens) its filter's and alarm's name. */
export function metricLogicalId(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The metric filter pattern of a metric: every field of the record, as Lambda's JSON log format nests it. */
export function filterPattern(match: Readonly<Record<string, string>>): string {
  const terms = Object.entries(match).map(([field, value]) => `${RECORD_PATH}.${field} = ${JSON.stringify(value)}`);
  return `{ ${terms.join(" && ")} }`;
}

/** The Lambda metrics every trigger alarms on. */
export const LAMBDA_ALARMS = [
  {
    metric: "Errors",
    statistic: "Sum",
    suffix: "errors",
    description: "invocations that failed (a crash or a timeout)",
  },
  { metric: "Throttles", statistic: "Sum", suffix: "throttles", description: "invocations Lambda throttled" },
  {
    metric: "Duration",
    statistic: "Maximum",
    suffix: "duration",
    description: "its longest run reached alarm_duration_threshold_ms (Cognito waits 5 s)",
  },
] as const;

export interface MonitoringProps {
  /** Whether the metric filters and alarms exist. */
  readonly alarms: Condition;
  /** Whether the dashboard exists. */
  readonly dashboard: Condition;
  /** The three triggers, by function name. */
  readonly triggers: Partial<Record<FunctionName, PasskeyFunction>>;
  readonly namePrefix: string;
  readonly region: string;
  readonly snsTopicArns: string[];
  readonly periodSeconds: number;
  readonly durationThresholdMs: number;
  readonly corbadoFailureThreshold: number;
  readonly tags: Record<string, string>;
  readonly logicalIdPrefix: string;
}

/**
 * Operations: metric filters over the triggers' JSON logs (LOG_METRICS), CloudWatch alarms on them and on each
 * trigger's Lambda errors, throttles and duration, notifying the caller's SNS topics, and an optional
 * dashboard. Needs no IAM of its own: CloudWatch publishes to the caller's topics under their topic policy.
 * Logical ids: `aws_cloudwatch_log_metric_filter.<function>_<metric>`, `aws_cloudwatch_metric_alarm.<metric>`
 * and `.<function>_<errors|throttles|duration>`, `aws_cloudwatch_dashboard.passkeys`.
 */
export class Monitoring extends Construct {
  readonly namespace: string;
  private readonly props: MonitoringProps;
  private readonly named: ReturnType<typeof logicalIds>;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.props = props;
    this.named = logicalIds(props.logicalIdPrefix);
    this.namespace = `${METRIC_NAMESPACE}/${props.namePrefix}`;
    const triggers = Object.entries(props.triggers) as [FunctionName, PasskeyFunction][];
    if (props.alarms !== false) {
      this.logMetrics();
      this.lambdaAlarms(triggers);
    }
    if (props.dashboard !== false) {
      this.named(
        new CloudwatchDashboard(this, "dashboard", {
          count: countIf(props.dashboard),
          // Dashboard names are global to the account: the region keeps two regions' dashboards apart.
          dashboardName: `${props.namePrefix}-${props.region}`,
          dashboardBody: Fn.jsonencode(this.dashboardBody(triggers)),
        }),
        "passkeys",
      );
    }
  }

  /** A metric filter per metric and log group, and an alarm per metric that has one. */
  private logMetrics(): void {
    const props = this.props;
    for (const metric of LOG_METRICS) {
      const metricId = metricLogicalId(metric.name);
      for (const fn of metric.functions) {
        this.named(
          new CloudwatchLogMetricFilter(this, `${fn}-${metric.name}`, {
            count: countIf(props.alarms),
            name: `${props.namePrefix}-${metricId.replace(/_/g, "-")}`,
            logGroupName: props.triggers[fn]!.logGroup.name,
            pattern: filterPattern(metric.match),
            metricTransformation: { name: metric.name, namespace: this.namespace, value: "1", unit: "Count" },
          }),
          `${snakeCase(fn)}_${metricId}`,
        );
      }
      if (!metric.alarm) continue;
      this.alarm(metricId, metric.alarm.description, {
        namespace: this.namespace,
        metricName: metric.name,
        statistic: "Sum",
        threshold: metric.alarm.threshold === "corbado" ? props.corbadoFailureThreshold : 1,
      });
    }
  }

  /** Errors, throttles and duration of each trigger, from Lambda's own metrics. */
  private lambdaAlarms(triggers: [FunctionName, PasskeyFunction][]): void {
    for (const [fn, trigger] of triggers) {
      for (const lambda of LAMBDA_ALARMS) {
        this.alarm(`${snakeCase(fn)}_${lambda.suffix}`, `${fn}: ${lambda.description}.`, {
          namespace: "AWS/Lambda",
          metricName: lambda.metric,
          statistic: lambda.statistic,
          dimensions: { FunctionName: trigger.fn.functionName },
          threshold: lambda.metric === "Duration" ? this.props.durationThresholdMs : 1,
        });
      }
    }
  }

  /** One alarm: at or over the threshold within one period; no data is no alarm; notifies in alarm and on OK. */
  private alarm(
    logicalId: string,
    description: string,
    metric: {
      namespace: string;
      metricName: string;
      statistic: string;
      threshold: number;
      dimensions?: Record<string, string>;
    },
  ): CloudwatchMetricAlarm {
    const props = this.props;
    return this.named(
      new CloudwatchMetricAlarm(this, `alarm-${logicalId}`, {
        count: countIf(props.alarms),
        alarmName: `${props.namePrefix}-${logicalId.replace(/_/g, "-")}`,
        alarmDescription: description,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        evaluationPeriods: 1,
        period: props.periodSeconds,
        treatMissingData: "notBreaching",
        alarmActions: props.snsTopicArns,
        okActions: props.snsTopicArns,
        tags: props.tags,
        ...metric,
      }),
      logicalId,
    );
  }

  private dashboardBody(triggers: [FunctionName, PasskeyFunction][]): unknown {
    const props = this.props;
    const functions = triggers.map(([, t]) => t.fn.functionName);
    const lambda = (metric: string, stat: string) =>
      functions.map((name) => ["AWS/Lambda", metric, "FunctionName", name, { stat }]);
    const custom = (names: string[]) => names.map((name) => [this.namespace, name, { stat: "Sum" }]);
    const widget = (title: string, metrics: unknown[], x: number, y: number) => ({
      type: "metric",
      x,
      y,
      width: 12,
      height: 6,
      properties: { title, region: props.region, period: props.periodSeconds, view: "timeSeries", metrics },
    });
    return {
      widgets: [
        widget("Invocations", lambda("Invocations", "Sum"), 0, 0),
        widget("Errors and throttles", [...lambda("Errors", "Sum"), ...lambda("Throttles", "Sum")], 12, 0),
        widget("Duration (maximum; Cognito waits 5 s)", lambda("Duration", "Maximum"), 0, 6),
        widget(
          "Passkey logins verified, refused by the kill switch",
          custom(["PasskeyVerified", "KillSwitchRefusals"]),
          12,
          6,
        ),
        widget(
          "Corbado failures",
          custom([
            "CorbadoTimeout",
            "CorbadoUnreachable",
            "CorbadoHttpError",
            "CorbadoSecretRejected",
            "CorbadoBadResponse",
          ]),
          0,
          12,
        ),
        widget(
          "Secret, settings, fail-closed",
          custom(["SecretUnavailable", "LoginSettingsFallback", "FailClosed"]),
          12,
          12,
        ),
      ],
    };
  }
}
