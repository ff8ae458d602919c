// Measures the page in headless Chromium: time from navigation until every view
// is drawn, and from a filter change until they are redrawn. Asserts nothing.
//
//   node load.bench.mjs BASE_URL [RUNS]
//
// Run it against a large database, e.g. 100,000 generated events:
//   cargo run --release -p chronicle-store --example bench -- 20000 5 /tmp/big.db
//   chronicle serve --db /tmp/big.db --addr 127.0.0.1:8090 &
//   node load.bench.mjs http://127.0.0.1:8090/ 5
import { chromium } from "playwright-core";

const [base, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 5);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loads = [], filters = [];
let summary = "";
for (let i = 0; i < runs; i++) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const t0 = Date.now();
  await page.goto(base);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 120000 });
  loads.push(Date.now() - t0);
  summary = await page.textContent("#summary");
  const before = await page.evaluate(() => document.body.dataset.ready);
  const t1 = Date.now();
  await page.selectOption("select[name=type]", "ASSAULT");
  await page.click("#filters button[type=submit]");
  await page.waitForFunction((prev) => document.body.dataset.ready && document.body.dataset.ready !== prev, before,
    { timeout: 120000 });
  filters.push(Date.now() - t1);
  await page.close();
}
await browser.close();
console.log(JSON.stringify({ summary, runs, load_ms: loads, median_load_ms: median(loads), filter_ms: filters,
  median_filter_ms: median(filters) }));
