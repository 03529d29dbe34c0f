// Reads a Mermaid diagram on stdin, parses it with Mermaid itself (in a
// jsdom window, which Mermaid needs for its sanitizer) and prints what it
// found as JSON: vertices with their text, edges, subgraphs. Labels come
// back decoded, as a reader sees them. Exit 1 on a parse error.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

// Mermaid keeps entity codes as placeholders until it renders; undo
// them, then let the DOM decode the entities.
function decode(s) {
  const html = (s ?? '').replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';').replace(/<br\s*\/?>/g, '\n');
  const t = document.createElement('textarea');
  t.innerHTML = html;
  return t.value;
}

let src = '';
for await (const chunk of process.stdin) src += chunk;
try {
  const d = await mermaid.mermaidAPI.getDiagramFromText(src);
  const v = d.db.getVertices();
  const vertices = [...(v instanceof Map ? v.values() : Object.values(v))]
    .map((x) => ({ id: x.id, text: decode(x.text), classes: x.classes }));
  const edges = d.db.getEdges().map((e) => ({ from: e.start, to: e.end, text: decode(e.text), stroke: e.stroke }));
  const subgraphs = d.db.getSubGraphs().map((s) => ({ id: s.id, title: decode(s.title), nodes: s.nodes }));
  console.log(JSON.stringify({ type: d.type, vertices, edges, subgraphs }));
} catch (e) {
  console.error('mermaid: ' + e.message);
  process.exit(1);
}
