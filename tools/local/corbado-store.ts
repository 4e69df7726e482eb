// What the Corbado stand-in remembers: Corbado users (one per connect-token identifier, i.e. Cognito username) and
// their passkeys, in the Frontend API's `passkey` shape plus, for passkeys made by a real WebAuthn ceremony, the
// public key and signature counter the stand-in verifies logins with (never sent to anyone). In memory, or kept in a
// JSON file (the local stack's state folder) rewritten after every change.
import { randomBytes, randomInt } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

/** A stored passkey, in the Frontend API spec's `passkey` shape. */
export interface StoredPasskey {
  id: string;
  credentialID: string;
  attestationType: string;
  transport: ("usb" | "nfc" | "ble" | "internal" | "hybrid" | "smart-card")[];
  backupEligible: boolean;
  backupState: boolean;
  authenticatorAAGUID: string;
  sourceOS: string;
  sourceBrowser: string;
  lastUsed: string;
  created: string;
  status: "pending" | "active";
  aaguidDetails: { name: string; iconLight: string; iconDark: string };
}

/** The verification material of a passkey registered through a WebAuthn ceremony. */
export interface WebauthnKey {
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
}

export interface CorbadoUser {
  /** usr-… */
  id: string;
  /** The connect-token identifier: the Cognito username. */
  identifier: string;
  /** The e-mail shown in ceremonies (a passkey-append token's displayName). */
  displayName?: string;
}

interface Record_ {
  passkey: StoredPasskey;
  webauthn?: WebauthnKey;
}

interface Snapshot {
  users: CorbadoUser[];
  passkeys: Record<string, Record_[]>;
}

export interface CorbadoStore {
  /** The Corbado user for an identifier, created on first use. */
  userFor(identifier: string, displayName?: string): CorbadoUser;
  userOf(identifier: string): CorbadoUser | undefined;
  /** A copy of the identifier's passkeys, oldest first. */
  passkeysOf(identifier: string): StoredPasskey[];
  /** The identifier's passkeys that can sign in (made by a ceremony), with their keys. */
  keysOf(identifier: string): { passkey: StoredPasskey; webauthn: WebauthnKey }[];
  addPasskey(identifier: string, overrides?: Partial<StoredPasskey>, webauthn?: WebauthnKey): StoredPasskey;
  /** Records a verified login: the new counter and lastUsed. */
  touch(identifier: string, passkeyId: string, counter: number, at: number): void;
  /** Removes the identifier's passkey with this `id`; false when the identifier has none with it. */
  removePasskey(identifier: string, passkeyId: string): boolean;
  /** Writes many at once (seeding), with one file write. */
  bulk(add: { identifier: string; displayName?: string; passkeys: Partial<StoredPasskey>[] }[]): void;
  counts(): { users: number; passkeys: number };
}

/** Authenticators by AAGUID, as Corbado names them (the few that demo data uses, and Chromium's virtual one). */
export const AUTHENTICATORS: Readonly<Record<string, string>> = {
  "fbfc3007-154e-4ecc-8c0b-6e020557d7bd": "iCloud Keychain",
  "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4": "Google Password Manager",
  "08987058-cadc-4b81-b6e1-30de50dcbe96": "Windows Hello",
  "bada5566-a7aa-401f-bd96-45619a55120d": "1Password",
  "cb69481e-8ff7-4039-93ec-0a2729a154a8": "YubiKey 5 Series",
  "01020304-0506-0708-0102-030405060708": "Chromium virtual authenticator",
};

/** The name shown for an authenticator; "Passkey" when its AAGUID is unknown (or all zeros). */
export const authenticatorName = (aaguid: string): string => AUTHENTICATORS[aaguid] ?? "Passkey";

/** yyyy-MM-dd'T'HH:mm:ss, the spec's timestamp format for `created` and `lastUsed`. */
export const specTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

const digits = (n: number): string =>
  Array.from({ length: n }, (_, i) => String(randomInt(i === 0 ? 1 : 0, 10))).join("");

