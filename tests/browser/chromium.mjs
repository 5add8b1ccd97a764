// Shared launcher: Debian's Chromium through playwright-core (never a downloaded browser).
import { chromium } from "playwright-core";

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    // Root in a container needs --no-sandbox; the network flags keep Chromium from dialing
    // out on a machine whose network is closed.
    args: ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--js-flags=--expose-gc"],
  });
}
