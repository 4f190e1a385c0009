// Marsad web page: wires filters, map, timeline, table, event panel and review queue.

import { api, getReviewer, getToken, setReviewer, setToken } from "./api.js";
import { TYPE_COLORS, typeColor } from "./colors.js";
import { clear, el } from "./dom.js";
import { eventTypeLabel, LANGUAGES, language, setLanguage, t } from "./i18n.js";
import { EventMap } from "./map.js";
import { EventPanel } from "./panel.js";
import { Timeline } from "./timeline.js";

const PAGE_SIZE = 50;
const REVIEW_STATUSES = ["unreviewed", "confirmed", "edited", "rejected"];
const COLUMNS = [
  ["date", "date"], ["country", "country"], ["location", "location"], ["event_type", "event_type"],
  ["actor1", "actor1"], ["fatalities", "fatalities"], ["confidence", "confidence"], ["review_status", "status"],
];

const state = { filters: {}, sort: "-date", offset: 0, facets: null };
const $ = (id) => document.getElementById(id);

function filterParams({ withDates = true } = {}) {
  const f = { ...state.filters };
  if (!withDates) {
    delete f.date_from;
    delete f.date_to;
  }
  return f;
}

function readFilterForm() {
  const form = $("filters");
  const value = (name) => form.elements[name].value.trim();
  const minConfidence = Number(value("min_confidence"));
  state.filters = {
    country: value("country"),
    event_type: value("event_type"),
    date_from: value("date_from"),
    date_to: value("date_to"),
    q: value("q"),
    min_confidence: minConfidence > 0 ? minConfidence : "",
    review_status: value("review_status"),
  };
  $("min_confidence_value").textContent = minConfidence.toFixed(2);
}

function writeDates(from, to) {
  const form = $("filters");
  form.elements.date_from.value = from || "";
  form.elements.date_to.value = to || "";
}

function notify(message, isError = false) {
  const box = $("notice");
  box.textContent = message;
  box.className = isError ? "notice error" : "notice";
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => { box.textContent = ""; }, 4000);
}

async function guarded(promise) {
  try {
    return await promise;
  } catch (err) {
    // A private server answers 401 until the token is entered in the header.
    notify(err.status === 401 ? t("token_for_reading") : `${t("error")}: ${err.message}`, true);
    return null;
  }
}

// ---- filters ---------------------------------------------------------------

function fillSelect(select, values, label) {
  const keep = select.value;
  clear(select).appendChild(el("option", { value: "" }, t("any")));
  for (const { value, count } of values) {
    select.appendChild(el("option", { value }, `${label(value)} (${count})`));
  }
  select.value = keep;
}

function renderFacets() {
  const facets = state.facets;
  if (!facets) return;
  const form = $("filters");
  fillSelect(form.elements.country, facets.countries, (v) => v);
  fillSelect(form.elements.event_type, facets.event_types, eventTypeLabel);
  fillSelect(form.elements.review_status, REVIEW_STATUSES.map((value) => ({
    value, count: facets.review_statuses.find((r) => r.value === value)?.count ?? 0,
  })), t);
}

function renderLegend() {
  const legend = clear($("legend"));
  for (const type of Object.keys(TYPE_COLORS)) {
    legend.appendChild(el("li", {}, el("span", { class: "swatch", "data-color": typeColor(type) }), eventTypeLabel(type)));
  }
  // Colours set through the CSSOM (allowed by the page's Content-Security-Policy).
  for (const swatch of legend.querySelectorAll(".swatch")) swatch.style.background = swatch.dataset.color;
}

// ---- table ----------------------------------------------------------------

function renderTableHead() {
  const row = clear($("table-head"));
  for (const [field, label] of COLUMNS) {
    const active = state.sort.replace("-", "") === field;
    const arrow = active ? (state.sort.startsWith("-") ? " ▼" : " ▲") : "";
    row.appendChild(el("th", {
      scope: "col", "data-sort": field, "aria-sort": active ? (state.sort.startsWith("-") ? "descending" : "ascending") : null,
      onclick: () => {
        state.sort = state.sort === `-${field}` ? field : `-${field}`;
        state.offset = 0;
        renderTableHead();
        loadTable();
      },
    }, t(label) + arrow));
  }
}

