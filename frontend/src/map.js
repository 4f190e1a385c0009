// The event map: offline Natural Earth country outlines (npm world-atlas) drawn as SVG
// with d3-geo, events clustered with supercluster, coloured by (dominant) event type
// and sized by fatalities. Pan and zoom with d3-zoom; clusters are recomputed per zoom.

import { geoNaturalEarth1, geoPath } from "d3-geo";
import { select } from "d3-selection";
import { zoom as d3zoom, zoomIdentity } from "d3-zoom";
import Supercluster from "supercluster";
import { feature, mesh } from "topojson-client";
import countries110m from "world-atlas/countries-110m.json";
import { eventTypeLabel } from "./i18n.js";
import { typeColor } from "./colors.js";

const WORLD = feature(countries110m, countries110m.objects.countries);
const BORDERS = mesh(countries110m, countries110m.objects.countries, (a, b) => a !== b);
// The Sahel and its neighbours: the initial view when there is nothing to fit.
const DEFAULT_EXTENT = [[-18, 4], [25, 33]];
const MAX_RADIUS = 28;

export class EventMap {
  constructor(container, { onSelect }) {
    this.container = container;
    this.onSelect = onSelect;
    this.points = { types: [], rows: [] };
    this.transform = zoomIdentity;
    this.svg = select(container).append("svg").attr("class", "map-svg").attr("role", "img");
    this.base = this.svg.append("g").attr("class", "basemap");
    this.markers = this.svg.append("g").attr("class", "markers");
    this.zoom = d3zoom().scaleExtent([1, 256]).on("zoom", (e) => this.zoomed(e.transform));
    this.zoom.on("end", () => this.renderMarkers());
    this.svg.call(this.zoom);
    new ResizeObserver(() => this.resize()).observe(container);
    this.resize();
  }

