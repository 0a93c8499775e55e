// The page over the smear API: upload, poll the status, draw the result. Plain DOM, text set with textContent only
// (file names and every value come from the server), no build step.
"use strict";

const $ = (id) => document.getElementById(id);
const LOW_CONFIDENCE = 0.8;
const CLASS_COLOURS = {
  basophil: "#6a3d9a", eosinophil: "#e6550d", erythroblast: "#b15928", ig: "#1f78b4", lymphocyte: "#33a02c",
  monocyte: "#fb9a99", neutrophil: "#2f6fdf", platelet: "#999999", other: "#8a2be2",
};
let current = null;
let pollTimer = null;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value; else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

async function api(path, options) {
  const response = await fetch(path, options);
  if (response.status === 401) { location.href = "/login"; throw new Error("login needed"); }
  return response;
}

// The reference is patient data: the server keeps only a pseudonym, so it is shown back from this tab alone.
function rememberReference(id, reference) { if (reference) sessionStorage.setItem("ref:" + id, reference); }
function referenceOf(id, pseudonym) { return sessionStorage.getItem("ref:" + id) || (pseudonym ? "#" + pseudonym : ""); }

async function loadHealth() {
  const health = await (await api("/api/health")).json();
  const training = $("training");
  training.textContent = health.training_statement;
  training.classList.toggle("simulated", health.simulated_training);
  if (!health.references_pseudonymised)
    $("reference-hint").textContent = "No lab secret is configured: the reference is not stored at all; it is shown back only in this browser tab.";
}

function chooseFiles(files) {
  if ($("files").files !== files) $("files").files = files;
  const count = files.length;
  $("chosen").textContent = count === 0 ? "" : count === 1 ? files[0].name : `${count} files`;
  $("submit").disabled = count === 0;
}

async function upload(event) {
  event.preventDefault();
  const form = new FormData();
  for (const file of $("files").files) form.append("files", file, file.name);
  const reference = $("reference").value.trim();
  if (reference) form.append("reference", reference);
  $("submit").disabled = true;
  $("upload-error").hidden = true;
  $("submit").textContent = "Uploading…";
  try {
    const response = await api("/api/smears", { method: "POST", body: form });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || `upload refused (${response.status})`);
    rememberReference(body.id, reference);
    $("upload-form").reset();
    chooseFiles(new DataTransfer().files);
    location.hash = body.id;
  } catch (error) {
    $("upload-error").textContent = error.message;
    $("upload-error").hidden = false;
    $("submit").disabled = false;
  } finally {
    $("submit").textContent = "Screen the smear";
  }
}

function show(id) {
  current = id;
  clearTimeout(pollTimer);
  $("analysis").hidden = false;
  $("result").hidden = true;
  $("progress-box").hidden = false;
  const reference = referenceOf(id, null);
  $("analysis-title").textContent = reference ? `${reference} (${id.slice(0, 8)})` : id.slice(0, 8);
  poll();
}

async function poll() {
  const id = current;
  const response = await api(`/api/smears/${id}`);
  if (id !== current) return;
  if (!response.ok) { $("status").textContent = (await response.json()).error; return; }
  const analysis = await response.json();
  $("progress").max = Math.max(1, analysis.cells);
  $("progress").value = analysis.cells_done;
  const state = { queued: "Queued", running: "Screening", done: "Done", failed: "Failed", cancelled: "Cancelled" }[analysis.status];
  $("status").textContent = `${state}: ${analysis.cells_done} of ${analysis.cells} cells` + (analysis.error ? ` (${analysis.error})` : "");
  $("cancel").hidden = !["queued", "running"].includes(analysis.status);
  if (analysis.status === "done") { $("progress-box").hidden = true; render(id, analysis.result); loadList(); }
  else if (["queued", "running"].includes(analysis.status)) pollTimer = setTimeout(poll, 700);
  else loadList();
}

function render(id, r) {
  $("result").hidden = false;
  const decision = $("decision");
  decision.className = "decision " + r.decision;
  decision.textContent = `Decision: ${r.decision}`;
  const warning = $("domain-warning");
  warning.hidden = !r.decision_warning;
  warning.textContent = r.decision_warning || "";
  const stain = r.stain_control;
  $("decision-detail").textContent =
    `${r.n_neutrophils} neutrophils of ${r.n_cells} cells; dysplastic fraction ${(100 * r.dysplastic_fraction).toFixed(1)} % ` +
    `against the threshold ${(100 * r.threshold).toFixed(1)} % (cell cut-off ${r.dysplasia_cutoff.toFixed(3)}, at least ${r.minimum_neutrophils} neutrophils). ` +
    `Stain control: ${stain.status}` + (stain.stain_index != null ? `, index ${stain.stain_index} (minimum ${stain.minimum})` : "") +
    `. ${r.note}`;
  $("report-html").href = `/api/smears/${id}/report`;
  $("report-json").href = `/api/smears/${id}/report.json`;
  renderDifferential(r);
  renderNeutrophils(id, r);
  renderGallery(id, r);
}

