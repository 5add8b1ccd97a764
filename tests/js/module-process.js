// Runs `script` as an ES module in a Node process of its own, started with `flags`, from
// the repository's root (where "cache-resource" names the built package): for what a
// process sets for good (lockdown, a Node flag) or a test of how one ends.
import { spawnSync } from "node:child_process";

/** The finished process (`status`, `stdout`, `stderr`, `error` on a timeout). */
export function runModule(script, { flags = [], timeout = 10_000 } = {}) {
  return spawnSync(process.execPath, [...flags, "--input-type=module", "-e", script], {
    cwd: new URL("../..", import.meta.url),
    timeout,
    encoding: "utf8",
  });
}
