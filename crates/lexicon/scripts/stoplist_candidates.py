#!/usr/bin/env python3
"""Candidates for the lexicon stop list (crates/lexicon/data/stoplist.tsv).

Counts the words of the shared corpora (train/dev text and full texts) and
prints the one-word dictionary names that are common words there:

  symbol  a name with a capital ("AND", "CAN", "IMPACT", "MET") whose
          lower-case form is a frequent word of running text;
  generic a lower-case name among the most frequent words ("cell", "disease",
          "water", "group").

The output is reviewed by hand: real entities ("insulin", "mouse") are
removed before the list is committed. Usage:

  python3 crates/lexicon/scripts/stoplist_candidates.py ../shared \
      crates/lexicon/data/default-lexicon.tsv.zst > candidates.tsv
"""
import collections
import pathlib
import re
import subprocess
import sys

shared, data = pathlib.Path(sys.argv[1]), sys.argv[2]
words = collections.Counter()
lower = collections.Counter()
for path in sorted(list((shared / "corpora").rglob("*")) + list((shared / "fulltext").rglob("*"))):
    if not path.is_file() or path.suffix in {".zip", ".dtd", ".md"} or path.name.startswith(("LICENSE", "NOTICE")):
        continue
    text = path.read_text(errors="replace")
    if path.suffix in {".xml", ".nxml"}:
        text = re.sub(r"<[^>]+>", " ", text)
    for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text):
        words[w.lower()] += 1
        if w.islower():
            lower[w] += 1

tsv = subprocess.run(["zstd", "-dc", data], capture_output=True, check=True).stdout.decode()
names = collections.defaultdict(set)
for line in tsv.splitlines():
    if line.startswith("#"):
        continue
    cols = line.split("\t")
    for name in [cols[2]] + [n for c in cols[3:5] for n in c.split("|") if n]:
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", name):
            names[name].add(cols[0])

top = {w for w, _ in lower.most_common(3000)}
for name, types in sorted(names.items()):
    key = name.lower()
    if name != key and lower[key] >= 20:
        print(f"{name}\t{','.join(sorted(types))}\tsymbol\t{lower[key]}")
    elif name == key and key in top:
        print(f"{name}\t{','.join(sorted(types))}\tgeneric\t{lower[key]}")
