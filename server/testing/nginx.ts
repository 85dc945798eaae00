/**
 * nginx (Debian's nginx-light, /usr/sbin/nginx) for the tests and the bench: deploy/nginx.conf
 * with this machine's ports and paths, or a site of the caller's own, inside the few lines that
 * Debian's /etc/nginx/nginx.conf would put around it. One worker, in the foreground, every file
 * in the caller's folder.
 */
import { execFileSync, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const NGINX = "/usr/sbin/nginx";
const SHIPPED = resolve(import.meta.dirname, "..", "..", "deploy", "nginx.conf");

export type Certificate = { cert: string; key: string };

/** A self-signed certificate for `site`, valid for a day, written into `folder`. */
export function makeCertificate(folder: string, site: string): Certificate {
  const cert = join(folder, "fullchain.pem");
  const key = join(folder, "privkey.pem");
  const curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
  const name = ["-subj", `/CN=${site}`, "-addext", `subjectAltName=DNS:${site}`];
  execFileSync("openssl", ["req", "-x509", ...curve, "-nodes", "-days", "1", "-keyout", key, "-out", cert, ...name], {
    stdio: "pipe",
  });
  return { cert, key };
}

export type ShippedSettings = {
  /** The two instances' ports, in place of the example's 3001 and 3002. */
  instances: [number, number];
  /** The site's port, with TLS as shipped, or plain http (the bench, which measures the cache). */
  site: { port: number; tls: boolean };
  /** The port that sends plain http readers to https. */
  redirectPort: number;
  certificate: Certificate;
  cacheDir: string;
};

/**
 * deploy/nginx.conf with only the example's ports and paths replaced: every directive is the
 * shipped file's. A text to replace that the file no longer holds is an error, not a silent miss.
 */
export function renderShippedConfig({ instances, site, redirectPort, certificate, cacheDir }: ShippedSettings): string {
  const changes: [string, string][] = [
    ["127.0.0.1:3001", `127.0.0.1:${instances[0]}`],
    ["127.0.0.1:3002", `127.0.0.1:${instances[1]}`],
    ["listen 80;", `listen 127.0.0.1:${redirectPort};`],
    ["listen 443 ssl http2;", `listen 127.0.0.1:${site.port}${site.tls ? " ssl http2" : ""};`],
    ["/etc/ssl/dispatch/fullchain.pem", certificate.cert],
    ["/etc/ssl/dispatch/privkey.pem", certificate.key],
    ["/var/cache/nginx/dispatch", cacheDir],
  ];
  return changes.reduce(
    (text, [from, to]) => {
      if (!text.includes(from))
        throw new Error(`deploy/nginx.conf no longer contains "${from}": update ${import.meta.filename}.`);
      return text.replaceAll(from, to);
    },
    readFileSync(SHIPPED, "utf8"),
  );
}

export type RunningNginx = {
  master: ChildProcess;
  /** The end of nginx's error log, for a failure's message. */
  errors(): string;
  stop(): Promise<void>;
};

/**
 * Starts nginx with `site` (the text of an http block's contents) and its pid, logs and
 * temporary files in `folder`. Started by root, nginx's worker runs as another user, which must
 * reach the folder; nginx makes the cache and temporary folders itself, owned by that user.
 */
export function startNginx(folder: string, site: string): RunningNginx {
  chmodSync(folder, 0o755);
  const errorLog = join(folder, "error.log");
  const temp = (kind: string) => `${kind}_temp_path ${join(folder, `${kind}-temp`)};`;
  writeFileSync(join(folder, "site.conf"), site);
  writeFileSync(
    join(folder, "nginx.conf"),
    `worker_processes 1;
daemon off;
pid ${join(folder, "nginx.pid")};
error_log ${errorLog};
events { worker_connections 1024; }
http {
  access_log ${join(folder, "access.log")};
  sendfile on;
  tcp_nopush on;
  ${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp).join("\n  ")}
  include ${join(folder, "site.conf")};
}
`,
  );
  const master = spawn(NGINX, ["-e", errorLog, "-p", folder, "-c", join(folder, "nginx.conf")], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = once(master, "exit");
  return {
    master,
    errors: () => (existsSync(errorLog) ? readFileSync(errorLog, "utf8").slice(-2000) : "(no error log)"),
    async stop() {
      if (master.exitCode !== null || master.signalCode !== null) return;
      master.kill("SIGTERM");
      await exited;
    },
  };
}
