import type { PolicyDocument } from "./types";

/** A synthesized configuration (Testing.synth, main.tf.json), as far as its policies go. */
export interface SynthesizedConfig {
  locals?: Record<string, unknown>;
}

const LOCAL_DOCUMENT = /^\$\{jsonencode\(local\.([A-Za-z0-9_]+)\)\}$/;

/**
 * The document a synthesized policy argument holds: render.ts writes `${jsonencode(local.<name>)}`, and the local
 * is the document as an object (its strings may hold `${...}`; a Resource list that is a list variable is that
 * variable's reference, `"${var.x}"`). For specs that inspect the configuration; the IAM audit evaluates it.
 */
export function synthesizedPolicy(config: SynthesizedConfig, argument: unknown): PolicyDocument {
  const name = typeof argument === "string" ? LOCAL_DOCUMENT.exec(argument)?.[1] : undefined;
  if (!name) throw new Error(`not a rendered policy argument: ${JSON.stringify(argument)}`);
  const document = config.locals?.[name];
  if (document === undefined) throw new Error(`local.${name} is not in the configuration`);
  return document as PolicyDocument;
}
