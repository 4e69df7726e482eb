// RS256 JWT signing and segment decoding shared by the Corbado stand-in (signedPasskeyData) and the Cognito
// harness (ID and access tokens). Test tooling only: no verification policy lives here.
import { createSign, type KeyObject } from "node:crypto";
import { parseJson } from "./http-util";

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

/** Signs header.claims with RSA-SHA256 and returns the compact JWT; the header is used exactly as given. */
export function signRs256Jwt(header: object, claims: object, privateKey: KeyObject): string {
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${base64url(createSign("RSA-SHA256").update(signingInput).sign(privateKey))}`;
}

/** Decodes one base64url JWT segment as JSON; `undefined` when it is not JSON. */
export function decodeJwtSegment(segment: string): unknown {
  return parseJson(Buffer.from(segment, "base64url").toString("utf8"));
}
