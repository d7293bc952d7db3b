"""Scores extracted facts against hand-checked gold facts, the way FACTS.md defines matching.

A prediction *detects* a gold fact when it has the same source, a line within ±2, the same unit_base
and a value_base within 0.5%. It is *strictly* correct when region, year and kind also agree, and the
indicator_key too where the gold key is not `other`. Pairs are one-to-one.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

LINE_TOLERANCE = 2
VALUE_TOLERANCE = 0.005
ATTRIBUTES = ("region", "year", "kind", "indicator_key", "comparator", "period", "yoy_pct", "province")


def detects(pred: dict, gold: dict) -> bool:
    if pred["source"] != gold["source"] or abs(pred["line"] - gold["line"]) > LINE_TOLERANCE:
        return False
    if (pred["unit_base"] or "") != (gold["unit_base"] or ""):
        return False
    expected, got = float(gold["value_base"]), float(pred["value_base"])
    return abs(got - expected) <= VALUE_TOLERANCE * abs(expected) if expected else got == 0


def strictly_correct(pred: dict, gold: dict) -> bool:
    same = all(pred[k] == gold[k] for k in ("region", "year", "kind"))
    return same and (gold["indicator_key"] == "other" or pred["indicator_key"] == gold["indicator_key"])


@dataclass
class Score:
    n_gold: int = 0
    n_pred: int = 0
    detected: int = 0
    strict: int = 0
    attribute_hits: Counter = field(default_factory=Counter)
    misses: list[dict] = field(default_factory=list)            # gold facts not detected
    wrong: list[tuple[dict, dict]] = field(default_factory=list)  # (gold, pred) detected but not strict
    spurious: list[dict] = field(default_factory=list)          # predictions matching no gold fact

    @staticmethod
    def _f1(hits: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
        precision = hits / n_pred if n_pred else 0.0
        recall = hits / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    @property
    def detect_prf(self):
        return self._f1(self.detected, self.n_pred, self.n_gold)

    @property
    def strict_prf(self):
        return self._f1(self.strict, self.n_pred, self.n_gold)

    def attribute_accuracy(self) -> dict[str, float]:
        return {a: self.attribute_hits[a] / self.detected if self.detected else 0.0 for a in ATTRIBUTES}


def score(predictions: list[dict], gold: list[dict]) -> Score:
    result = Score(n_gold=len(gold), n_pred=len(predictions))
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predictions):
            if detects(p, g):
                candidates.append((not strictly_correct(p, g), abs(p["line"] - g["line"]), gi, pi))
    candidates.sort()
    gold_used, pred_used = {}, set()
    for not_strict, _, gi, pi in candidates:
        if gi in gold_used or pi in pred_used:
            continue
        gold_used[gi] = pi
        pred_used.add(pi)
        result.detected += 1
        g, p = gold[gi], predictions[pi]
        if not not_strict:
            result.strict += 1
        else:
            result.wrong.append((g, p))
        for attribute in ATTRIBUTES:
            result.attribute_hits[attribute] += p.get(attribute) == g.get(attribute)
    result.misses = [g for gi, g in enumerate(gold) if gi not in gold_used]
    result.spurious = [p for pi, p in enumerate(predictions) if pi not in pred_used]
    return result


def score_by(predictions: list[dict], gold: list[dict], group_of) -> dict[str, Score]:
    """One score per group of sources (e.g. document kind): `group_of(source)` names a source's group."""
    groups = sorted({group_of(g["source"]) for g in gold} | {group_of(p["source"]) for p in predictions})
    return {name: score([p for p in predictions if group_of(p["source"]) == name],
                        [g for g in gold if group_of(g["source"]) == name]) for name in groups}
