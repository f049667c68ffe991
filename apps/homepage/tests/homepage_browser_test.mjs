// Drives coronet-homepage in headless Chromium with Playwright; started by
// homepage_browser_test.cpp, which runs the real binary at BASE_URL:
//   node homepage_browser_test.mjs PLAYWRIGHT_DIR CHROMIUM BASE_URL
// Prints a line a step (tests/support/browser.mjs); any failed request, error status or
// console error fails the step it happened in.
import { createHash } from "node:crypto";

import { check, runSteps, step, waitFor, watch } from "../../../tests/support/browser.mjs";

// The cells of every table row on the page, as text (the form echo answers a browser in tables).
const tableRows = (page) => page.$$eval("tr", (rows) => rows.map((tr) => [...tr.cells].map((cell) => cell.textContent)));
const hasRow = (rows, want) => rows.some((row) => JSON.stringify(row) === JSON.stringify(want));

// The raw request the page shows, as lines (an HTML parser turns CRLF into LF).
const rawLines = async (page) => (await page.textContent("#raw")).split("\n");

async function follow(page, url, action) {
  await Promise.all([page.waitForURL(url), action()]);
}

await runSteps(async (browser, [base]) => {
  const page = await browser.newPage();
  watch(page);
  const answered = new Map();   // path -> the Content-Type it came with
  page.on("response", (res) => answered.set(new URL(res.url()).pathname, res.headers()["content-type"]));

  await step("the homepage loads with its style sheet, picture and icon", async () => {
    await page.goto(`${base}/`);
    check(await page.title() === "coronet: the homepage", `title ${await page.title()}`);
    check(answered.get("/style.css") === "text/css; charset=utf-8", `style.css came as ${answered.get("/style.css")}`);
    const svg = answered.get("/images/coronet.svg");
    check(svg?.startsWith("image/svg+xml"), `the picture came as ${svg}`);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    check(background === "rgb(251, 250, 246)", `the style sheet is not applied: background ${background}`);
    const images = await page.evaluate(() => [...document.images].map((img) => ({
      src: img.getAttribute("src"), shown: img.complete && img.naturalWidth > 0 })));
    check(images.length === 2 && images.every((img) => img.shown), `images ${JSON.stringify(images)}`);
    const icon = await page.evaluate(async () => {
      const res = await fetch(document.querySelector('link[rel="icon"]').href);
      return { status: res.status, type: res.headers.get("content-type"), size: (await res.arrayBuffer()).byteLength };
    });
    check(icon.status === 200 && icon.type === "image/x-icon" && icon.size > 0, `the icon: ${JSON.stringify(icon)}`);
  });

  await step("the Forms link leads to the forms", async () => {
    await follow(page, `${base}/form.html`, () => page.click("nav >> text=Forms"));
    check(await page.title() === "coronet: forms", `title ${await page.title()}`);
  });

  await step("the URL-encoded form's fields come back echoed", async () => {
    await page.fill("#username", "小明");
    await page.fill("#pass", "p&ss=1");
    await page.selectOption("#city", "Hangzhou");
    await follow(page, `${base}/echo`, () => page.click("#login button"));
    const rows = await tableRows(page);
    check(rows.some((row) => row[0] === "urlencoded"), `not read as urlencoded: ${JSON.stringify(rows)}`);
    for (const field of [["username", "小明"], ["pass", "p&ss=1"], ["city", "Hangzhou"], ["remember", "yes"],
      ["note", "a & b = c"]])
      check(hasRow(rows, field), `${JSON.stringify(field)} not echoed; the page shows ${JSON.stringify(rows)}`);
  });

  await step("the multipart form's file comes back with its size and digest", async () => {
    await page.goto(`${base}/form.html`);
    const content = Buffer.from("hello, 世界\n");
    await page.fill("#title", "a title");
    await page.setInputFiles("#file", { name: "hello.txt", mimeType: "text/plain", buffer: content });
    await follow(page, `${base}/echo`, () => page.click("#upload button"));
    const rows = await tableRows(page);
    const digest = createHash("sha256").update(content).digest("hex");
    check(hasRow(rows, ["title", "a title"]), `the title not echoed: ${JSON.stringify(rows)}`);
    check(hasRow(rows, ["file", "hello.txt", String(content.length), "text/plain", digest]),
      `the file not echoed: ${JSON.stringify(rows)}`);
  });

  await step("the raw request page shows the POST the browser sent", async () => {
    await page.goto(`${base}/form.html`);
    await page.fill("#message", "你好 & hi");
    await follow(page, `${base}/echo/request`, () => page.click("#raw button"));
    const lines = await rawLines(page);
    check(lines[0] === "POST /echo/request HTTP/1.1", `request line ${lines[0]}`);
    for (const header of [`Host: ${new URL(base).host}`, "Content-Type: application/x-www-form-urlencoded",
      `Origin: ${base}`, `Referer: ${base}/form.html`])
      check(lines.includes(header), `no "${header}" in ${JSON.stringify(lines)}`);
    check(lines.some((line) => line.startsWith("User-Agent: ")), `no User-Agent in ${JSON.stringify(lines)}`);
    check(lines.at(-2) === "" && lines.at(-1) === "message=%E4%BD%A0%E5%A5%BD+%26+hi",
      `the blank line and body: ${JSON.stringify(lines.slice(-2))}`);
  });

  await step("the homepage's link shows the GET for it", async () => {
    await page.goto(`${base}/`);
    await follow(page, `${base}/echo/request`, () => page.click("nav >> text=Your request"));
    const lines = await rawLines(page);
    check(lines[0] === "GET /echo/request HTTP/1.1", `request line ${lines[0]}`);
    check(lines.includes(`Referer: ${base}/`), `no Referer in ${JSON.stringify(lines)}`);
    check(lines.at(-1) === "" && lines.at(-2) === "", `a GET has no body: ${JSON.stringify(lines.slice(-3))}`);
  });

  await step("the Dictionary link leads to the search page, which finds a word", async () => {
    await page.goto(`${base}/`);
    await follow(page, `${base}/dict/`, () => page.click("nav >> text=Dictionary"));
    check(await page.title() === "Dictionary", `title ${await page.title()}`);
    await page.fill("#q", "hello");
    await page.keyboard.press("Enter");
    await waitFor(page, "no entry for hello", () => !document.getElementById("entry").hidden &&
      document.getElementById("word").textContent === "hello" &&
      document.getElementById("explanation").textContent.includes("你好"),
    undefined, async () => page.evaluate(() => document.body.innerText));
  });
});