  /** Show a new set of points: {types: [...], rows: [[id, lon, lat, typeIndex, fatalities], ...]}. */
  setPoints(points) {
    this.points = points;
    const features = points.rows.map(([id, lon, lat, ti, fatalities]) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [lon, lat] },
      properties: { id, type: points.types[ti], fatalities },
    }));
    this.index = new Supercluster({
      radius: 36,
      maxZoom: 14,
      map: (p) => ({ fatalities: p.fatalities, types: { [p.type]: 1 } }),
      reduce: (acc, p) => {
        acc.fatalities += p.fatalities;
        for (const [k, v] of Object.entries(p.types)) acc.types[k] = (acc.types[k] || 0) + v;
      },
    });
    this.index.load(features);
    this.features = features;
    this.fit(features);
  }

  /** Fit the projection to the points (or the default region), then redraw. */
  fit(features) {
    const extent = features.length ? paddedExtent(features) : DEFAULT_EXTENT;
    const [[x0, y0], [x1, y1]] = extent;
    const box = {
      type: "Feature",
      geometry: { type: "MultiPoint", coordinates: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]] },
    };
    this.projection = geoNaturalEarth1().fitExtent([[10, 10], [this.width - 10, this.height - 10]], box);
    this.drawBase();
    this.svg.call(this.zoom.transform, zoomIdentity);
    this.renderMarkers();
  }

  resize() {
    const rect = this.container.getBoundingClientRect();
    this.width = Math.max(200, rect.width);
    this.height = Math.max(200, rect.height);
    this.svg.attr("viewBox", `0 0 ${this.width} ${this.height}`);
    this.fit(this.features ?? []);
  }

  drawBase() {
    const path = geoPath(this.projection);
    this.base.selectAll("*").remove();
    this.base.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
    this.base.selectAll("path.country").data(WORLD.features).join("path")
      .attr("class", "country").attr("d", path)
      .append("title").text((d) => d.properties.name);
    this.base.append("path").attr("class", "border").attr("d", path(BORDERS));
  }

  zoomed(transform) {
    this.transform = transform;
    this.base.attr("transform", transform);
    this.base.attr("stroke-width", 1 / transform.k);
    // Markers keep their pixel size: move them, do not scale them.
    this.markers.selectAll("g.marker").attr("transform", (d) => this.place(d));
  }

  place(d) {
    const [x, y] = this.projection(d.geometry.coordinates);
    return `translate(${this.transform.applyX(x)},${this.transform.applyY(y)})`;
  }

  /** Supercluster zoom matching the current on-screen world width. */
  clusterZoom() {
    const worldWidth = 2 * Math.PI * this.projection.scale() * this.transform.k;
    return Math.max(0, Math.min(15, Math.floor(Math.log2(worldWidth / 512)) + 1));
  }

  renderMarkers() {
    if (!this.index) return;
    const clusters = this.index.getClusters([-180, -85, 180, 85], this.clusterZoom());
    const total = clusters.reduce((n, c) => n + (c.properties.point_count || 1), 0);
    this.svg.attr("data-events", total).attr("data-markers", clusters.length);
    const groups = this.markers.selectAll("g.marker")
      .data(clusters, (d) => (d.properties.cluster ? `c${d.properties.cluster_id}` : d.properties.id))
      .join((enter) => {
        const g = enter.append("g").attr("class", "marker");
        g.append("circle");
        g.append("text").attr("class", "count").attr("dy", "0.35em");
        g.append("title");
        return g;
      });
    groups
      .attr("transform", (d) => this.place(d))
      .attr("data-event-id", (d) => (d.properties.cluster ? null : d.properties.id))
      .attr("data-count", (d) => d.properties.point_count || 1)
      .on("click", (event, d) => this.clicked(event, d));
    groups.select("circle")
      .attr("r", (d) => radius(d.properties))
      .attr("fill", (d) => typeColor(dominantType(d.properties)));
    groups.select("text.count").text((d) => (d.properties.cluster ? d.properties.point_count_abbreviated : ""));
    groups.select("title").text((d) => tooltip(d.properties));
  }

  clicked(event, d) {
    event.stopPropagation();
    if (!d.properties.cluster) {
      this.onSelect(d.properties.id);
      return;
    }
    const [x, y] = this.projection(d.geometry.coordinates);
    const k = Math.min(256, this.transform.k * 3);
    const t = zoomIdentity.translate(this.width / 2, this.height / 2).scale(k).translate(-x, -y);
    this.svg.call(this.zoom.transform, t);
  }

  resetView() {
    this.svg.call(this.zoom.transform, zoomIdentity);
  }
}

function paddedExtent(features) {
  let [x0, y0, x1, y1] = [180, 90, -180, -90];
  for (const f of features) {
    const [x, y] = f.geometry.coordinates;
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  const pad = Math.max(4, (x1 - x0) * 0.08, (y1 - y0) * 0.08); // keep some context around one event
  return [[Math.max(-180, x0 - pad), Math.max(-85, y0 - pad)], [Math.min(180, x1 + pad), Math.min(85, y1 + pad)]];
}

function dominantType(p) {
  if (!p.cluster) return p.type;
  let best = null;
  for (const [type, n] of Object.entries(p.types)) if (!best || n > p.types[best]) best = type;
  return best;
}

// Area grows with fatalities (a single event) or with events and fatalities (a cluster),
// compressed so one massacre does not hide its neighbours.
function radius(p) {
  const fatalities = p.fatalities || 0;
  if (!p.cluster) return Math.min(16, 4 + 1.3 * Math.sqrt(fatalities));
  return Math.min(MAX_RADIUS, 9 + 1.6 * Math.log2(p.point_count) + 0.9 * Math.log2(1 + fatalities));
}

function tooltip(p) {
  if (!p.cluster) return `${eventTypeLabel(p.type)} — ${p.fatalities}`;
  const parts = Object.entries(p.types).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${eventTypeLabel(k)}: ${v}`);
  return `${p.point_count} · ${parts.join(" · ")} · † ${p.fatalities}`;
}

