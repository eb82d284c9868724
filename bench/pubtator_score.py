#!/usr/bin/env python3
"""Scores a PubTator file of predictions against a gold PubTator file.

An independent check of `briefing eval entities`: it shares no code with
briefing and reads both files as any PubTator scorer would.

    python3 bench/pubtator_score.py GOLD PRED [--gold-id-spaces]

Per entity type of the gold, it prints
  - mention-level precision, recall and F1: a prediction is right when the
    gold has a mention of that type with the same document, start and end;
  - document-level concept precision, recall and F1 (the measure of NCBI
    Disease and BC5CDR): per document, the set of identifiers of the type
    predicted against the set in the gold. Composite ids ("D1|D2", "D1+D2")
    count each id; "-1" and "-" are no id; "MESH:D1" is "D1".

The NCBI Disease labels (SpecificDisease, DiseaseClass, Modifier,
CompositeMention) are all Disease. With --gold-id-spaces a predicted id
counts only if its prefix (MESH, OMIM, ...) occurs in the gold for that
type, as `briefing eval entities` does; without it every predicted id counts.
"""

import argparse
import re
import sys
from collections import defaultdict

DISEASE_LABELS = {"SpecificDisease", "DiseaseClass", "Modifier", "CompositeMention"}
TEXT_LINE = re.compile(r"^([^\t|]+)\|[ta]\|")


def label(raw):
    return "Disease" if raw in DISEASE_LABELS else raw


def ids_of(field):
    out = []
    for i in re.split(r"[|+,;]", field):
        i = i.strip()
        if not i or i in ("-1", "-"):
            continue
        if i.upper().startswith("MESH:"):
            i = i[5:]
        out.append(i)
    return out


def id_space(i):
    """MESH for D000474 / C537849, OMIM for OMIM:203500, CVCL for CVCL_0030."""
    if re.fullmatch(r"[CD]\d+", i):
        return "MESH"
    return re.split(r"[:_]", i, maxsplit=1)[0]


def read(path):
    """Document ids in order, and annotations (doc, start, end, type, ids)."""
    docs, anns = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            m = TEXT_LINE.match(line)
            if m:
                if line[len(m.group(1)) + 1] == "t":
                    docs.append(m.group(1))
                continue
            fields = line.split("\t")
            if len(fields) >= 5 and fields[1].isdigit() and fields[2].isdigit():
                doc, s, e, _text, typ = fields[:5]
                anns.append((doc, int(s), int(e), label(typ), ids_of(fields[5]) if len(fields) > 5 else []))
            elif len(fields) >= 3:
                continue  # a relation line
            else:
                sys.exit(f"{path}: line {n}: not PubTator: {line[:60]!r}")
    return docs, anns


def prf(tp_p, n_p, tp_g, n_g):
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("pred")
    ap.add_argument("--gold-id-spaces", action="store_true",
                    help="count predicted ids only in the id spaces the gold uses for the type")
    a = ap.parse_args()
    gold_docs, gold = read(a.gold)
    pred_docs, pred = read(a.pred)
    docs = set(gold_docs)
    missing = docs - set(pred_docs)
    if missing:
        print(f"warning: {len(missing)} gold documents have no prediction", file=sys.stderr)
    pred = [x for x in pred if x[0] in docs]
    print(f"{len(gold_docs)} documents")
    print(f"{'type':<10} {'gold':>5} {'pred':>5} | {'P':>6} {'R':>6} {'F1':>6} | {'cP':>6} {'cR':>6} {'cF1':>6}")
    for typ in sorted({x[3] for x in gold}):
        g_m = {(d, s, e) for d, s, e, t, _ in gold if t == typ}
        p_m = {(d, s, e) for d, s, e, t, _ in pred if t == typ}
        tp = len(g_m & p_m)
        mp, mr, mf = prf(tp, len(p_m), tp, len(g_m))
        spaces = {id_space(i) for d, s, e, t, ids in gold if t == typ for i in ids}
        g_c = {(d, i) for d, s, e, t, ids in gold if t == typ for i in ids}
        p_c = {(d, i) for d, s, e, t, ids in pred if t == typ for i in ids
               if not a.gold_id_spaces or id_space(i) in spaces}
        ctp = len(g_c & p_c)
        cp, cr, cf = prf(ctp, len(p_c), ctp, len(g_c))
        print(f"{typ:<10} {len(g_m):>5} {len(p_m):>5} | {mp:.4f} {mr:.4f} {mf:.4f} | {cp:.4f} {cr:.4f} {cf:.4f}")


if __name__ == "__main__":
    main()
