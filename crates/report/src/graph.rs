//! The mechanism graph: agents and targets as boxes, relations as coloured
//! edges, laid out in layers from left to right.
//!
//! The layout is a small deterministic Sugiyama scheme: cycles are broken by
//! a depth-first search in first-appearance order, nodes are layered by
//! longest path, and the order inside each layer is improved by a fixed
//! number of barycentre sweeps with ties broken by position. Nothing depends
//! on hashing or timing, so the SVG is byte-identical from run to run.

use std::collections::BTreeMap;
use std::fmt::Write;

use briefing_evidence::Keys;
use briefing_model::{Argument, Document, EntityType};

use crate::chart::FONT;
use crate::escape::xml;
use crate::index::score_of;
use crate::labels::{relation_effect, relation_verb};
use crate::view::Graph;

/// The graph shows at most this many edges, the best-supported ones.
pub(crate) const MAX_EDGES: usize = 40;
const LABEL_CHARS: usize = 30;
const CHAR_W: f64 = 6.6;
const NODE_H: f64 = 26.0;
const V_GAP: f64 = 14.0;
const H_GAP: f64 = 90.0;
const MARGIN: f64 = 16.0;
const SWEEPS: usize = 8;

#[derive(Debug)]
struct Node {
    label: String,
    kind: Option<EntityType>,
}

#[derive(Debug)]
struct Edge {
    from: usize,
    to: usize,
    effect: &'static str,
    verb: &'static str,
    claims: Vec<String>,
    best: f64,
    /// True when every claim behind the edge is hedged.
    hedged: bool,
    first: usize,
}

/// Normalises an argument into a node key: the evidence crate's normalized
/// argument (identifiers, else words with abbreviations expanded), so "EVs"
/// and "extracellular vesicles (EVs)" are one node, as their claims are one
/// claim.
fn node_key(keys: &Keys<'_>, a: &Argument) -> Option<String> {
    // "~" alone: an argument without words or identifiers.
    let key = keys.argument(a);
    (key != "~").then_some(key)
}

fn short_label(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= LABEL_CHARS {
        return text;
    }
    let mut s: String = text.chars().take(LABEL_CHARS - 1).collect();
    s = s.trim_end().to_owned();
    s.push('…');
    s
}

/// Builds the graph of a document's mechanisms, or `None` when no mechanism
/// has both an agent and a target.
pub(crate) fn build(doc: &Document) -> Option<Graph> {
    let mut nodes: Vec<Node> = Vec::new();
    let mut node_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut edges: Vec<Edge> = Vec::new();
    let mut edge_ids: BTreeMap<(usize, usize, &'static str, &'static str), usize> = BTreeMap::new();
    let keys = Keys::new(doc);
    for (ci, claim) in doc.claims.iter().enumerate() {
        if claim.category != briefing_model::ClaimCategory::Mechanism || claim.negated {
            continue;
        }
        let (Some(s), Some(o)) = (&claim.subject, &claim.object) else {
            continue;
        };
        let (Some(sk), Some(ok)) = (node_key(&keys, s), node_key(&keys, o)) else {
            continue;
        };
        let mut node = |key: String, a: &Argument| {
            *node_ids.entry(key).or_insert_with(|| {
                nodes.push(Node {
                    label: short_label(&a.text),
                    kind: a.kind,
                });
                nodes.len() - 1
            })
        };
        let from = node(sk, s);
        let to = node(ok, o);
        let kind = claim.relation.as_ref().map(|r| r.kind).unwrap_or_default();
        let key = (from, to, relation_effect(kind), relation_verb(kind));
        let score = score_of(claim);
        match edge_ids.get(&key) {
            Some(&e) => {
                let edge = &mut edges[e];
                edge.claims.push(claim.id.clone());
                edge.best = edge.best.max(score);
                edge.hedged &= claim.hedged;
            }
            None => {
                edge_ids.insert(key, edges.len());
                edges.push(Edge {
                    from,
                    to,
                    effect: key.2,
                    verb: key.3,
                    claims: vec![claim.id.clone()],
                    best: score,
                    hedged: claim.hedged,
                    first: ci,
                });
            }
        }
    }
    if edges.is_empty() {
        return None;
    }
    let total_edges = edges.len();
    // Keep the best-supported edges, then renumber the nodes they use in
    // order of first appearance.
    edges.sort_by(|a, b| b.best.total_cmp(&a.best).then(a.first.cmp(&b.first)));
    edges.truncate(MAX_EDGES);
    edges.sort_by_key(|e| e.first);
    let mut renumber: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kept: Vec<Node> = Vec::new();
    let mut old_nodes: Vec<Option<Node>> = nodes.into_iter().map(Some).collect();
    for e in &mut edges {
        for end in [&mut e.from, &mut e.to] {
            let new = *renumber.entry(*end).or_insert_with(|| {
                kept.push(old_nodes[*end].take().unwrap_or(Node {
                    label: String::new(),
                    kind: None,
                }));
                kept.len() - 1
            });
            *end = new;
        }
    }
    let layout = Layout::compute(&kept, &edges);
    Some(Graph {
        svg: layout.svg(&kept, &edges),
        mermaid: mermaid(&kept, &edges),
        nodes: kept.len(),
        edges: edges.len(),
        total_edges,
        width: layout.width.ceil() as u32,
        height: layout.height.ceil() as u32,
        fit_percent: fit_percent(layout.width, layout.height),
    })
}

