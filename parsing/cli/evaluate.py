"""`python -m parsing evaluate [--gold DIR] [--corpus DIR] [--corrections FILE]`: extraction scored against
gold facts, and how many corrections the current extractor would no longer need."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..corrections import CorrectionsInvalid, read_corrections
from ..corrections_evaluate import correction_verdicts, summary
from ..evaluate import ATTRIBUTES, score
from ..extract import extract_text
from ..reader import UnreadableDocument, read_document

REPO = Path(__file__).resolve().parents[2]


def register(subparsers) -> None:
    parser = subparsers.add_parser("evaluate", help="score extraction against hand-checked gold facts")
    parser.add_argument("--gold", type=Path, default=REPO.parent / "shared" / "gold",
                        help="folder of <source>.jsonl gold files (default ../shared/gold)")
    parser.add_argument("--corpus", type=Path, default=REPO / "data" / "corpus",
                        help="folder holding the gold files' sources (default data/corpus)")
    parser.add_argument("--misses", type=int, default=20, help="how many misses and errors to list")
    parser.add_argument("--corrections", type=Path, metavar="FILE",
                        help="also report which of these corrections the extractor no longer needs")
    parser.set_defaults(func=run)


def load_gold(folder: Path) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        rows.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return rows


def predictions_for(gold: list[dict], corpus: Path) -> list[dict]:
    predicted = []
    for source in sorted({g["source"] for g in gold}):
        try:
            text = read_document(corpus / source).text
        except UnreadableDocument as error:
            print(f"error: {error}", file=sys.stderr)
            continue
        predicted.extend(f.to_dict() for f in extract_text(text, source).facts)
    return predicted


def _brief(fact: dict) -> str:
    return (f"{fact['source'][:3]}:{fact['line']} {fact['value']}{fact['unit_raw']} {fact['region']} "
            f"{fact['year']} {fact['kind']} {fact['indicator_key']} «{fact['quote'][:40]}»")


def run(args) -> int:
    if not args.gold.is_dir():
        print(f"error: no gold folder at {args.gold}", file=sys.stderr)
        return 2
    gold = load_gold(args.gold)
    result = score(predictions_for(gold, args.corpus), gold)
    print(f"gold facts {result.n_gold}, predicted {result.n_pred}, files {len({g['source'] for g in gold})}")
    for name, (p, r, f) in (("detect", result.detect_prf), ("strict", result.strict_prf)):
        print(f"{name:7s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    accuracy = result.attribute_accuracy()
    print("attribute accuracy on detected facts: " + ", ".join(f"{a} {accuracy[a]:.2f}" for a in ATTRIBUTES))
    for title, rows in (("missed", result.misses), ("spurious", result.spurious)):
        print(f"\n{title} ({len(rows)}):")
        for row in rows[:args.misses]:
            print("  " + _brief(row))
    print(f"\ndetected with wrong attributes ({len(result.wrong)}):")
    for g, p in result.wrong[:args.misses]:
        diffs = [f"{a}: {p[a]!r} ≠ gold {g[a]!r}" for a in ("region", "year", "kind", "indicator_key") if p[a] != g[a]]
        print(f"  {g['source'][:3]}:{g['line']} {g['value']}{g['unit_raw']} " + "; ".join(diffs))
    return report_corrections(args.corrections, args.corpus) if args.corrections else 0


def report_corrections(path: Path, corpus: Path) -> int:
    try:
        corrections = read_corrections(path)
    except CorrectionsInvalid as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    verdicts = correction_verdicts(corrections, corpus)
    print(f"\n{summary(verdicts)}")
    for correction, verdict in verdicts:
        if verdict != "still needed":
            print(f"  {verdict}: {correction.source[:3]}:{correction.line} {correction.field} → "
                  f"{correction.new_value} «{correction.quote[:40]}»")
    return 0
