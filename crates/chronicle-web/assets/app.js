// Chronicle's page: plain JavaScript and SVG over the JSON API (/api/openapi.json).
//
// Rule of this file: text from the database (titles, bodies, names, sentences)
// is only ever put into the page with textContent or as an attribute value,
// never as HTML. `el` and `svg` below are the only ways elements are made.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
// Cooperation in cool colours (the first eight), conflict in warm ones.
const COLOURS = {
  AGREE: "#08519c", CONSULT: "#3182bd", SUPPORT: "#6baed6", CONCEDE: "#9ecae1",
  COOPERATE: "#006d2c", AID: "#31a354", RETREAT: "#74c476", REQUEST: "#756bb1",
  ACCUSE: "#fec44f", REJECT: "#fe9929", THREATEN: "#ec7014", PROTEST: "#cc4c02",
  SANCTION: "#fb6a4a", MOBILIZE: "#ef3b2c", COERCE: "#cb181d", ASSAULT: "#67000d",
};
const FILTERS = ["actor", "recipient", "type", "since", "until", "place", "text"];
const PAGE = 100;
const SVG_NS = "http://www.w3.org/2000/svg";

const state = { filters: {}, offset: 0, world: null, generation: 0 };

// ---- small helpers -------------------------------------------------------

/** An HTML element with attributes and children (strings become text nodes). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

/** An SVG element with attributes; `title` becomes a tooltip (as text). */
function svg(tag, attrs = {}, title) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (title !== undefined) {
    const t = document.createElementNS(SVG_NS, "title");
    t.textContent = title;
    node.append(t);
  }
  return node;
}

function clear(node) { while (node.firstChild) node.firstChild.remove(); }

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? "?" + s : "";
}

async function api(path, params = {}) {
  const response = await fetch("/api/" + path + query(params));
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
  return body;
}

function showError(e) {
  const box = document.getElementById("error");
  if (e) { box.textContent = String(e.message || e); box.hidden = false; } else { box.hidden = true; }
}

function actorLabel(a) {
  if (!a) return "–";
  const label = a.code ? `${a.code} (${a.text})` : a.text;
  return a.inferred ? `${label}, inferred` : label;
}

/** A table cell for a party; a code the coder inferred (not read from the words) is marked. */
function partyCell(a) {
  if (!a || !a.inferred) return el("td", {}, actorLabel(a));
  return el("td", { class: "inferred", title: "The code is inferred (from the place or the sentence), not named in the words" },
    actorLabel(a));
}

function dominantType(byType) {
  let best = null;
  for (const [t, n] of Object.entries(byType)) if (!best || n > byType[best]) best = t;
  return best;
}

// ---- filters and the address bar ------------------------------------------

function readHash() {
  const q = new URLSearchParams(location.hash.slice(1));
  const filters = {};
  for (const k of FILTERS) if (q.get(k)) filters[k] = q.get(k);
  return { filters, article: q.get("article") };
}

function writeHash(article) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) if (v) q.set(k, v);
  if (article) q.set("article", article);
  history.replaceState(null, "", "#" + q.toString());
}

function fillForm() {
  const form = document.getElementById("filters");
  for (const k of FILTERS) form.elements[k].value = state.filters[k] || "";
}

/** Sets some filters (others kept), then redraws every view. */
function applyFilters(changes) {
  state.filters = { ...state.filters, ...changes };
  for (const k of Object.keys(state.filters)) if (!state.filters[k]) delete state.filters[k];
  state.offset = 0;
  fillForm();
  writeHash();
  refresh();
}

// ---- the views -------------------------------------------------------------

async function refresh() {
  const generation = ++state.generation;
  document.body.dataset.ready = "";
  showError(null);
  try {
    const f = state.filters;
    const [timeline, places, network, events] = await Promise.all([
      api("timeline", f), api("places", f), api("network", f), api("events", { ...f, limit: PAGE, offset: state.offset }),
    ]);
    if (generation !== state.generation) return; // a newer refresh is under way
    drawTimeline(timeline);
    drawMap(places.places);
    drawNetwork(network);
    drawTable(events);
  } catch (e) {
    if (generation === state.generation) showError(e);
  }
  if (generation === state.generation) document.body.dataset.ready = String(generation);
}

