#!/usr/bin/env python3
"""Writes N articles as JSON Lines for the ingest load benchmark, generated from
the hand-made bodies of the article-extraction benchmark (../shared/data, read
at run time; nothing of it is copied into the repository) by varying them: the
paragraphs of body i % 181 are rotated by i // 181 places (or, for one-paragraph
bodies, its sentences), and each copy gets its own id, address and a
publication date spread over two years.

    python3 bench/generate_articles.py ../shared/data/article-extraction/ground-truth.json 100000 > /tmp/articles.jsonl
"""
import datetime
import json
import re
import sys


def variants(body, k):
    parts = [p for p in body.split("\n") if p.strip()]
    if len(parts) < 2:
        parts = re.split(r"(?<=[.!?])\s+", body.strip())
    if not parts:
        return body
    k %= len(parts)
    return "\n\n".join(parts[k:] + parts[:k])


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