async function loadTable() {
  const page = await guarded(api("/events", {
    params: { ...filterParams(), sort: state.sort, limit: PAGE_SIZE, offset: state.offset },
  }));
  if (!page) return;
  const body = clear($("table-body"));
  for (const ev of page.events) {
    body.appendChild(el("tr", { "data-event-id": ev.id, tabindex: 0, onclick: () => panel.open(ev.id) },
      el("td", {}, ev.date || ""),
      el("td", { dir: "auto" }, ev.country || ""),
      el("td", { dir: "auto" }, ev.location || ""),
      el("td", {}, el("span", { class: "dot", "data-color": typeColor(ev.event_type) }), eventTypeLabel(ev.event_type)),
      el("td", { dir: "auto" }, ev.actor1 || ""),
      el("td", { class: "num" }, ev.fatalities ?? 0),
      el("td", { class: "num" }, (ev.confidence ?? 0).toFixed(2)),
      el("td", {}, t(ev.review_status))));
  }
  for (const dot of body.querySelectorAll(".dot")) dot.style.background = dot.dataset.color;
  $("total").textContent = `${page.total} ${t("events")}`;
  $("total").dataset.total = page.total;
  const pageNo = Math.floor(state.offset / PAGE_SIZE) + 1;
  const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  $("page-info").textContent = `${t("page")} ${pageNo} / ${pages}`;
  $("prev").disabled = state.offset === 0;
  $("next").disabled = state.offset + PAGE_SIZE >= page.total;
}

// ---- review queue -----------------------------------------------------------

async function loadQueue() {
  const page = await guarded(api("/events", {
    params: { ...filterParams(), review_status: "unreviewed", sort: "confidence", limit: 30 },
  }));
  if (!page) return;
  const list = clear($("queue-list"));
  if (!page.events.length) list.appendChild(el("li", { class: "muted" }, t("empty_queue")));
  for (const ev of page.events) {
    list.appendChild(el("li", { "data-event-id": ev.id },
      el("button", { type: "button", class: "link", onclick: () => panel.open(ev.id) },
        el("span", { class: "conf" }, (ev.confidence ?? 0).toFixed(2)), " ",
        el("span", { dir: "auto" }, `${eventTypeLabel(ev.event_type)} — ${ev.location || ev.country || ""} (${ev.date || ""})`))));
  }
}

// ---- loading -----------------------------------------------------------------

async function loadOverview() {
  const [points, timeline] = await Promise.all([
    guarded(api("/events/points", { params: filterParams() })),
    guarded(api("/events/timeline", { params: filterParams({ withDates: false }) })),
  ]);
  if (points) map.setPoints(points);
  if (timeline) timelineView.setBins(timeline.bins, [state.filters.date_from, state.filters.date_to]);
}

async function refresh() {
  readFilterForm();
  state.offset = 0;
  await Promise.all([loadOverview(), loadTable(), loadQueue()]);
  document.body.dataset.ready = "true";
}

async function loadFacets() {
  state.facets = await guarded(api("/events/facets"));
  renderFacets();
}

// ---- page setup ----------------------------------------------------------------

function setupHeader() {
  const select = $("language");
  for (const [code, name] of LANGUAGES) select.appendChild(el("option", { value: code, lang: code }, name));
  select.value = language();
  select.addEventListener("change", () => {
    localStorage.setItem("marsad.lang", setLanguage(select.value));
    timelineView.render();
    renderAll();
  });
  $("token").value = getToken();
  $("reviewer").value = getReviewer();
  $("token").addEventListener("change", (e) => {
    setToken(e.target.value.trim());
    if (panel.eventId) panel.open(panel.eventId);
    loadFacets();
    refresh();
  });
  $("reviewer").addEventListener("change", (e) => setReviewer(e.target.value.trim()));
  $("auth").addEventListener("submit", (e) => {
    e.preventDefault();
    $("token").dispatchEvent(new Event("change"));
  });
}

function renderAll() {
  renderFacets();
  renderLegend();
  renderTableHead();
  loadTable();
  loadQueue();
  if (panel.eventId) panel.open(panel.eventId);
  else panel.showEmpty();
}

setLanguage(localStorage.getItem("marsad.lang") || navigator.language?.slice(0, 2) || "en");
const map = new EventMap($("map"), { onSelect: (id) => panel.open(id) });
const timelineView = new Timeline($("timeline"), {
  onBrush: (from, to) => {
    writeDates(from, to);
    readFilterForm();
    state.offset = 0;
    guarded(api("/events/points", { params: filterParams() })).then((p) => p && map.setPoints(p));
    loadTable();
    loadQueue();
  },
});
const panel = new EventPanel($("panel"), {
  notify,
  onReviewed: () => { loadTable(); loadQueue(); loadFacets(); },
});

setupHeader();
renderLegend();
renderTableHead();
$("filters").addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
$("filters").addEventListener("reset", () => setTimeout(refresh, 0));
$("min_confidence").addEventListener("input", (e) => {
  $("min_confidence_value").textContent = Number(e.target.value).toFixed(2);
});
$("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE_SIZE); loadTable(); });
$("next").addEventListener("click", () => { state.offset += PAGE_SIZE; loadTable(); });
$("reset-zoom").addEventListener("click", () => map.resetView());
loadFacets();
refresh();