async function refreshTable() {
  try {
    drawTable(await api("events", { ...state.filters, limit: PAGE, offset: state.offset }));
  } catch (e) { showError(e); }
}

function drawTimeline(data) {
  document.getElementById("period").textContent = data.period;
  const chart = document.getElementById("timeline");
  clear(chart);
  const W = Math.max(300, chart.clientWidth || 1000), H = 220, left = 36, bottom = 22, top = 8;
  chart.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const periods = withEmptyPeriods(data.period, data.periods);
  if (!periods.length) {
    const t = svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis" });
    t.textContent = "No dated events match.";
    chart.append(t);
    return;
  }
  const max = Math.max(...periods.map((p) => p.total));
  const step = (W - left) / periods.length;
  const barW = Math.max(1, step * 0.85);
  const y = (n) => ((H - bottom - top) * n) / max;
  const axis = svg("g", { class: "axis" });
  axis.append(svg("line", { x1: left, x2: W, y1: H - bottom, y2: H - bottom }));
  for (const n of [max, Math.round(max / 2)]) {
    const t = svg("text", { x: left - 4, y: H - bottom - y(n) + 4, "text-anchor": "end" });
    t.textContent = String(n);
    axis.append(t);
  }
  const labelEvery = Math.ceil(periods.length / 8);
  periods.forEach((p, i) => {
    const x = left + i * step;
    let base = H - bottom;
    for (const type of TYPES) {
      const n = p.by_type[type];
      if (!n) continue;
      const h = y(n);
      base -= h;
      const bar = svg("rect", { x, y: base, width: barW, height: h, fill: COLOURS[type], class: "bar" },
        `${p.start}: ${n} ${type} (${p.total} in all)`);
      bar.addEventListener("click", () => applyFilters(periodFilter(data.period, p.start)));
      chart.append(bar);
    }
    if (i % labelEvery === 0) {
      const t = svg("text", { x: x + barW / 2, y: H - 6, "text-anchor": "middle" });
      t.textContent = p.start;
      axis.append(t);
    }
  });
  chart.append(axis);
}

