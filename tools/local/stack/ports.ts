// The local stack's ports: ten consecutive ones from a base (default 4400), every one on 127.0.0.1, checked before
// anything starts so that a port in use is one line naming it and the way out. Base 0: free ports the system picks
// (tests; several stacks side by side).
import { createServer } from "node:net";
import { freeLoopbackPort } from "../http-util";

export const SERVICES = [
  "loginPage",
  "console",
  "api",
  "consoleIdentity",
  "cognito",
  "corbado",
  "ssm",
  "dynamodb",
  "sts",
  "cognitoLocal",
] as const;
export type Service = (typeof SERVICES)[number];

export const SERVICE_NAMES: Record<Service, string> = {
  loginPage: "sample login page",
  console: "console",
  api: "admin API and self-service route",
  consoleIdentity: "console sign-in (OIDC)",
  cognito: "Cognito (customer pool)",
  corbado: "Corbado stand-in",
  ssm: "SSM stand-in",
  dynamodb: "DynamoDB (dynalite)",
  sts: "STS stand-in",
  cognitoLocal: "cognito-local (behind the Cognito front)",
};

export const DEFAULT_PORT_BASE = 4400;
export const PORT_BASE_VARIABLE = "LOCAL_STACK_PORT_BASE";

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly service: Service,
  ) {
    super(
      `port ${port} (${SERVICE_NAMES[service]}) is already in use: free it, or move every port with ` +
        `--port-base <n> or ${PORT_BASE_VARIABLE}=<n> (ports n to n+${SERVICES.length - 1})`,
    );
    this.name = "PortInUseError";
  }
}

/** Whether nothing listens on 127.0.0.1:port (by listening on it for a moment). */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Every service's port: base + its index, or free ones for base 0. Throws PortInUseError for the first taken. */
export async function allocatePorts(base: number): Promise<Record<Service, number>> {
  if (!Number.isInteger(base) || base < 0 || base > 65535 - SERVICES.length) {
    throw new Error(`the port base must be 0 or a port from 1 to ${65535 - SERVICES.length}`);
  }
  const ports = {} as Record<Service, number>;
  for (const [i, service] of SERVICES.entries()) {
    if (base === 0) {
      let port: number;
      do port = await freeLoopbackPort();
      while (Object.values(ports).includes(port));
      ports[service] = port;
      continue;
    }
    const port = base + i;
    if (!(await isFree(port))) throw new PortInUseError(port, service);
    ports[service] = port;
  }
  return ports;
}
