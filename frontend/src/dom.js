// DOM helpers. Every piece of text goes through textContent / createTextNode:
// nothing from a source article (or from the API at all) is ever parsed as HTML.

/** Create an element: el("td", {class: "x", dir: "auto"}, "text", childNode, ...). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

/** Append children (nodes, strings, numbers, arrays; null skipped) as nodes/text. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Remove all children of a node. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Split `text` into plain and highlighted pieces.
 * `spans` are [start, end, className] in Unicode code points (Python offsets),
 * converted here to UTF-16 indices so astral characters do not shift the mark.
 * Returns a DocumentFragment of text nodes and <mark> elements.
 */
export function highlighted(text, spans) {
  const index = codePointIndex(text);
  const cuts = spans
    .map(([s, e, cls]) => [index(s), index(e), cls])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (const [start, end, cls] of cuts) {
    if (start < pos) continue; // overlapping span: the first (longest) wins
    if (start > pos) frag.appendChild(document.createTextNode(text.slice(pos, start)));
    const mark = document.createElement("mark");
    mark.className = cls;
    mark.textContent = text.slice(start, end);
    frag.appendChild(mark);
    pos = end;
  }
  if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
  return frag;
}

/** Map a code-point offset to a UTF-16 index in `text` (clamped to its length). */
function codePointIndex(text) {
  const table = [];
  let i = 0;
  for (const ch of text) {
    table.push(i);
    i += ch.length;
  }
  table.push(i);
  return (cp) => table[Math.max(0, Math.min(cp | 0, table.length - 1))];
}
