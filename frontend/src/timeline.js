// Timeline histogram (SVG) with a d3-brush: brushing sets the date filter.

import { brushX } from "d3-brush";
import { scaleLinear, scaleUtc } from "d3-scale";
import { select } from "d3-selection";

const MARGIN = { top: 6, right: 8, bottom: 18, left: 8 };
const DAY = 86400000;

export class Timeline {
  constructor(container, { onBrush }) {
    this.container = container;
    this.onBrush = onBrush;
    this.bins = [];
    this.svg = select(container).append("svg").attr("class", "timeline-svg");
    this.bars = this.svg.append("g").attr("class", "bars");
    this.axis = this.svg.append("g").attr("class", "axis");
    this.brushG = this.svg.append("g").attr("class", "brush");
    this.brush = brushX().on("end", (e) => this.brushed(e));
    new ResizeObserver(() => this.render()).observe(container);
  }

  /** bins: [{start: "YYYY-MM-DD", end: "YYYY-MM-DD", count, fatalities}], end exclusive. */
  setBins(bins, selection) {
    this.bins = bins.map((b) => ({ ...b, t0: Date.parse(b.start), t1: Date.parse(b.end) }));
    this.selection = selection;
    this.render();
  }

  render() {
    const rect = this.container.getBoundingClientRect();
    const width = Math.max(200, rect.width);
    const height = Math.max(60, rect.height);
    this.svg.attr("viewBox", `0 0 ${width} ${height}`);
    const bins = this.bins;
    let t0 = bins.length ? bins[0].t0 : Date.now() - 30 * DAY;
    let t1 = bins.length ? bins[bins.length - 1].t1 : Date.now();
    if (t1 - t0 < 14 * DAY) { // a few days of data: widen so the axis shows dates, not hours
      const middle = (t0 + t1) / 2;
      t0 = middle - 7 * DAY;
      t1 = middle + 7 * DAY;
    }
    // Dates run left to right in every language, as on most Arabic news sites' charts.
    this.x = scaleUtc().domain([t0, t1]).range([MARGIN.left, width - MARGIN.right]);
    const y = scaleLinear().domain([0, Math.max(1, ...bins.map((b) => b.count))])
      .range([height - MARGIN.bottom, MARGIN.top]);
    this.svg.attr("data-bins", bins.length);
    this.bars.selectAll("rect").data(bins).join("rect")
      .attr("x", (b) => this.x(b.t0))
      .attr("width", (b) => Math.max(1, this.x(b.t1) - this.x(b.t0) - 1))
      .attr("y", (b) => y(b.count))
      .attr("height", (b) => y(0) - y(b.count))
      .selectAll("title").data((b) => [b]).join("title").text((b) => `${b.start}: ${b.count}`);
    const ticks = this.x.ticks(Math.max(2, Math.floor(width / 110)));
    const fmt = dateFormatter(t1 - t0);
    this.axis.selectAll("text").data(ticks).join("text")
      .attr("x", (d) => this.x(d)).attr("y", height - 4).attr("text-anchor", "middle").text((d) => fmt(d));
    this.brush.extent([[MARGIN.left, MARGIN.top], [width - MARGIN.right, height - MARGIN.bottom]]);
    this.brushG.call(this.brush);
    this.silent = true;
    if (this.selection && this.selection[0]) {
      const a = Date.parse(this.selection[0]);
      const b = Date.parse(this.selection[1] || this.selection[0]) + DAY;
      this.brushG.call(this.brush.move, [this.x(a), this.x(b)]);
    } else {
      this.brushG.call(this.brush.move, null);
    }
    this.silent = false;
  }

  brushed(event) {
    if (this.silent || !event.sourceEvent) return;
    if (!event.selection) {
      this.selection = null;
      this.onBrush(null, null);
      return;
    }
    const [a, b] = event.selection.map((px) => this.x.invert(px).getTime());
    // Snap to whole days; `to` is inclusive.
    const from = isoDay(Math.floor(a / DAY) * DAY);
    const to = isoDay(Math.max(Math.floor(a / DAY) * DAY, Math.ceil(b / DAY) * DAY - DAY));
    this.selection = [from, to];
    this.onBrush(from, to);
  }
}

// Tick labels in the page language (Arabic month names under <html lang="ar">).
function dateFormatter(spanMs) {
  const options = spanMs > 400 * DAY ? { year: "numeric", month: "short" } : { month: "short", day: "numeric" };
  const format = new Intl.DateTimeFormat(document.documentElement.lang || "en", { ...options, timeZone: "UTC" });
  return (d) => format.format(d);
}

function isoDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}
