// Drives the dictionary's search page in headless Chromium with Playwright; started by
// search_page_browser_test.cpp, which serves the words below under BASE_URL:
//   node search_page_browser_test.mjs PLAYWRIGHT_DIR CHROMIUM BASE_URL
// Prints a line a step (tests/support/browser.mjs): any failed request, error status or
// console error fails the step it happened in, but the 404s of the miss and of /favicon.ico.
import { check, runSteps, step, waitFor, watch } from "../../../tests/support/browser.mjs";

const missing = "helo";
const markup = `<img src=x onerror="window.pwned=1">`;
// The miss's lookup, and the browser's own request for the site's icon (this site has none).
const expected404 = (base) => (url) => url === `${base}/words/${missing}` || url === new URL("/favicon.ico", base).href;

// The words in the suggestion list as shown (none while it is hidden).
const shownSuggestions = (page) => page.evaluate(() => {
  const list = document.getElementById("suggestions");
  return list.hidden ? [] : [...list.children].map((li) => li.dataset.word);
});

const waitForSuggestions = (page, words) => waitFor(page, `no suggestions ${JSON.stringify(words)}`, (want) => {
  const list = document.getElementById("suggestions");
  const shown = list.hidden ? [] : [...list.children].map((li) => li.dataset.word);
  return JSON.stringify(shown) === JSON.stringify(want);
}, words, async () => JSON.stringify(await shownSuggestions(page)));

const shownEntry = (page) => page.evaluate(() => ({
  hidden: document.getElementById("entry").hidden,
  word: document.getElementById("word").textContent,
  explanation: document.getElementById("explanation").textContent,
  status: document.getElementById("status").textContent,
}));

const waitForEntry = (page, word, explanation) => waitFor(page, `no entry for ${JSON.stringify(word)}`, ([w, e]) =>
  !document.getElementById("entry").hidden && document.getElementById("word").textContent === w &&
  document.getElementById("explanation").textContent === e,
[word, explanation], async () => JSON.stringify(await shownEntry(page)));

async function retype(page, text) {
  await page.fill("#q", "");
  await page.keyboard.type(text);
}

await runSteps(async (browser, [base]) => {
  const page = await browser.newPage();
  watch(page, expected404(base));
  const listed = [];   // the prefixes the page asked for, in order
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.pathname.endsWith("/words")) listed.push(url.searchParams.get("prefix"));
  });

  await step("the bare prefix redirects to the page, which has the focus", async () => {
    await page.goto(base);
    check(page.url() === `${base}/`, `landed on ${page.url()}`);
    check(await page.title() === "Dictionary", `title ${await page.title()}`);
    check(await page.evaluate(() => document.activeElement.id) === "q", "the search box has no focus");
  });

  await step("typing shows the words with that prefix, asked for once typing pauses", async () => {
    // Three keystrokes inside the page at once: a driver's keystrokes on a loaded machine may
    // come slower than the page's pause, and each would then be a request of its own.
    await page.evaluate(() => {
      const q = document.getElementById("q");
      for (const c of "hel") {
        q.value += c;
        q.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
    await waitForSuggestions(page, ["hello", "helmet", "help"]);
    check(JSON.stringify(listed) === JSON.stringify(["hel"]), `asked for prefixes ${JSON.stringify(listed)}`);
  });

  await step("clicking a suggestion shows its explanation (UTF-8)", async () => {
    await page.click(`#suggestions [data-word="hello"]`);
    await waitForEntry(page, "hello", "你好；喂（用于问候）");
    check((await shownSuggestions(page)).length === 0, "the suggestions stayed open");
  });

  await step("arrow keys and Enter pick a suggestion", async () => {
    await retype(page, "app");
    await waitForSuggestions(page, ["apple", "applet", "apply"]);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const highlighted = await page.evaluate(() => {
      const id = document.getElementById("q").getAttribute("aria-activedescendant");
      const li = document.getElementById(id);
      return li && li.getAttribute("aria-selected") === "true" ? li.dataset.word : null;
    });
    check(highlighted === "applet", `highlighted ${highlighted}`);
    await page.keyboard.press("Enter");
    await waitForEntry(page, "applet", "n. a small program");
  });

  await step("a Chinese prefix", async () => {
    await retype(page, "词");
    await waitForSuggestions(page, ["词典"]);
    await page.click(`#suggestions [data-word="词典"]`);
    await waitForEntry(page, "词典", "dictionary");
  });

  await step("an answer overtaken by a newer one is dropped", async () => {
    await page.fill("#q", "");
    await page.evaluate(() => {
      const list = document.getElementById("suggestions");
      window.shownLists = [];
      new MutationObserver(() => window.shownLists.push([...list.children].map((li) => li.dataset.word)))
        .observe(list, { childList: true });
    });
    // The server holds the answer for "w" until the request for "wo" has come.
    const late = page.waitForResponse((res) => res.url() === `${base}/words?prefix=w&limit=10`);
    const asked = page.waitForRequest((req) => req.url() === `${base}/words?prefix=w&limit=10`);
    await page.keyboard.type("w");
    await asked;
    await page.keyboard.type("o");
    await late;
    await page.keyboard.type("r");   // the list for "wor" comes after the late answer was handled
    await waitForSuggestions(page, ["world"]);
    const lists = await page.evaluate(() => window.shownLists);
    check(!lists.some((list) => list.includes("water")), `the stale list was shown: ${JSON.stringify(lists)}`);
  });

  await step("a word typed out in full shows its explanation without Enter", async () => {
    await page.keyboard.type("ld");
    await waitForEntry(page, "world", "n. 世界");
  });

  await step("a missing word offers the near words, which can be clicked", async () => {
    await page.fill("#q", missing);
    await page.keyboard.press("Enter");
    await waitFor(page, "no 'did you mean'", () => {
      const near = [...document.querySelectorAll("#near a")].map((a) => a.textContent);
      return !document.getElementById("miss").hidden && JSON.stringify(near) === '["help","hello"]' &&
        document.getElementById("status").textContent.includes("not in the dictionary");
    }, undefined, async () => page.evaluate(() => document.body.innerText));
    check(await page.evaluate(() => document.getElementById("entry").hidden), "the last entry is still shown");
    await page.click("#near >> text=hello");
    await waitForEntry(page, "hello", "你好；喂（用于问候）");
  });

  await step("markup in words and explanations stays text", async () => {
    await retype(page, "<im");
    await waitForSuggestions(page, [markup]);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await waitForEntry(page, markup, "<b>not bold</b> & <script>window.pwned=2</script>");
    const injected = await page.evaluate(() => ({
      pwned: window.pwned ?? null,
      elements: document.querySelectorAll("img, b").length,
      scripts: document.scripts.length,
    }));
    check(injected.pwned === null && injected.elements === 0 && injected.scripts === 1,
      `markup was parsed: ${JSON.stringify(injected)}`);
  });

  await step("without JavaScript the form leads to the word's page, and back", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    watch(plain, expected404(base));
    await plain.goto(`${base}/`);
    await plain.fill("#q", "hello");
    await Promise.all([plain.waitForURL(`${base}/words/hello`), plain.press("#q", "Enter")]);
    check(await plain.textContent("h1") === "hello", `heading ${await plain.textContent("h1")}`);
    check(await plain.textContent(".explanation") === "你好；喂（用于问候）", "the explanation is not shown");
    await Promise.all([plain.waitForURL(`${base}/`), plain.click("text=Search the dictionary")]);
    await context.close();
  });
});
