// `npm start`: the whole product on loopback, seeded (tools/local/stack/local-stack.ts), with one summary of where to
// click; Ctrl-C stops every part. `--demo`: the passkey login path as a terminal transcript instead
// (tools/local/demo.ts). Options and environment: the usage below (`npm start -- --help`).
import { appendFileSync } from "node:fs";
import { commandLine, defineCommand, exitWithUsageError } from "./cli";
import { runDemo } from "./local/demo";
import { startLocalStack, type LocalStack } from "./local/stack/local-stack";
import { DEFAULT_PORT_BASE, PORT_BASE_VARIABLE, PortInUseError } from "./local/stack/ports";
import { DEFAULT_STATE_DIR, statePaths } from "./local/stack/state";
import { deliveredCode, functionLogLine, summary } from "./local/stack/summary";

const STATE_DIR_VARIABLE = "LOCAL_STACK_STATE_DIR";

const { values } = commandLine(
  defineCommand({
    name: "start",
    usage: `Usage: npm start [-- --reset] [-- --port-base <n>] [-- --state-dir <path>] [-- --demo]

Runs the whole product on 127.0.0.1 with believable data and no AWS account or Corbado project: the sample login
page, the console, the admin API and self-service route, the console's sign-in, Cognito (cognito-local behind the
front running the real triggers), the Corbado stand-in with real WebAuthn, SSM, STS and DynamoDB. Prints where to
click; Ctrl-C stops everything. State is kept in one folder and survives a restart.

Options:
  --reset             start from an empty state folder (seeded again)
  --port-base <n>     use ports n to n+9 (default ${DEFAULT_PORT_BASE}, or ${PORT_BASE_VARIABLE}); 0: any free ports
  --state-dir <path>  the state folder (default .local-stack/, or ${STATE_DIR_VARIABLE})
  --demo              no stack: the passkey login path as a terminal transcript (the triggers, failures failing
                      closed), exits 0 when every expectation held
  -h, --help          print this help`,
    options: {
      reset: { type: "boolean", default: false },
      demo: { type: "boolean", default: false },
      "port-base": { type: "string" },
      "state-dir": { type: "string" },
    },
  }),
);

const out = (line: string) => process.stdout.write(line + "\n");
const smsLine = (destination: string, code: string) =>
  `Cognito "sent" the code ${code} to ${destination} (no SMS or e-mail leaves this machine)`;

function portBase(): number {
  const raw = values["port-base"] ?? process.env[PORT_BASE_VARIABLE];
  if (raw === undefined || raw === "") return DEFAULT_PORT_BASE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65525)
    exitWithUsageError("start", `--port-base must be 0 or a port, not ${raw}`);
  return n;
}

async function serve(): Promise<number> {
  const stateDir = values["state-dir"] ?? process.env[STATE_DIR_VARIABLE] ?? DEFAULT_STATE_DIR;
  const logFile = statePaths(stateDir).logs;
  // The functions log JSON lines to stdout, as in Lambda: kept whole in the state folder, one short line here.
  const realLog = console.log;
  console.log = (...args: unknown[]) => {
    const line = args.map(String).join(" ");
    const short = functionLogLine(line);
    if (short === undefined) return realLog(...args);
    try {
      appendFileSync(logFile, line + "\n");
    } catch {
      // the state folder may not exist yet during the first start
    }
    out(short);
  };
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      stateDir,
      portBase: portBase(),
      reset: values.reset,
      log: (line) => out(line),
      onCognitoLocalOutput: (chunk) => {
        const sent = deliveredCode(chunk);
        if (sent) out(smsLine(sent.destination, sent.code));
      },
      onSmsCode: (destination, code) => out(smsLine(destination, code)),
    });
  } catch (error) {
    console.log = realLog;
    if (error instanceof PortInUseError) {
      process.stderr.write(`npm start: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  out(summary(stack));
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  // Ctrl-C reaches every process of the terminal's group, and tsx passes it on once more: the stop must finish.
  const ignore = () => undefined;
  process.on("SIGINT", ignore);
  process.on("SIGTERM", ignore);
  out("stopping ...");
  await stack.close();
  console.log = realLog;
  out("stopped.");
  return 0;
}

(values.demo ? runDemo() : serve()).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
