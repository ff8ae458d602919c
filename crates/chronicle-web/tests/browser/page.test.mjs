// Drives Debian's Chromium (headless) through Chronicle's page, as a user would:
// load it, check every view is drawn, apply a filter, open an article, and
// check that hostile text in the database is shown as text and never run.
//
//   node page.test.mjs BASE_URL SCREENSHOT_DIR HOSTILE_ARTICLE_ID
//
// Exits 0 when every check holds; otherwise prints what failed and exits 1.
// Prints one JSON line of timings (the page's load time among them).
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, shots, hostileId] = process.argv.slice(2);
if (!base || !shots || !hostileId) {
  console.error("usage: node page.test.mjs BASE_URL SCREENSHOT_DIR HOSTILE_ARTICLE_ID");
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const timings = {};
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const pageErrors = [];
  const dialogs = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") pageErrors.push(m.text()); });
  page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const ready = (after = "") => page.waitForFunction(
    (prev) => document.body.dataset.ready && document.body.dataset.ready !== prev, after, { timeout: 30000 });
  const generation = () => page.evaluate(() => document.body.dataset.ready || "");

  // 1. Load: every view drawn.
  const started = Date.now();
  await page.goto(base);
  await ready();
  timings.load_ms = Date.now() - started;
  timings.navigation = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0];
    return { dom_content_loaded_ms: Math.round(n.domContentLoadedEventEnd), load_event_ms: Math.round(n.loadEventEnd) };
  });
  const counts = () => page.evaluate(() => ({
    bars: document.querySelectorAll("#timeline rect.bar").length,
    land: document.querySelectorAll("#map path.land").length,
    places: document.querySelectorAll("#map circle.place").length,
    nodes: document.querySelectorAll("#network g.node").length,
    links: document.querySelectorAll("#network path.link").length,
    rows: document.querySelectorAll("#events tbody tr").length,
    summary: document.getElementById("summary").textContent,
    error: document.getElementById("error").hidden ? "" : document.getElementById("error").textContent,
  }));
  const all = await counts();
  console.log(JSON.stringify(all));
  check(/events from/.test(all.summary), "the summary names the events and articles");
  check(all.error === "", `no error shown (${all.error})`);
  check(all.bars > 5, "the timeline has stacked bars");
  check(all.land > 100, "the map has country outlines");
  check(all.places > 3, "the map has located events");
  check(all.nodes > 3 && all.links > 3, "the network has actors and links");
  check(all.rows > 10, "the table lists events");
  // A party whose code the coder inferred is marked, and only such a party.
  const marks = await page.evaluate(async (rows) => {
    const data = await (await fetch(`/api/events?limit=${rows}&offset=0`)).json();
    const inferred = data.events.flatMap((e) => [e.actor, e.recipient]).filter((p) => p && p.inferred).length;
    return { inferred, marked: document.querySelectorAll("#events tbody td.inferred").length };
  }, all.rows);
  check(marks.inferred > 0 && marks.marked === marks.inferred,
    `the table marks the ${marks.inferred} inferred parties of its page (${marks.marked} marked)`);
  await page.screenshot({ path: join(shots, "overview.png"), fullPage: true });
  await page.locator("#timeline-view").screenshot({ path: join(shots, "timeline.png") });
  await page.locator("#map-view").screenshot({ path: join(shots, "map.png") });
  await page.locator("#network-view").screenshot({ path: join(shots, "network.png") });
  await page.locator("#events-view").screenshot({ path: join(shots, "events.png") });

  // 2. A filter drives all views.
  let before = await generation();
  await page.selectOption("select[name=type]", "ASSAULT");
  await page.click("#filters button[type=submit]");
  await ready(before);
  const assault = await counts();
  console.log(JSON.stringify(assault));
  const chips = await page.$$eval("#events tbody .chip", (cs) => cs.map((c) => c.textContent));
  check(chips.length > 0 && chips.every((c) => c === "ASSAULT"), "the filtered table shows only ASSAULT");
  const fills = await page.$$eval("#timeline rect.bar", (rs) => [...new Set(rs.map((r) => r.getAttribute("fill")))]);
  check(fills.length === 1, `the filtered timeline has one colour (${fills})`);
  check(assault.bars < all.bars && assault.rows < all.rows, "the filter shrinks the timeline and the table");
  check(assault.links <= all.links, "the filter reaches the network");
  check(page.url().includes("type=ASSAULT"), "the filter is kept in the address");
  await page.screenshot({ path: join(shots, "filtered.png"), fullPage: true });

  // Clicking an actor in the network filters by it.
  before = await generation();
  const node = page.locator("#network g.node circle").first();
  await node.click();
  await ready(before);
  const actor = await page.inputValue("input[name=actor]");
  check(actor.length >= 3, `a click on an actor sets the actor filter (${actor})`);
  before = await generation();
  await page.click("#clear");
  await ready(before);

  // 3. The article view: body with highlights, furniture apart.
  await page.locator("#events tbody tr").first().click();
  await page.waitForSelector("#article-view:not([hidden])");
  const article = await page.evaluate(() => ({
    title: document.getElementById("article-title").textContent,
    triggers: document.querySelectorAll("#article-body mark.trigger").length,
    actors: document.querySelectorAll("#article-body mark.actor").length,
    events: document.querySelectorAll("#article-events li").length,
  }));
  console.log(JSON.stringify(article));
  check(article.title.length > 0, "the article view shows a title");
  check(article.triggers > 0 && article.actors > 0, "triggers and actors are highlighted in the body");
  check(article.events > 0, "the article's events are listed");
  await page.locator("#article-view .sheet").screenshot({ path: join(shots, "article.png") });
  await page.click("#close");
  check(await page.locator("#article-view").isHidden(), "the article view closes");

  // An article with removed furniture shows it apart.
  // (the example "Armenia asks Russia for security consultations" ends with an app promotion)
  const found = await (await fetch(new URL("/api/events?text=urgent%20consultations&limit=1", base))).json();
  await page.goto(base + "#article=" + encodeURIComponent(found.events[0].article_id));
  await page.waitForSelector("#article-view:not([hidden])");
  const removed = await page.$$eval("#article-removed li", (ls) => ls.map((l) => l.textContent));
  check(removed.some((r) => /live coverage/.test(r)), `removed furniture is listed apart (${removed})`);
  const body = await page.textContent("#article-body");
  check(!/live coverage/.test(body), "removed furniture is not in the body");
  await page.locator("#article-view .sheet").screenshot({ path: join(shots, "article-furniture.png") });

  // 4. Hostile text stays text.
  await page.goto(base + "#article=" + encodeURIComponent(hostileId));
  await page.waitForSelector("#article-view:not([hidden])");
  await page.waitForTimeout(300);
  const hostile = await page.evaluate(() => ({
    title: document.getElementById("article-title").textContent,
    body: document.getElementById("article-body").textContent,
    injected: document.querySelectorAll("#article-view img, #article-view script, #article-view b, main img, main script").length,
    ran: window.__xss,
  }));
  console.log(JSON.stringify(hostile));
  check(hostile.title.includes("<script>"), "a title with <script> is shown as text");
  check(hostile.body.includes("<img src=x onerror="), "a body with <img onerror> is shown as text");
  check(hostile.injected === 0, "no element was made from article text");
  check(hostile.ran === undefined && dialogs.length === 0, `no script from article text ran (${hostile.ran}, ${dialogs})`);
  await page.locator("#article-view .sheet").screenshot({ path: join(shots, "article-hostile.png") });
  check(pageErrors.length === 0, `no errors in the page (${pageErrors.join("; ")})`);
} catch (e) {
  failures.push(String(e && e.stack || e));
  console.error(e);
} finally {
  await browser.close();
}
console.log("timings " + JSON.stringify(timings));
if (failures.length) {
  console.error(`${failures.length} check(s) failed:\n- ` + failures.join("\n- "));
  process.exit(1);
}