function renderDifferential(r) {
  const body = $("differential").tBodies[0];
  body.replaceChildren();
  const entries = Object.entries(r.differential);
  for (const [cls, n] of entries)
    body.append(el("tr", { "data-class": cls }, el("td", { text: cls }), el("td", { class: "n", text: String(n) }),
      el("td", { class: "n", text: (r.n_cells ? (100 * n) / r.n_cells : 0).toFixed(1) })));
  const svgNs = "http://www.w3.org/2000/svg";
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const rowHeight = 22, labelWidth = 92, barWidth = 300;
  const svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("width", labelWidth + barWidth + 40);
  svg.setAttribute("height", entries.length * rowHeight + 4);
  entries.forEach(([cls, n], i) => {
    const label = document.createElementNS(svgNs, "text");
    label.setAttribute("x", 0); label.setAttribute("y", i * rowHeight + 15); label.textContent = cls;
    const bar = document.createElementNS(svgNs, "rect");
    bar.setAttribute("x", labelWidth); bar.setAttribute("y", i * rowHeight + 3);
    bar.setAttribute("width", Math.max(1, (barWidth * n) / max)); bar.setAttribute("height", rowHeight - 6);
    bar.setAttribute("fill", CLASS_COLOURS[cls] || "#777");
    const value = document.createElementNS(svgNs, "text");
    value.setAttribute("x", labelWidth + (barWidth * n) / max + 4); value.setAttribute("y", i * rowHeight + 15); value.textContent = String(n);
    svg.append(label, bar, value);
  });
  $("chart").replaceChildren(svg);
}

function cellImage(id, file) { return el("img", { src: `/api/smears/${id}/cells/${encodeURIComponent(file)}`, alt: file, loading: "lazy" }); }

function renderNeutrophils(id, r) {
  const flagged = r.neutrophils.filter((n) => n.dysplastic).sort((a, b) => b.score - a.score);
  $("neutrophil-summary").textContent = `${flagged.length} of ${r.n_neutrophils} neutrophils flagged dysplastic (score ≥ ${r.dysplasia_cutoff.toFixed(3)}); ` +
    "each flagged cell beside its Grad-CAM (red: where DysplasiaNet saw hypogranulation). Below, every neutrophil's score, highest first.";
  $("flagged").replaceChildren(...flagged.map((n) => el("div", { class: "cell flag" }, cellImage(id, n.file),
    el("img", { src: `/api/smears/${id}/gradcam/${encodeURIComponent(n.file)}`, alt: `Grad-CAM of ${n.file}`, loading: "lazy" }),
    el("div", { text: `${n.file} · score ${n.score.toFixed(3)}` }))));
  $("scores").replaceChildren(...[...r.neutrophils].sort((a, b) => b.score - a.score).map((n) =>
    el("div", { class: n.dysplastic ? "dysplastic" : "", style: `height:${Math.max(2, 60 * n.score)}px`, title: `${n.file}: ${n.score.toFixed(3)}` })));
}

// "other" first, then the classes; inside each, the least certain cells first: what a person should look at.
function renderGallery(id, r) {
  const groups = new Map();
  for (const cell of r.cells || []) {
    if (!groups.has(cell.class)) groups.set(cell.class, []);
    groups.get(cell.class).push(cell);
  }
  const order = [...groups.keys()].sort((a, b) => (b === "other") - (a === "other") || a.localeCompare(b));
  const parts = [];
  for (const cls of order) {
    const cells = groups.get(cls).sort((a, b) => a.probability - b.probability);
    parts.push(el("div", { class: "group-title", "data-class": cls, text: `${cls} (${cells.length})` }));
    parts.push(el("div", { class: "group" }, ...cells.map((c) => {
      const uncertain = cls === "other" ? "other" : c.probability < LOW_CONFIDENCE ? "low" : "";
      const label = cls === "other" ? `${c.most_likely}? ${(100 * c.probability).toFixed(1)} %` : `${(100 * c.probability).toFixed(1)} %`;
      return el("div", { class: `cell ${uncertain}`, title: c.file }, cellImage(id, c.file), el("div", { text: label }));
    })));
  }
  $("gallery").replaceChildren(...parts);
}

async function loadList() {
  const list = await (await api("/api/smears?limit=30")).json();
  $("analyses").tBodies[0].replaceChildren(...list.map((a) => {
    const row = el("tr", { "data-id": a.id }, el("td", { text: a.created.replace("T", " ").slice(0, 19) }),
      el("td", { text: referenceOf(a.id, a.reference) }), el("td", { class: "n", text: String(a.cells) }),
      el("td", { text: a.status }), el("td", { text: a.decision || "" }));
    row.addEventListener("click", () => { location.hash = a.id; });
    return row;
  }));
}

function fromHash() { const id = location.hash.slice(1); if (/^[0-9a-f]{32}$/.test(id)) show(id); }

document.addEventListener("DOMContentLoaded", () => {
  const drop = $("drop");
  for (const name of ["dragenter", "dragover"]) drop.addEventListener(name, (e) => { e.preventDefault(); drop.classList.add("over"); });
  for (const name of ["dragleave", "drop"]) drop.addEventListener(name, (e) => { e.preventDefault(); drop.classList.remove("over"); });
  drop.addEventListener("drop", (e) => chooseFiles(e.dataTransfer.files));
  $("files").addEventListener("change", () => chooseFiles($("files").files));
  $("upload-form").addEventListener("submit", upload);
  $("cancel").addEventListener("click", async () => { await api(`/api/smears/${current}/cancel`, { method: "POST" }); poll(); });
  window.addEventListener("hashchange", fromHash);
  loadHealth();
  loadList();
  fromHash();
});
