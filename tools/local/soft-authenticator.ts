// A software WebAuthn authenticator for specs that run a ceremony without a browser: it answers registration and
// authentication options (WebAuthn's JSON forms) with what navigator.credentials.create/get would hand a page, from
// ES256 keys it keeps per RP id. Attestation "none", user present and verified, a signature counter per credential.
// The end-to-end test uses Chromium's virtual authenticator instead (tools/local/stack/local-stack.test.ts).
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";

interface SoftCredential {
  id: Buffer;
  rpId: string;
  userHandle: string;
  privateKey: KeyObject;
  counter: number;
}

export interface RegistrationJson {
  id: string;
  rawId: string;
  type: "public-key";
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
  clientExtensionResults: Record<string, never>;
  authenticatorAttachment: "platform";
}

export interface AuthenticationJson {
  id: string;
  rawId: string;
  type: "public-key";
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string };
  clientExtensionResults: Record<string, never>;
  authenticatorAttachment: "platform";
}

/** The AAGUID this authenticator reports (Chromium's virtual authenticator reports the same). */
export const SOFT_AAGUID = "01020304-0506-0708-0102-030405060708";

const b64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

// Flags: user present, user verified, backup eligible, backed up (a synced passkey), and attested data on create.
const UP = 0x01;
const UV = 0x04;
const BE = 0x08;
const BS = 0x10;
const AT = 0x40;

export class SoftAuthenticator {
  private readonly credentials: SoftCredential[] = [];

  /** Answers PublicKeyCredentialCreationOptionsJSON as navigator.credentials.create would, for a page at `origin`. */
  register(
    options: { challenge: string; rp: { id?: string }; user: { id: string } },
    origin: string,
  ): RegistrationJson {
    const rpId = options.rp.id ?? new URL(origin).hostname;
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]);
    const id = randomBytes(16);
    const credential: SoftCredential = { id, rpId, userHandle: options.user.id, privateKey, counter: 0 };
    this.credentials.push(credential);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([UP | UV | BE | BS | AT]),
      u32(credential.counter),
      Buffer.from(SOFT_AAGUID.replaceAll("-", ""), "hex"),
      Buffer.from([id.length >> 8, id.length & 0xff]),
      id,
      Buffer.from(isoCBOR.encode(cose)),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Map<string, string> | Uint8Array>([
        ["fmt", "none"],
        ["attStmt", new Map<string, string>()],
        ["authData", authData],
      ]),
    );
    const clientData = JSON.stringify({
      type: "webauthn.create",
      challenge: options.challenge,
      origin,
      crossOrigin: false,
    });
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientData),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }

  /**
   * Answers PublicKeyCredentialRequestOptionsJSON as navigator.credentials.get would: with the first credential it
   * holds for the RP id that the options allow. `tamper` changes the signed data afterwards (a forged answer).
   */
  authenticate(
    options: { challenge: string; rpId?: string; allowCredentials?: { id: string }[] },
    origin: string,
    tamper = false,
  ): AuthenticationJson {
    const rpId = options.rpId ?? new URL(origin).hostname;
    const allowed = new Set((options.allowCredentials ?? []).map((c) => c.id));
    const credential = this.credentials.find(
      (c) => c.rpId === rpId && (allowed.size === 0 || allowed.has(b64url(c.id))),
    );
    if (!credential) throw new Error("NotAllowedError: no credential for this RP");
    credential.counter += 1;
    const authData = Buffer.concat([sha256(rpId), Buffer.from([UP | UV | BE | BS]), u32(credential.counter)]);
    const clientData = JSON.stringify({
      type: "webauthn.get",
      challenge: options.challenge,
      origin,
      crossOrigin: false,
    });
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientData)]), credential.privateKey);
    if (tamper) signature.writeUInt8(signature.readUInt8(signature.length - 1) ^ 0xff, signature.length - 1);
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }
}