export function createCorbadoStore(options: { file?: string; clock?: () => number } = {}): CorbadoStore {
  const clock = options.clock ?? Date.now;
  const users = new Map<string, CorbadoUser>();
  const passkeys = new Map<string, Record_[]>();
  if (options.file && existsSync(options.file)) {
    const snapshot = JSON.parse(readFileSync(options.file, "utf8")) as Snapshot;
    for (const u of snapshot.users) users.set(u.identifier, u);
    for (const [identifier, list] of Object.entries(snapshot.passkeys)) passkeys.set(identifier, list);
  }

  function save(): void {
    if (!options.file) return;
    const snapshot: Snapshot = { users: [...users.values()], passkeys: Object.fromEntries(passkeys) };
    // Written whole and renamed into place: a crash mid-write never leaves half a file.
    const tmp = `${options.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(snapshot));
    renameSync(tmp, options.file);
  }

  function ensureUser(identifier: string, displayName?: string): CorbadoUser {
    let user = users.get(identifier);
    if (!user) users.set(identifier, (user = { id: `usr-${digits(19)}`, identifier }));
    if (displayName && user.displayName !== displayName) user.displayName = displayName;
    return user;
  }

  function newPasskey(overrides: Partial<StoredPasskey>): StoredPasskey {
    const now = specTime(clock());
    return {
      id: `cre-${digits(19)}`,
      credentialID: randomBytes(16).toString("base64url"),
      attestationType: "none",
      transport: ["internal", "hybrid"],
      backupEligible: true,
      backupState: true,
      authenticatorAAGUID: "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4",
      sourceOS: "macOS 15",
      sourceBrowser: "Chrome 131",
      lastUsed: now,
      created: now,
      status: "active",
      aaguidDetails: { name: "Google Password Manager", iconLight: "", iconDark: "" },
      ...overrides,
    };
  }

  function add(identifier: string, overrides: Partial<StoredPasskey>, webauthn?: WebauthnKey): StoredPasskey {
    const passkey = newPasskey(overrides);
    const own = passkeys.get(identifier) ?? [];
    own.push({ passkey, ...(webauthn ? { webauthn } : {}) });
    passkeys.set(identifier, own);
    return passkey;
  }

  return {
    userFor(identifier, displayName) {
      const existed = users.get(identifier);
      const user = ensureUser(identifier, displayName);
      if (!existed || existed.displayName !== displayName) save();
      return user;
    },
    userOf: (identifier) => users.get(identifier),
    passkeysOf: (identifier) => (passkeys.get(identifier) ?? []).map((r) => structuredClone(r.passkey)),
    keysOf: (identifier) =>
      (passkeys.get(identifier) ?? [])
        .filter((r): r is Required<Record_> => r.webauthn !== undefined)
        .map((r) => ({ passkey: structuredClone(r.passkey), webauthn: { ...r.webauthn } })),
    addPasskey(identifier, overrides = {}, webauthn) {
      ensureUser(identifier);
      const passkey = add(identifier, overrides, webauthn);
      save();
      return structuredClone(passkey);
    },
    touch(identifier, passkeyId, counter, at) {
      const record = passkeys.get(identifier)?.find((r) => r.passkey.id === passkeyId);
      if (!record?.webauthn) return;
      record.webauthn.counter = counter;
      record.passkey.lastUsed = specTime(at);
      save();
    },
    removePasskey(identifier, passkeyId) {
      const own = passkeys.get(identifier) ?? [];
      const index = own.findIndex((r) => r.passkey.id === passkeyId);
      if (index < 0) return false;
      own.splice(index, 1);
      save();
      return true;
    },
    bulk(list) {
      for (const entry of list) {
        ensureUser(entry.identifier, entry.displayName);
        for (const overrides of entry.passkeys) add(entry.identifier, overrides);
      }
      save();
    },
    counts: () => ({ users: users.size, passkeys: [...passkeys.values()].reduce((n, list) => n + list.length, 0) }),
  };
}
