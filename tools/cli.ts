/**
 * The command line of every npm script that takes arguments (start, build, build:module, bench, audit:iam,
 * test): `--help` prints the usage, an unknown or malformed option is one line on stderr and exit code 2,
 * the same way everywhere. Built on node:util parseArgs.
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  /** The script's name as in package.json ("bench"): the prefix of every error line. */
  name: string;
  /** What `--help` prints: a usage line, one sentence of purpose, the options. */
  usage: string;
  options: O;
  allowPositionals?: boolean;
}

type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>;

export type CommandLine<O extends ParseArgsOptionsConfig> =
  | { kind: "run"; values: Parsed<O>["values"]; positionals: string[] }
  | { kind: "help"; text: string }
  | { kind: "error"; line: string };

const HELP: ParseArgsOptionsConfig = { help: { type: "boolean", short: "h" } };

/** Declares a script's command line (keeps the option types exact for the parsed values). */
export function defineCommand<const O extends ParseArgsOptionsConfig>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/** The error line every script prints for a bad command line. */
export const usageErrorLine = (name: string, message: string): string => `${name}: ${message} (see --help)`;

/** Reads `argv` against `spec` without printing or exiting (what the specs exercise). */
export function parseCommandLine<O extends ParseArgsOptionsConfig>(
  spec: CommandSpec<O>,
  argv: readonly string[],
): CommandLine<O> {
  const options = { ...spec.options, ...HELP };
  // --help wins over anything else on the line, even an unknown option before it.
  const loose = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  if (loose.tokens.some((t) => t.kind === "option" && (t.name === "help" || t.name === "h"))) {
    return { kind: "help", text: spec.usage.trimEnd() };
  }
  try {
    const parsed = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: spec.allowPositionals ?? false,
    });
    const { help: _help, ...values } = parsed.values as Record<string, unknown>;
    return { kind: "run", values: values as Parsed<O>["values"], positionals: parsed.positionals };
  } catch (error) {
    return { kind: "error", line: usageErrorLine(spec.name, describeParseError(error)) };
  }
}

function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const text = String(message ?? error);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const option = /Unknown option '([^']+)'/.exec(text)?.[1];
    return `unknown option ${option ?? text}`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const argument = /Unexpected argument '([^']*)'/.exec(text)?.[1];
    return `unexpected argument ${argument ?? text}`;
  }
  // parseArgs' messages are one sentence: "Option '--runs <value>' argument missing".
  const first = text.split("\n")[0]!.replace(/\.$/, "");
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** Exits 2 with the one-line error: for values parseArgs cannot judge (`--runs` must be >= 20). */
export function exitWithUsageError(name: string, message: string): never {
  process.stderr.write(usageErrorLine(name, message) + "\n");
  process.exit(2);
}

/** Parses process.argv for a script: prints the usage and exits 0 on --help, exits 2 on a bad command line. */
export function commandLine<O extends ParseArgsOptionsConfig>(
  spec: CommandSpec<O>,
  argv: readonly string[] = process.argv.slice(2),
): { values: Parsed<O>["values"]; positionals: string[] } {
  const result = parseCommandLine(spec, argv);
  if (result.kind === "help") {
    process.stdout.write(result.text + "\n");
    process.exit(0);
  }
  if (result.kind === "error") {
    process.stderr.write(result.line + "\n");
    process.exit(2);
  }
  return { values: result.values, positionals: result.positionals };
}
