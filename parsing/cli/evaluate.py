"""`python -m parsing evaluate [--gold DIR]... [--corpus DIR] [--corrections FILE]`: extraction scored
against gold facts, per gold folder, per document kind and per field, with the misses; and how many
corrections the current extractor would no longer need."""
from __future__ import annotations

import sys
from pathlib import Path

from ..evaluation.corrections import correction_verdicts, summary
from ..evaluation.gold import GoldRun, run_gold
from ..evaluation.score import ATTRIBUTES, Score, score, score_by
from ..store.corrections import CorrectionsInvalid, read_corrections

REPO = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = [REPO.parent / "shared" / "gold", REPO.parent / "shared" / "external"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("evaluate", help="score extraction against hand-checked gold facts")
    parser.add_argument("--gold", type=Path, action="append",
                        help="folder of <source>.jsonl gold files; repeat for several "
                             "(default ../shared/gold and ../shared/external)")
    parser.add_argument("--corpus", type=Path, default=REPO / "data" / "corpus",
                        help="where sources not kept beside their gold are (default data/corpus)")
    parser.add_argument("--misses", type=int, default=20, help="how many misses and errors to list per folder")
    parser.add_argument("--corrections", type=Path, metavar="FILE",
                        help="also report which of these corrections the extractor no longer needs")
    parser.set_defaults(func=run)


def _brief(fact: dict) -> str:
    return (f"{fact['source'][:3]}:{fact['line']} {fact['value']}{fact['unit_raw']} {fact['region']} "
            f"{fact['year']} {fact['kind']} {fact['indicator_key']} «{fact['quote'][:40]}»")


def _figures(result: Score) -> str:
    (dp, dr, df), (sp, sr, sf) = result.detect_prf, result.strict_prf
    return (f"gold {result.n_gold:4d}  predicted {result.n_pred:4d}  detect P/R/F1 {dp:.3f}/{dr:.3f}/{df:.3f}  "
            f"strict P/R/F1 {sp:.3f}/{sr:.3f}/{sf:.3f}  region {result.attribute_accuracy()['region']:.2f}")


def report(run: GoldRun, misses: int) -> Score:
    result = score(run.predicted, run.gold)
    print(f"== {run.folder}  ({len(run.kinds)} documents)")
    print(f"   all          {_figures(result)}")
    for kind, part in score_by(run.predicted, run.gold, lambda source: run.kinds.get(source, "unread")).items():
        print(f"   {kind:12s} {_figures(part)}")
    accuracy = result.attribute_accuracy()
    print("   fields right on detected facts: " + ", ".join(f"{a} {accuracy[a]:.2f}" for a in ATTRIBUTES))
    for error in run.errors:
        print(f"   error: {error}", file=sys.stderr)
    for title, rows in (("missed", result.misses), ("spurious", result.spurious)):
        print(f"   {title} ({len(rows)}):")
        for row in rows[:misses]:
            print("     " + _brief(row))
    print(f"   detected with wrong attributes ({len(result.wrong)}):")
    for g, p in result.wrong[:misses]:
        diffs = [f"{a}: {p[a]!r} ≠ gold {g[a]!r}" for a in ("region", "year", "kind", "indicator_key") if p[a] != g[a]]
        print(f"     {g['source'][:3]}:{g['line']} {g['value']}{g['unit_raw']} " + "; ".join(diffs))
    return result


def run(args) -> int:
    folders = args.gold or DEFAULT_GOLD
    missing = [folder for folder in folders if not folder.is_dir()]
    for folder in missing:
        print(f"error: no gold folder at {folder}", file=sys.stderr)
    if len(missing) == len(folders):
        return 2
    for folder in folders:
        if folder.is_dir():
            report(run_gold(folder, args.corpus), args.misses)
            print()
    status = report_corrections(args.corrections, args.corpus) if args.corrections else 0
    return 1 if missing else status


def report_corrections(path: Path, corpus: Path) -> int:
    try:
        corrections = read_corrections(path)
    except CorrectionsInvalid as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    verdicts = correction_verdicts(corrections, corpus)
    print(summary(verdicts))
    for correction, verdict in verdicts:
        if verdict != "still needed":
            print(f"  {verdict}: {correction.source[:3]}:{correction.line} {correction.field} → "
                  f"{correction.new_value} «{correction.quote[:40]}»")
    return 0
