import { Fn, Token } from "cdktf";
import type { PolicyDocument } from "./types";

/**
 * Renders a policy document as the JSON a resource takes. ARNs may be Terraform references (`${...}`) and stay
 * as templates; a Resource list that is itself a token (a list variable) becomes `${jsonencode(...)}` in place.
 * The only file under policies/ that knows about tokens: the documents stay plain data for the simulator.
 */
export function renderPolicy(document: PolicyDocument): string {
  const lists: string[][] = [];
  const statements = document.Statement.map((statement) => {
    if (!statement.Resource || !Token.isUnresolved(statement.Resource)) return statement;
    lists.push(statement.Resource);
    return { ...statement, Resource: `__TOKEN_LIST_${lists.length - 1}__` };
  });
  let json = JSON.stringify({ ...document, Statement: statements });
  lists.forEach((list, i) => {
    json = json.replace(`"__TOKEN_LIST_${i}__"`, Token.asString(Fn.jsonencode(list)));
  });
  return json;
}
