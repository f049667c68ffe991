// What the browser test scripts share (run by coronet::testing::run_browser_script):
//   node SCRIPT PLAYWRIGHT_DIR CHROMIUM ARGS...
// Each script launches Chromium, runs its steps, prints a line a step and exits 0 when every
// step passed, 1 at the first failure. Every wait is on a condition with a deadline; any
// failed request, error status or console error fails the step it happened in, unless the
// script expects it.
import { createRequire } from "node:module";
import path from "node:path";

export const deadline = 10_000;   // ms for each wait

// Headless Chromium, and the script's own arguments. The whole run is bounded too.
async function launchChromium() {
  const [playwrightDir, chromiumPath, ...args] = process.argv.slice(2);
  setTimeout(() => { console.log("FAIL: the whole run took over 120 s"); process.exit(1); }, 120_000).unref();
  const { chromium } = createRequire(path.join(playwrightDir, "index.js"))("playwright-core");
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, timeout: 30_000 });
  return { browser, args };
}

const problems = [];

// Records what goes wrong on `page`; `isExpected404(url)` names the misses the script wants.
export function watch(page, isExpected404 = () => false) {
  page.setDefaultTimeout(deadline);
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    // Chromium logs every 4xx answer as a console error: allow the intended ones only.
    if (msg.text().includes("status of 404") && isExpected404(msg.location().url)) return;
    problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => problems.push(`uncaught: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()}: ${req.failure()?.errorText}`));
  page.on("response", (res) => {
    if (res.status() >= 400 && !isExpected404(res.url())) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
}

export async function step(name, body) {
  await body();
  if (problems.length) throw new Error(problems.join("\n"));
  console.log(`ok ${name}`);
}

export function check(condition, what) {
  if (!condition) throw new Error(what);
}

// Waits for `predicate(arg)` to hold in the page; on time-out fails with what `describe()` says.
export async function waitFor(page, what, predicate, arg, describe) {
  try {
    await page.waitForFunction(predicate, arg, { timeout: deadline });
  } catch (err) {
    throw new Error(`${what} within ${deadline} ms; the page shows ${await describe()}`);
  }
}

// Runs `steps(browser, args)` in Chromium: "all steps passed", or FAIL and exit status 1.
export async function runSteps(steps) {
  const { browser, args } = await launchChromium();
  try {
    await steps(browser, args);
    console.log("all steps passed");
  } catch (err) {
    console.log(`FAIL: ${err.message}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}
