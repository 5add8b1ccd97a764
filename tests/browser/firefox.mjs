// Headless Firefox (Debian's firefox-esr) through geckodriver, spoken to as WebDriver over
// HTTP: playwright-core drives only its own patched Firefox builds, which cannot be
// downloaded here. Enough of the protocol to open a page and read what it computed.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { existsSync } from "node:fs";
import { homedir } from "node:os";

const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";
const GECKODRIVER = process.env.GECKODRIVER ?? [`${homedir()}/.cargo/bin/geckodriver`, "/usr/local/bin/geckodriver"].find(existsSync) ?? "geckodriver";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Starts geckodriver and a headless Firefox session; resolves to { goto, evaluate, close }. */
export async function launchFirefox() {
  const port = await freePort();
  const driver = spawn(GECKODRIVER, ["--port", String(port), "--host", "127.0.0.1"], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  driver.stderr.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const res = await fetch(base + path, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) throw new Error(`geckodriver ${method} ${path}: ${json.value?.message ?? res.status}`);
    return json.value;
  };
  for (let i = 0; ; i++) {
    try {
      await call("GET", "/status");
      break;
    } catch (e) {
      if (i > 100) throw new Error(`geckodriver did not start: ${e.message}\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const { sessionId } = await call("POST", "/session", {
    capabilities: { alwaysMatch: { "moz:firefoxOptions": { binary: FIREFOX, args: ["-headless"] } } },
  });
  const session = `/session/${sessionId}`;
  return {
    goto: (url) => call("POST", `${session}/url`, { url }),
    /** Runs `script` (a function body) in the page and returns its JSON result. */
    evaluate: (script) => call("POST", `${session}/execute/sync`, { script, args: [] }),
    /** Runs `script` (an async function body) in the page and returns its JSON result once it settles (30 s at most). */
    evaluateAsync: (script) =>
      call("POST", `${session}/execute/async`, { script: `const done = arguments[arguments.length - 1]; (async () => { ${script} })().then(done);`, args: [] }),
    async close() {
      await call("DELETE", session).catch(() => {});
      driver.kill();
    },
  };
}