/** The periods from the first to the last, with those without events put in as empty bars. */
function withEmptyPeriods(period, periods) {
  if (!periods.length) return periods;
  const byStart = new Map(periods.map((p) => [p.start, p]));
  const out = [];
  const d = new Date(periods[0].start + "T00:00:00Z");
  const last = periods[periods.length - 1].start;
  for (let i = 0; i < 5000; i++) {
    const start = d.toISOString().slice(0, 10);
    if (start > last) break;
    out.push(byStart.get(start) || { start, total: 0, by_type: {} });
    if (period === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCDate(d.getUTCDate() + (period === "week" ? 7 : 1));
  }
  return out;
}

/** since/until of the period starting on `start`. */
function periodFilter(period, start) {
  if (period === "month") return { since: start.slice(0, 7), until: start.slice(0, 7) };
  if (period === "week") {
    const d = new Date(start + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + 6);
    return { since: start, until: d.toISOString().slice(0, 10) };
  }
  return { since: start, until: start };
}

function drawLegend() {
  const legend = document.getElementById("legend");
  for (const t of TYPES) {
    const s = el("span", {}, t.toLowerCase());
    s.style.setProperty("--swatch", COLOURS[t]);
    legend.append(s);
  }
}

/** Equirectangular: the world is the box 0..360 × 0..180. */
function project(lat, lon) { return [lon + 180, 90 - lat]; }

function drawMap(places, whole = false) {
  const map = document.getElementById("map");
  clear(map);
  const located = places.filter((p) => p.lat !== null && p.lon !== null);
  const width = map.clientWidth || 600, height = map.clientHeight || 380;
  // The view: the places holding four fifths of the events (so that one far-off
  // meeting does not zoom the map out), at least 24° wide; or the whole world.
  let w = 360, h = 180, cx = 180, cy = 90;
  if (located.length && !whole) {
    const sorted = [...located].sort((a, b) => b.total - a.total);
    const all = sorted.reduce((n, p) => n + p.total, 0);
    const core = [];
    let held = 0;
    for (const p of sorted) { if (held >= 0.8 * all) break; core.push(p); held += p.total; }
    const xs = core.map((p) => project(p.lat, p.lon)[0]);
    const ys = core.map((p) => project(p.lat, p.lon)[1]);
    cx = (Math.min(...xs) + Math.max(...xs)) / 2;
    cy = (Math.min(...ys) + Math.max(...ys)) / 2;
    w = Math.max(24, (Math.max(...xs) - Math.min(...xs)) * 1.4);
    h = Math.max(12, (Math.max(...ys) - Math.min(...ys)) * 1.4);
  }
  // Match the element's shape, so the map fills it.
  if (w / h < width / height) w = (h * width) / height; else h = (w * height) / width;
  map.setAttribute("viewBox", [cx - w / 2, cy - h / 2, w, h].join(" "));
  const px = w / width; // map units per screen pixel
  const clip = svg("clipPath", { id: "world-box" });
  clip.append(svg("rect", { width: 360, height: 180 }));
  map.append(clip);
  const land = svg("g", { "clip-path": "url(#world-box)", "stroke-width": 0.8 * px });
  for (const c of (state.world && state.world.countries) || []) {
    land.append(svg("path", { d: c.d, class: "land" }, c.name));
  }
  map.append(land);
  const max = Math.max(1, ...located.map((p) => p.total));
  const labels = svg("g", { "font-size": 11 * px });
  const taken = []; // label boxes already placed: [x0, y0, x1, y1]
  // Biggest first, so small circles stay clickable on top; the biggest get their labels first.
  for (const p of [...located].sort((a, b) => b.total - a.total)) {
    const [x, y] = project(p.lat, p.lon);
    const r = px * (4 + 14 * Math.sqrt(p.total / max));
    const type = dominantType(p.by_type);
    const circle = svg("circle", { cx: x, cy: y, r, fill: COLOURS[type] || "#555", class: "place", "stroke-width": px },
      `${p.name}${p.country ? " (" + p.country + ")" : ""}: ${p.total} events, mostly ${type}`);
    circle.addEventListener("click", () => applyFilters({ place: p.name }));
    map.append(circle);
    const box = [x + r + 2 * px, y - 6 * px, x + r + 2 * px + p.name.length * 6.5 * px, y + 6 * px];
    if (!taken.some((t) => box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3])) {
      taken.push(box);
      const label = svg("text", { x: box[0], y: y + 4 * px, class: "label" });
      label.textContent = p.name;
      labels.append(label);
    }
  }
  map.append(labels);
}

