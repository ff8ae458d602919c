#!/usr/bin/env python3
"""Writes N articles as JSON Lines for the ingest load benchmark, generated from
the hand-made bodies of the article-extraction benchmark (../shared/data, read
at run time; nothing of it is copied into the repository) by varying them: copy
k of a body leaves out its sentence k % n and starts at sentence (k // n) % n
(n sentences), so copies differ in text (the store would skip an identical one)
while keeping the body's length and language. Each copy gets its own id,
address and a publication date spread over two years.

    python3 bench/generate_articles.py ../shared/data/article-extraction/ground-truth.json 100000 > /tmp/articles.jsonl
"""
import datetime
import json
import re
import sys


def variants(body, k):
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", body.strip()) if x]
    n = len(sentences)
    if n < 2:
        return body
    kept = sentences[: k % n] + sentences[k % n + 1 :]
    r = (k // n) % len(kept)
    return " ".join(kept[r:] + kept[:r])


def main():
    truth = json.load(open(sys.argv[1], encoding="utf-8"))
    n = int(sys.argv[2])
    bodies = [v["articleBody"] for _, v in sorted(truth.items()) if v.get("articleBody", "").strip()]
    start = datetime.date(2020, 1, 1)
    out = sys.stdout
    for i in range(n):
        body = bodies[i % len(bodies)]
        date = start + datetime.timedelta(days=i % 730)
        record = {
            "id": f"bench-{i}",
            "url": f"https://bench.example/{i}",
            "date": date.isoformat(),
            "source": "bench",
            "text": variants(body, i // len(bodies)),
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
