/**
 * A throw-away self-signed certificate for loopback TLS (`npm run bench -- --tls`, and the transport's https
 * specs), made with the openssl command line: Node can use certificates but not create them.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface SelfSignedCertificate {
  /** PEM file of the certificate: what NODE_EXTRA_CA_CERTS should name so a child process trusts it. */
  readonly certPath: string;
  readonly key: Buffer;
  readonly cert: Buffer;
  /** Deletes the temporary directory holding key and certificate. */
  remove(): void;
}

/**
 * A one-day RSA certificate for CN=localhost with subjectAltName IP:127.0.0.1 and DNS:localhost, in a new
 * temporary directory. Undefined when openssl is not installed.
 */
export function selfSignedCertificate(): SelfSignedCertificate | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), "corbado-cognito-tls-"));
  const keyPath = path.join(dir, "key.pem");
  const certPath = path.join(dir, "cert.pem");
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost"],
        ...["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "1"],
        ...["-keyout", keyPath, "-out", certPath],
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
  } catch (error) {
    remove();
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return { certPath, key: readFileSync(keyPath), cert: readFileSync(certPath), remove };
}
