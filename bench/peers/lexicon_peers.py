#!/usr/bin/env python3
"""Dictionary-matching peers for `cargo xtask bench-lexicon`.

Usage: lexicon_peers.py SYSTEM NAMES.txt TEXT.txt MAX_BYTES

SYSTEM is `spacy` (PhraseMatcher on spacy.blank("en"), attr="LOWER"),
`pyahocorasick` (automaton over lower-cased names, matches kept on word
boundaries, leftmost-longest), or `flashtext` (KeywordProcessor, case
insensitive). NAMES.txt holds one dictionary name a line; the first
MAX_BYTES of TEXT.txt are matched (cut at a line break). Prints one JSON
object: build seconds, matching seconds, bytes matched, matches, peak RSS.
"""
import json
import resource
import sys
import time


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main():
    system, names_path, text_path, max_bytes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with open(names_path, encoding="utf-8") as f:
        names = [line.rstrip("\n") for line in f if line.strip()]
    with open(text_path, encoding="utf-8") as f:
        text = f.read(max_bytes)
    cut = text.rfind("\n")
    if cut > 0 and len(text) >= max_bytes:
        text = text[: cut + 1]
    nbytes = len(text.encode("utf-8"))

    t0 = time.perf_counter()
    if system == "spacy":
        import spacy
        from spacy.matcher import PhraseMatcher

        nlp = spacy.blank("en")
        nlp.max_length = max(nlp.max_length, len(text) + 1)
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        batch = 10000
        for i in range(0, len(names), batch):
            matcher.add("N%d" % i, list(nlp.tokenizer.pipe(names[i : i + batch])))
        build = time.perf_counter() - t0
        t1 = time.perf_counter()
        c1 = time.process_time()
        count = 0
        # Line by line, so no single Doc exceeds memory.
        for doc in nlp.tokenizer.pipe(text.split("\n"), batch_size=256):
            spans = matcher(doc, as_spans=True)
            count += len(spacy.util.filter_spans(spans))
        match = time.perf_counter() - t1
        match_cpu = time.process_time() - c1
    elif system == "pyahocorasick":
        import ahocorasick

        a = ahocorasick.Automaton()
        for n in names:
            k = n.lower()
            a.add_word(k, len(k))
        a.make_automaton()
        build = time.perf_counter() - t0
        t1 = time.perf_counter()
        c1 = time.process_time()
        low = text.lower()
        count = 0
        last_end = -1
        n = len(low)
        for end, length in a.iter_long(low):
            start = end - length + 1
            if start <= last_end:
                continue
            if (start > 0 and low[start - 1].isalnum()) or (end + 1 < n and low[end + 1].isalnum()):
                continue
            count += 1
            last_end = end
        match = time.perf_counter() - t1
        match_cpu = time.process_time() - c1
    elif system == "flashtext":
        from flashtext import KeywordProcessor

        kp = KeywordProcessor(case_sensitive=False)
        for n in names:
            kp.add_keyword(n)
        build = time.perf_counter() - t0
        t1 = time.perf_counter()
        c1 = time.process_time()
        count = len(kp.extract_keywords(text))
        match = time.perf_counter() - t1
        match_cpu = time.process_time() - c1
    else:
        raise SystemExit("unknown system " + system)

    print(json.dumps({
        "system": system,
        "names": len(names),
        "build_s": build,
        "match_s": match,
        "match_cpu_s": match_cpu,
        "bytes": nbytes,
        "matches": count,
        "peak_rss_mb": peak_rss_mb(),
    }))


if __name__ == "__main__":
    main()