function drawNetwork(data) {
  const chart = document.getElementById("network");
  clear(chart);
  const W = 600, H = 380;
  chart.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const defs = svg("defs");
  const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9,
    markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" });
  marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#6b7280" }));
  defs.append(marker);
  chart.append(defs);
  const nodes = data.nodes.map((n) => ({ ...n, weight: n.in + n.out }));
  if (!nodes.length) {
    const t = svg("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "axis" });
    t.textContent = "No events with both an actor and a recipient match.";
    chart.append(t);
    return;
  }
  const index = new Map(nodes.map((n, i) => [n.code, i]));
  const links = data.links.map((l) => ({ ...l, s: index.get(l.source), t: index.get(l.target) }));
  layout(nodes, links, W, H);
  const maxLink = Math.max(...links.map((l) => l.total));
  const maxNode = Math.max(...nodes.map((n) => n.weight));
  const radius = (n) => 6 + 12 * Math.sqrt(n.weight / maxNode);
  for (const l of links) {
    const a = nodes[l.s], b = nodes[l.t];
    // A gentle curve, so that A→B and B→A stay apart; stop at the target's rim.
    const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
    const rb = radius(b) + 2;
    const ex = b.x - (dx / len) * rb, ey = b.y - (dy / len) * rb;
    const mx = (a.x + ex) / 2 - (dy / len) * len * 0.12, my = (a.y + ey) / 2 + (dx / len) * len * 0.12;
    const balance = (l.cooperation - l.conflict) / l.total;
    chart.append(svg("path", {
      d: `M${a.x},${a.y} Q${mx},${my} ${ex},${ey}`, class: "link", stroke: balanceColour(balance),
      "stroke-width": 1 + 5 * (l.total / maxLink), "marker-end": "url(#arrow)",
    }, `${l.source} → ${l.target}: ${l.total} events (${l.cooperation} cooperation, ${l.conflict} conflict)`));
  }
  for (const n of nodes) {
    const g = svg("g", { class: "node", transform: `translate(${n.x},${n.y})` });
    const c = svg("circle", { r: radius(n) }, `${n.code}: ${n.out} as actor, ${n.in} as recipient (in these links)`);
    c.addEventListener("click", () => applyFilters({ actor: n.code }));
    const t = svg("text", { x: radius(n) + 3, y: 4 });
    t.textContent = n.code;
    g.append(c, t);
    chart.append(g);
  }
}

/** -1 (all conflict, red) … 0 (grey) … +1 (all cooperation, blue). */
function balanceColour(b) {
  const mix = (from, to, t) => from.map((c, i) => Math.round(c + (to[i] - c) * t));
  const grey = [150, 150, 150], blue = [33, 113, 181], red = [203, 24, 29];
  const [r, g, bl] = b >= 0 ? mix(grey, blue, b) : mix(grey, red, -b);
  return `rgb(${r},${g},${bl})`;
}

/** A small force layout: nodes repel, links pull, everything drifts to the centre. Deterministic. */
function layout(nodes, links, W, H) {
  const n = nodes.length;
  nodes.forEach((node, i) => {
    const a = (2 * Math.PI * i) / n;
    node.x = W / 2 + (W / 3) * Math.cos(a);
    node.y = H / 2 + (H / 3) * Math.sin(a);
  });
  const ideal = Math.min(120, Math.sqrt((W * H) / n) * 0.7);
  for (let step = 0; step < 300; step++) {
    const cool = 1 - step / 300;
    const fx = new Float64Array(n), fy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = nodes[i].x - nodes[j].x, dy = nodes[i].y - nodes[j].y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) { dx = 0.1 * (i - j); dy = 0.1; d2 = dx * dx + dy * dy; }
        const f = (ideal * ideal) / d2;
        fx[i] += dx * f * 0.03; fy[i] += dy * f * 0.03;
        fx[j] -= dx * f * 0.03; fy[j] -= dy * f * 0.03;
      }
    }
    for (const l of links) {
      const a = nodes[l.s], b = nodes[l.t];
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1;
      const f = ((d - ideal) / d) * 0.1;
      fx[l.s] += dx * f; fy[l.s] += dy * f;
      fx[l.t] -= dx * f; fy[l.t] -= dy * f;
    }
    for (let i = 0; i < n; i++) {
      fx[i] += (W / 2 - nodes[i].x) * 0.04;
      fy[i] += (H / 2 - nodes[i].y) * 0.06;
      const d = Math.hypot(fx[i], fy[i]), limit = 20 * cool + 0.5;
      const k = d > limit ? limit / d : 1;
      nodes[i].x = Math.min(W - 40, Math.max(20, nodes[i].x + fx[i] * k));
      nodes[i].y = Math.min(H - 20, Math.max(20, nodes[i].y + fy[i] * k));
    }
  }
}

function drawTable(page) {
  const body = document.querySelector("#events tbody");
  clear(body);
  for (const e of page.events) {
    const chip = el("span", { class: "chip" }, e.event_type);
    chip.style.background = COLOURS[e.event_type] || "#555";
    const row = el("tr", { "data-article": e.article_id },
      el("td", {}, e.date || "–"),
      el("td", {}, chip),
      partyCell(e.actor),
      el("td", {}, e.trigger.text + (e.negated ? " (denied)" : "") + (e.hypothetical ? " (not done)" : "")),
      partyCell(e.recipient),
      el("td", {}, e.location ? e.location.name : "–"),
      el("td", { class: "sentence" }, e.sentence));
    row.addEventListener("click", () => openArticle(e.article_id));
    body.append(row);
  }
  const from = page.total ? page.offset + 1 : 0, to = page.offset + page.events.length;
  document.getElementById("count").textContent = `(${page.total.toLocaleString("en")})`;
  document.getElementById("range").textContent = `${from}–${to} of ${page.total.toLocaleString("en")}`;
  document.getElementById("prev").disabled = page.offset === 0;
  document.getElementById("next").disabled = to >= page.total;
}

// ---- the article view ----------------------------------------------------------

/** A link only for http(s) addresses; anything else stays text. */
function safeLink(url) {
  try {
    const u = new URL(url);
    if (u.protocol === "http:" || u.protocol === "https:") {
      return el("a", { href: u.href, rel: "noopener noreferrer nofollow", target: "_blank" }, url);
    }
  } catch (_) { /* not a URL */ }
  return document.createTextNode(url);
}

