import { createServer } from "node:net";
import type { Server } from "node:net";

/**
 * `count` distinct ports that were free a moment ago on the loopback interface: the probes
 * stay open together, so the kernel cannot hand out the same port twice.
 */
export async function freePorts(count: number): Promise<number[]> {
  const probes = await Promise.all(Array.from({ length: count }, () => openProbe()));
  const ports = probes.map((probe) => {
    const address = probe.address();
    if (address === null || typeof address !== "object") throw new Error("Could not read a probe's port.");
    return address.port;
  });
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

function openProbe(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => resolve(probe));
  });
}