/// A4 text is about 176 mm wide and a figure should stay under about
/// 200 mm high: tall graphs are narrowed until they fit.
fn fit_percent(width: f64, height: f64) -> u32 {
    if width <= 0.0 || height <= 0.0 {
        return 100;
    }
    ((100.0 * 200.0 / 176.0) * width / height)
        .floor()
        .clamp(30.0, 100.0) as u32
}

struct Layout {
    /// Layer of each node.
    layer: Vec<usize>,
    /// Top-left corner and width of each node.
    x: Vec<f64>,
    y: Vec<f64>,
    w: Vec<f64>,
    width: f64,
    height: f64,
    legend_y: f64,
}

impl Layout {
    fn compute(nodes: &[Node], edges: &[Edge]) -> Layout {
        let n = nodes.len();
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
        for e in edges {
            if e.from != e.to && !out[e.from].contains(&e.to) {
                out[e.from].push(e.to);
            }
        }
        // Break cycles: drop edges that close a cycle in a DFS that visits
        // nodes in their order of appearance.
        let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
        let mut dag: Vec<Vec<usize>> = vec![Vec::new(); n];
        for root in 0..n {
            if state[root] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            state[root] = 1;
            while let Some(&mut (v, ref mut i)) = stack.last_mut() {
                if let Some(&w) = out[v].get(*i) {
                    *i += 1;
                    match state[w] {
                        0 => {
                            dag[v].push(w);
                            state[w] = 1;
                            stack.push((w, 0));
                        }
                        2 => dag[v].push(w),
                        _ => {} // a back edge: not used for layering
                    }
                } else {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
        // Longest-path layering in topological order (Kahn, smallest first).
        let mut indegree = vec![0usize; n];
        for targets in &dag {
            for &w in targets {
                indegree[w] += 1;
            }
        }
        let mut ready: std::collections::BTreeSet<usize> =
            (0..n).filter(|&v| indegree[v] == 0).collect();
        let mut layer = vec![0usize; n];
        while let Some(v) = ready.pop_first() {
            for &w in &dag[v] {
                layer[w] = layer[w].max(layer[v] + 1);
                indegree[w] -= 1;
                if indegree[w] == 0 {
                    ready.insert(w);
                }
            }
        }
        let layers = layer.iter().max().map_or(1, |m| m + 1);
        let mut order: Vec<Vec<usize>> = vec![Vec::new(); layers];
        for v in 0..n {
            order[layer[v]].push(v);
        }
        // Barycentre sweeps, down then up.
        let mut pos = vec![0usize; n];
        let update = |order: &Vec<Vec<usize>>, pos: &mut Vec<usize>| {
            for l in order {
                for (i, &v) in l.iter().enumerate() {
                    pos[v] = i;
                }
            }
        };
        update(&order, &mut pos);
        let neighbours = |v: usize, towards: usize| -> Vec<usize> {
            edges
                .iter()
                .filter_map(|e| {
                    if e.from == v && layer[e.to] == towards {
                        Some(e.to)
                    } else if e.to == v && layer[e.from] == towards {
                        Some(e.from)
                    } else {
                        None
                    }
                })
                .collect()
        };
        for sweep in 0..SWEEPS {
            let down = sweep % 2 == 0;
            let range: Vec<usize> = if down {
                (1..layers).collect()
            } else {
                (0..layers.saturating_sub(1)).rev().collect()
            };
            for l in range {
                let towards = if down { l - 1 } else { l + 1 };
                let mut keyed: Vec<(f64, usize, usize)> = order[l]
                    .iter()
                    .map(|&v| {
                        let nb = neighbours(v, towards);
                        let bary = if nb.is_empty() {
                            pos[v] as f64
                        } else {
                            nb.iter().map(|&u| pos[u] as f64).sum::<f64>() / nb.len() as f64
                        };
                        (bary, pos[v], v)
                    })
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                order[l] = keyed.into_iter().map(|k| k.2).collect();
                update(&order, &mut pos);
            }
        }
        // Geometry.
        let w: Vec<f64> = nodes
            .iter()
            .map(|nd| (nd.label.chars().count() as f64 * CHAR_W + 20.0).max(56.0))
            .collect();
        let col_w: Vec<f64> = order
            .iter()
            .map(|l| l.iter().map(|&v| w[v]).fold(0.0, f64::max))
            .collect();
        let col_h: Vec<f64> = order
            .iter()
            .map(|l| l.len() as f64 * (NODE_H + V_GAP) - V_GAP)
            .collect();
        let inner_h = col_h.iter().copied().fold(0.0, f64::max);
        let mut x = vec![0.0; n];
        let mut y = vec![0.0; n];
        let mut cx = MARGIN;
        for (l, ids) in order.iter().enumerate() {
            let top = MARGIN + (inner_h - col_h[l]) / 2.0;
            for (i, &v) in ids.iter().enumerate() {
                x[v] = cx + (col_w[l] - w[v]) / 2.0;
                y[v] = top + i as f64 * (NODE_H + V_GAP);
            }
            cx += col_w[l] + H_GAP;
        }
        // Room below for edges that loop back, then the legend.
        let back = edges.iter().any(|e| layer[e.to] <= layer[e.from]);
        let legend_y = MARGIN + inner_h + if back { 44.0 } else { 18.0 };
        let width = (cx - H_GAP + MARGIN).max(560.0);
        let height = legend_y + legend_rows(width) as f64 * LEGEND_ROW + 12.0;
        Layout {
            layer,
            x,
            y,
            w,
            width,
            height,
            legend_y,
        }
    }

    fn svg(&self, nodes: &[Node], edges: &[Edge]) -> String {
        let mut s = String::with_capacity(8192);
        let (w, h) = (self.width.ceil(), self.height.ceil());
        let _ = write!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="Mechanism graph" font-family="{FONT}" font-size="12">"#
        );
        // Edges under nodes. Arrowheads and bars are drawn as shapes, not
        // SVG markers, so every renderer (browsers, typst, print engines)
        // draws them alike.
        for e in edges {
            let colour = effect_colour(e.effect);
            let (x1r, y1) = (
                self.x[e.from] + self.w[e.from],
                self.y[e.from] + NODE_H / 2.0,
            );
            let (x2l, y2) = (self.x[e.to], self.y[e.to] + NODE_H / 2.0);
            let curve: [(f64, f64); 4] = if e.from == e.to {
                let (x, y) = (x1r, y1);
                [
                    (x, y - 6.0),
                    (x + 34.0, y - 26.0),
                    (x + 34.0, y + 26.0),
                    (x + 2.0, y + 6.0),
                ]
            } else if self.layer[e.to] > self.layer[e.from] {
                let end = x2l - 2.0;
                let dx = (end - x1r) / 2.0;
                [(x1r, y1), (x1r + dx, y1), (end - dx, y2), (end, y2)]
            } else if self.layer[e.to] == self.layer[e.from] {
                let x2r = self.x[e.to] + self.w[e.to];
                let bulge = x1r.max(x2r) + 30.0 + (y2 - y1).abs() * 0.15;
                [(x1r, y1), (bulge, y1), (bulge, y2), (x2r + 2.0, y2)]
            } else {
                // Back to an earlier layer: leave from the bottom, come
                // round underneath, and enter from the bottom.
                let (xa, ya) = (
                    self.x[e.from] + self.w[e.from] / 2.0,
                    self.y[e.from] + NODE_H,
                );
                let (xb, yb) = (
                    self.x[e.to] + self.w[e.to] / 2.0,
                    self.y[e.to] + NODE_H + 2.0,
                );
                let low = self.legend_y - 14.0;
                [(xa, ya), (xa, low), (xb, low), (xb, yb)]
            };
            let [p0, p1, p2, p3] = curve;
            let dash = if e.hedged {
                r#" stroke-dasharray="5 4""#
            } else {
                ""
            };
            let _ = write!(
                s,
                r#"<g><title>{} {} {} ({})</title><path d="M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="none" stroke="{colour}" stroke-width="1.6"{dash}/>{}</g>"#,
                xml(&nodes[e.from].label),
                e.verb,
                xml(&nodes[e.to].label),
                xml(&e.claims.join(", ")),
                p0.0,
                p0.1,
                p1.0,
                p1.1,
                p2.0,
                p2.1,
                p3.0,
                p3.1,
                head(e.effect, colour, p2, p3),
            );
        }
        for (v, node) in nodes.iter().enumerate() {
            let (fill, stroke) = node_colours(node.kind);
            let _ = write!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{NODE_H}" rx="5" fill="{fill}" stroke="{stroke}"/><text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#1a1a1a">{}</text>"##,
                self.x[v],
                self.y[v],
                self.w[v],
                self.x[v] + self.w[v] / 2.0,
                self.y[v] + NODE_H / 2.0 + 4.0,
                xml(&node.label)
            );
        }
        // Legend, wrapped to the width of the drawing.
        let (mut x, mut ly) = (MARGIN, self.legend_y);
        for (effect, label, dashed) in LEGEND {
            let item_w = 36.0 + label.len() as f64 * CHAR_W + 18.0;
            if x > MARGIN && x + item_w > self.width {
                x = MARGIN;
                ly += LEGEND_ROW;
            }
            let colour = if dashed {
                "#555"
            } else {
                effect_colour(effect)
            };
            let dash = if dashed {
                r#" stroke-dasharray="5 4""#
            } else {
                ""
            };
            let head = if dashed {
                String::new()
            } else {
                head(effect, colour, (x, ly + 6.0), (x + 30.0, ly + 6.0))
            };
            let _ = write!(
                s,
                r##"<path d="M{x:.1},{:.1} L{:.1},{:.1}" stroke="{colour}" stroke-width="1.6"{dash}/>{head}<text x="{:.1}" y="{:.1}" fill="#444">{label}</text>"##,
                ly + 6.0,
                x + 30.0,
                ly + 6.0,
                x + 36.0,
                ly + 10.0,
            );
            x += item_w;
        }
        s.push_str("</svg>");
        s
    }
}

/// The end of an edge arriving at `tip` from the direction of `from`: a
/// filled arrowhead, or a bar across the edge for effects that inhibit.
fn head(effect: &str, colour: &str, from: (f64, f64), tip: (f64, f64)) -> String {
    let (dx, dy) = (tip.0 - from.0, tip.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt();
    let (ux, uy) = if len > 1e-6 {
        (dx / len, dy / len)
    } else {
        (1.0, 0.0)
    };
    let (nx, ny) = (-uy, ux);
    if effect == "down" {
        let (a, b) = (
            (tip.0 + 5.5 * nx, tip.1 + 5.5 * ny),
            (tip.0 - 5.5 * nx, tip.1 - 5.5 * ny),
        );
        format!(
            r#"<path d="M{:.1},{:.1} L{:.1},{:.1}" stroke="{colour}" stroke-width="2.6"/>"#,
            a.0, a.1, b.0, b.1
        )
    } else {
        let base = (tip.0 - 8.0 * ux, tip.1 - 8.0 * uy);
        let (a, b) = (
            (base.0 + 4.0 * nx, base.1 + 4.0 * ny),
            (base.0 - 4.0 * nx, base.1 - 4.0 * ny),
        );
        format!(
            r#"<path d="M{:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} Z" fill="{colour}"/>"#,
            tip.0, tip.1, a.0, a.1, b.0, b.1
        )
    }
}

/// The legend: effect, label, dashed.
const LEGEND: [(&str, &str, bool); 5] = [
    ("up", "activates, increases", false),
    ("down", "inhibits, decreases, degrades", false),
    ("release", "secretes", false),
    ("neutral", "regulates, binds, other", false),
    ("neutral", "hedged", true),
];
const LEGEND_ROW: f64 = 20.0;

/// The height the legend needs at a given width.
fn legend_rows(width: f64) -> usize {
    let mut rows = 1;
    let mut x = MARGIN;
    for (_, label, _) in LEGEND {
        let item_w = 36.0 + label.len() as f64 * CHAR_W + 18.0;
        if x > MARGIN && x + item_w > width {
            rows += 1;
            x = MARGIN;
        }
        x += item_w;
    }
    rows
}

const EFFECT_COLOURS: [(&str, &str); 4] = [
    ("up", "#2e7d32"),
    ("down", "#c62828"),
    ("release", "#1565c0"),
    ("neutral", "#6d6d6d"),
];

fn effect_colour(effect: &str) -> &'static str {
    EFFECT_COLOURS
        .iter()
        .find(|(e, _)| *e == effect)
        .map_or("#6d6d6d", |(_, c)| c)
}

fn node_colours(kind: Option<EntityType>) -> (&'static str, &'static str) {
    match kind {
        Some(EntityType::Gene) => ("#e8f0fe", "#7aa2e3"),
        Some(EntityType::CellType | EntityType::CellLine) => ("#fff4e0", "#e0a84a"),
        Some(EntityType::Chemical) => ("#e7f5ea", "#6fb57f"),
        Some(EntityType::Disease) => ("#fdecea", "#e08a80"),
        _ => ("#f2f3f5", "#9aa0a6"),
    }
}

/// A Mermaid flowchart of the same graph, for Markdown viewers that draw
/// them. Labels are reduced to letters, digits, spaces and a few safe
/// signs; anything else becomes a Mermaid entity code (`#35;`).
fn mermaid(nodes: &[Node], edges: &[Edge]) -> String {
    let mut s = String::from("flowchart LR\n");
    for (i, n) in nodes.iter().enumerate() {
        let _ = writeln!(s, "  n{}[\"{}\"]", i + 1, mermaid_text(&n.label));
    }
    for e in edges {
        let arrow = if e.hedged { "-.->" } else { "-->" };
        let _ = writeln!(s, "  n{} {arrow}|{}| n{}", e.from + 1, e.verb, e.to + 1);
    }
    s
}

fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | ',' | '/' | '+' | '(' | ')' | '…')
        {
            out.push(c);
        } else {
            let _ = write!(out, "#{};", c as u32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use briefing_model::{Claim, ClaimCategory, Relation, RelationKind};

    fn arg(text: &str) -> Option<Argument> {
        Some(Argument {
            text: text.into(),
            ..Argument::default()
        })
    }

    fn mech(id: &str, s: &str, kind: RelationKind, o: &str) -> Claim {
        Claim {
            id: id.into(),
            category: ClaimCategory::Mechanism,
            text: format!("{s} {kind:?} {o}"),
            start: 0,
            end: 0,
            sentence: Default::default(),
            subject: arg(s),
            relation: Some(Relation {
                kind,
                text: String::new(),
            }),
            object: arg(o),
            items: vec![],
            hedged: false,
            negated: false,
            cues: vec![],
            study: Default::default(),
            citations: vec![],
            evidence: None,
        }
    }

    #[test]
    fn layers_follow_the_chain_and_cycles_do_not_hang() {
        let mut doc = Document::new("d");
        doc.claims = vec![
            mech("C1", "MSCs", RelationKind::Secretion, "HGF"),
            mech("C2", "HGF", RelationKind::Inhibition, "HSC activation"),
            mech("C3", "HSC activation", RelationKind::Activation, "MSCs"),
            mech("C4", "MSCs", RelationKind::Regulation, "MSCs"),
        ];
        let g = build(&doc).unwrap();
        assert_eq!((g.nodes, g.edges), (3, 4));
        assert!(g.svg.starts_with("<svg") && g.svg.ends_with("</svg>"));
        assert!(g.mermaid.contains("n1 -->|secretes| n2"));
        // Same input, same bytes.
        assert_eq!(build(&doc).unwrap().svg, g.svg);
    }

    #[test]
    fn an_abbreviation_and_its_long_form_are_one_node() {
        let mut doc = Document::new("d");
        doc.abbreviations = vec![briefing_model::Abbreviation {
            short: "EVs".into(),
            long: "extracellular vesicles".into(),
            ..Default::default()
        }];
        doc.claims = vec![
            mech("C1", "MSCs", RelationKind::Secretion, "EVs"),
            mech(
                "C2",
                "MSCs",
                RelationKind::Secretion,
                "extracellular vesicles (EVs)",
            ),
            mech("C3", "MSCs", RelationKind::Secretion, "HGF"),
        ];
        let g = build(&doc).unwrap();
        // One edge for C1 and C2, labelled as first written.
        assert_eq!((g.nodes, g.edges), (3, 2));
        assert!(g.mermaid.contains("n2[\"EVs\"]"), "{}", g.mermaid);
        assert!(!g.mermaid.contains("extracellular vesicles"));
    }

    #[test]
    fn labels_are_escaped() {
        let mut doc = Document::new("d");
        doc.claims = vec![mech(
            "C1",
            "<script>alert(1)</script>",
            RelationKind::Activation,
            "a\"b",
        )];
        let g = build(&doc).unwrap();
        assert!(!g.svg.contains("<script>"));
        assert!(g.svg.contains("&lt;script&gt;"));
        assert!(!g.mermaid.contains('"') || g.mermaid.matches('"').count() == 4);
        assert!(g.mermaid.contains("#60;script#62;"));
    }
}
