import type { Construct } from "constructs";
import { jsonLocal } from "../constructs/expr";
import type { PolicyDocument } from "./types";

/**
 * Renders a policy document into the configuration as the local `localName` (the document as an object: one
 * line per action, resource and condition value in main.tf.json) and returns the argument a resource takes,
 * `${jsonencode(local.<localName>)}`. ARNs may be Terraform references and stay templates; a Resource list
 * that is itself a token (a list variable) becomes that list in place. The only file under policies/ that
 * knows about Terraform: the documents stay plain data for the simulator.
 */
export function renderPolicy(scope: Construct, localName: string, document: PolicyDocument): string {
  return jsonLocal(scope, localName, document);
}