async function openArticle(id) {
  let data;
  try { data = await api("articles/" + encodeURIComponent(id)); } catch (e) { showError(e); return; }
  const a = data.article;
  document.getElementById("article-title").textContent = a.title || a.id;
  const meta = document.getElementById("article-meta");
  clear(meta);
  meta.append([a.date, a.source].filter(Boolean).join(" · ") + (a.url ? " · " : ""));
  if (a.url) meta.append(safeLink(a.url));
  const body = document.getElementById("article-body");
  clear(body);
  for (const s of data.segments) {
    if (!s.role) { body.append(document.createTextNode(s.text)); continue; }
    const node = s.role === "sentence" ? el("span", { class: "sentence" }, s.text) : el("mark", { class: s.role }, s.text);
    const e = data.events[s.event];
    if (e) node.title = `${e.event_type}: ${actorLabel(e.actor)} → ${actorLabel(e.recipient)}`;
    body.append(node);
  }
  const list = document.getElementById("article-events");
  clear(list);
  for (const e of data.events) {
    list.append(el("li", {}, `${e.date || "undated"} · ${e.event_type} · ${actorLabel(e.actor)} “${e.trigger.text}” ${actorLabel(e.recipient)}` +
      (e.location ? ` · in ${e.location.name}` : "")));
  }
  const removed = document.getElementById("article-removed");
  clear(removed);
  for (const line of a.removed) removed.append(el("li", {}, line));
  if (!a.removed.length) removed.append(el("li", {}, "nothing"));
  const related = document.getElementById("article-related");
  clear(related);
  for (const r of a.related) {
    const li = el("li", {}, r.title);
    if (r.summary) li.append(" — " + r.summary);
    if (r.url) { li.append(" "); li.append(safeLink(r.url)); }
    related.append(li);
  }
  if (!a.related.length) related.append(el("li", {}, "none"));
  document.getElementById("article-view").hidden = false;
  document.body.dataset.article = id;
  writeHash(id);
}

function closeArticle() {
  document.getElementById("article-view").hidden = true;
  delete document.body.dataset.article;
  writeHash();
}

// ---- start -------------------------------------------------------------------

async function start() {
  const select = document.querySelector("select[name=type]");
  for (const t of TYPES) select.append(el("option", { value: t }, t));
  drawLegend();
  const form = document.getElementById("filters");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const changes = {};
    for (const k of FILTERS) changes[k] = form.elements[k].value.trim();
    applyFilters(changes);
  });
  document.getElementById("clear").addEventListener("click", () => {
    applyFilters(Object.fromEntries(FILTERS.map((k) => [k, ""])));
  });
  document.getElementById("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); refreshTable(); });
  document.getElementById("next").addEventListener("click", () => { state.offset += PAGE; refreshTable(); });
  document.getElementById("close").addEventListener("click", closeArticle);
  document.getElementById("article-view").addEventListener("click", (ev) => { if (ev.target.id === "article-view") closeArticle(); });
  document.addEventListener("keydown", (ev) => { if (ev.key === "Escape") closeArticle(); });
  document.getElementById("world").addEventListener("click", async () => {
    try { drawMap((await api("places", state.filters)).places, true); } catch (e) { showError(e); }
  });

  window.addEventListener("hashchange", () => {
    const wanted = readHash();
    if (JSON.stringify(wanted.filters) !== JSON.stringify(state.filters)) {
      state.filters = wanted.filters;
      state.offset = 0;
      fillForm();
      refresh();
    }
    if (wanted.article) openArticle(wanted.article); else closeArticle();
  });
  const { filters, article } = readHash();
  state.filters = filters;
  fillForm();
  try {
    const [stats, world] = await Promise.all([api("stats"), fetch("world.json").then((r) => r.json())]);
    state.world = world;
    document.getElementById("summary").textContent =
      `${stats.events.toLocaleString("en")} events from ${stats.articles.toLocaleString("en")} articles` +
      (stats.first_date ? `, ${stats.first_date} to ${stats.last_date}` : "");
  } catch (e) { showError(e); }
  await refresh();
  if (article) openArticle(article);
}

start();
