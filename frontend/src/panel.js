// The event panel: coded fields beside the source text, evidence highlighted with <mark>,
// review buttons and the review history. All text is set with textContent.

import { api, getReviewer, getToken } from "./api.js";
import { clear, el, highlighted } from "./dom.js";
import { dirFor, eventTypeLabel, t } from "./i18n.js";

const CODED_FIELDS = [
  "date", "event_type", "sub_event_type", "disorder_type", "plover_type", "actor1", "inter1", "actor2",
  "inter2", "location", "admin1", "country", "fatalities", "modality", "attribution", "geo_precision",
  "time_precision", "confidence", "source_scale", "status",
];
// Fields an analyst can correct in the page (the API accepts more).
const EDITABLE = ["event_type", "sub_event_type", "date", "actor1", "actor2", "location", "admin1", "fatalities"];

export class EventPanel {
  constructor(container, { onReviewed, notify }) {
    this.container = container;
    this.onReviewed = onReviewed;
    this.notify = notify;
    this.eventId = null;
    this.showEmpty();
  }

  showEmpty() {
    clear(this.container).appendChild(el("p", { class: "muted", "data-i18n": "no_event" }, t("no_event")));
  }

  async open(eventId) {
    this.eventId = eventId;
    clear(this.container).appendChild(el("p", { class: "muted" }, t("loading")));
    try {
      const event = await api(`/events/${encodeURIComponent(eventId)}`);
      if (this.eventId !== eventId) return; // a newer selection won
      const docs = await this.loadDocuments(event);
      const history = await api(`/events/${encodeURIComponent(eventId)}/history`).catch(() => []);
      this.render(event, docs, history);
    } catch (err) {
      clear(this.container).appendChild(el("p", { class: "error" }, `${t("error")}: ${err.message}`));
    }
  }

  async loadDocuments(event) {
    const ids = [...new Set(event.reports.map((r) => r.doc_id))];
    const docs = await Promise.all(ids.map((id) =>
      api(`/documents/${encodeURIComponent(id)}`).catch(() => ({ id, missing: true }))));
    return docs;
  }

  render(event, docs, history) {
    const box = clear(this.container);
    box.dataset.eventId = event.id;
    box.appendChild(el("h2", { dir: "auto" },
      `${eventTypeLabel(event.event_type)} — ${event.location || event.country || ""}`));
    box.appendChild(el("p", { class: `status status-${event.review_status}` }, t(event.review_status)));
    box.appendChild(this.reviewBar(event));
    const layout = box.appendChild(el("div", { class: "event-layout" }));
    layout.appendChild(this.codedFields(event));
    const texts = layout.appendChild(el("div", { class: "source-texts" }));
    for (const doc of docs) texts.appendChild(this.sourceText(doc, event));
    box.appendChild(el("h3", {}, t("history")));
    box.appendChild(el("ol", { class: "history" }, history.map((h) => el("li", { dir: "auto" }, historyLine(h)))));
  }

  codedFields(event) {
    const dl = el("dl", { class: "coded" });
    dl.appendChild(el("h3", {}, t("coded_fields")));
    for (const name of CODED_FIELDS) {
      let value = name === "status" ? t(event.review_status) : event[name];
      if (name === "event_type") value = eventTypeLabel(value);
      if (name === "confidence" && typeof value === "number") value = value.toFixed(2);
      if (value === null || value === undefined || value === "") continue;
      dl.appendChild(el("dt", {}, t(name)));
      dl.appendChild(el("dd", { dir: "auto", "data-field": name }, value));
    }
    return dl;
  }

  sourceText(doc, event) {
    const source = event.sources.find((s) => s.doc_id === doc.id) || {};
    const section = el("section", { class: "source", "data-doc-id": doc.id });
    const heading = [source.outlet || doc.outlet, source.published || doc.published].filter(Boolean).join(" · ");
    section.appendChild(el("h3", { dir: "auto" }, `${t("source_text")}: ${heading || doc.id}`));
    if (doc.url) section.appendChild(el("p", { class: "url", dir: "ltr" }, doc.url));
    if (doc.missing) {
      section.appendChild(el("p", { class: "muted" }, t("document_missing")));
      return section;
    }
    if (doc.title) section.appendChild(el("h4", { dir: "auto", lang: doc.language || "" }, doc.title));
    const spans = event.reports
      .filter((r) => r.doc_id === doc.id && r.evidence_end > r.evidence_start)
      .map((r) => [r.evidence_start, r.evidence_end, "evidence"]);
    const body = el("div", { class: "article", dir: dirFor(doc.language), lang: doc.language || "" });
    body.appendChild(highlighted(doc.text, spans));
    section.appendChild(body);
    return section;
  }

  reviewBar(event) {
    const bar = el("div", { class: "review-bar" });
    if (!getToken()) {
      bar.appendChild(el("p", { class: "muted" }, t("token_needed")));
      return bar;
    }
    bar.appendChild(el("button", { class: "confirm", type: "button", onclick: () => this.review(event, "confirm") }, t("confirm")));
    bar.appendChild(el("button", { class: "edit", type: "button", onclick: () => this.editForm(event, bar) }, t("edit")));
    bar.appendChild(el("button", { class: "reject", type: "button", onclick: () => this.review(event, "reject") }, t("reject")));
    return bar;
  }

  editForm(event, bar) {
    const form = el("form", { class: "edit-form" });
    for (const name of EDITABLE) {
      const type = name === "fatalities" ? "number" : name === "date" ? "date" : "text";
      form.appendChild(el("label", {}, t(name),
        el("input", { name, type, dir: "auto", value: event[name] ?? "", min: type === "number" ? 0 : null })));
    }
    form.appendChild(el("button", { type: "submit" }, t("save")));
    form.appendChild(el("button", { type: "button", onclick: () => form.remove() }, t("cancel")));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const changes = {};
      for (const name of EDITABLE) {
        const raw = form.elements[name].value.trim();
        const before = event[name] ?? "";
        if (raw === String(before)) continue;
        changes[name] = name === "fatalities" ? Number(raw) : raw || null;
      }
      this.review(event, "edit", changes);
    });
    bar.after(form);
  }

  async review(event, action, changes = {}) {
    try {
      await api(`/events/${encodeURIComponent(event.id)}`, {
        method: "PATCH",
        body: { action, reviewer: getReviewer() || "analyst", changes },
      });
      this.notify(t("reviewed"));
      this.onReviewed(event.id);
      await this.open(event.id);
    } catch (err) {
      this.notify(`${t("error")}: ${err.message}`, true);
    }
  }
}

function historyLine(h) {
  const who = h.reviewer || h.who || "";
  const what = h.action || h.kind || "";
  const changes = h.changes && Object.keys(h.changes).length ? ` ${JSON.stringify(h.changes)}` : "";
  const when = (h.at || "").replace("T", " ").slice(0, 16);
  return `${when} · ${what} · ${who}${changes}`;
}
