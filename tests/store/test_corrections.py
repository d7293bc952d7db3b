"""Corrections: the CSV file (tests/cases/corrections/rows.yaml), what each field does
(tests/cases/corrections/fields.yaml), and corrections surviving re-ingests and rebuilds, reaching the
series view, exports and goal statuses, orphans, undo, and the `corrections` command."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dashboard"))
from dashboard_store import build_sample_db, sample_facts  # noqa: E402
from parsing import store  # noqa: E402
from parsing.__main__ import main  # noqa: E402
from parsing.evaluation.corrections import correction_verdicts  # noqa: E402
from parsing.store import corrections_apply, queries  # noqa: E402
from parsing.store import ingest as store_ingest  # noqa: E402
from parsing.store.catalogs import DATA_DIR  # noqa: E402
from parsing.store.corrections import (COLUMNS, Correction, CorrectionsInvalid, add_correction,  # noqa: E402
                                       corrections_csv_bytes, parse_corrections, read_corrections,
                                       remove_correction)
from parsing.store.export import facts_csv_bytes  # noqa: E402
from parsing.targets import track_store  # noqa: E402

CASES = Path(__file__).resolve().parents[1] / "cases" / "corrections"
CORPUS_FILE = DATA_DIR / "corpus" / "001_111d72c0d1ff9d6d.txt"
FIVE_G = "累计建成开通5G基站达196.8万个"   # a sentence of CORPUS_FILE: 全国, 2022, actual
VOCABULARY = corrections_apply.file_vocabulary(DATA_DIR)
HEADER = ",".join(COLUMNS) + "\n"


def cases(name: str) -> list[dict]:
    return yaml.safe_load((CASES / name).read_text(encoding="utf-8"))


def key_of(con, quote: str) -> dict:
    fact_id = con.execute("SELECT min(fact_id) FROM facts WHERE quote = ?", [quote]).fetchone()[0]
    return corrections_apply.extracted_fact_key(con, fact_id)


def fact_where(con, quote: str) -> pd.DataFrame:
    rows = queries.facts(con)
    return rows[rows["quote"] == quote]


# --- the file ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", cases("rows.yaml"), ids=lambda c: c["name"])
def test_rows_are_validated_and_bad_ones_reported_by_line(case):
    data = (HEADER + case["rows"]).encode("utf-8-sig")
    if not case["problems"]:
        assert len(parse_corrections(data, "c.csv", VOCABULARY)) == case["rows"].count("\n")
        return
    with pytest.raises(CorrectionsInvalid) as raised:
        parse_corrections(data, "c.csv", VOCABULARY)
    assert len(raised.value.problems) == len(case["problems"])
    for problem, expected in zip(raised.value.problems, case["problems"]):
        assert problem.startswith(expected), (problem, expected)


def test_a_file_without_the_columns_is_refused():
    with pytest.raises(CorrectionsInvalid, match="line 1: columns must be"):
        parse_corrections("source,line\na,1\n".encode(), "c.csv")


def test_file_round_trips_with_formula_like_cells_escaped(tmp_path):
    path = tmp_path / "corrections.csv"
    tricky = Correction("a.txt", 3, "-5%的降幅", -5.0, "%", "comparator", "<=", "=HYPERLINK(\"x\")",
                        "2026-01-02T03:04:05")
    plain = Correction("a.txt", 4, "'引号开头", 1.0, "个", "reject", "true", "", "2026-01-02T03:04:06")
    add_correction(path, tricky)
    add_correction(path, plain)
    text = path.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    assert b"'=HYPERLINK" in text and b"'-5%" in text
    assert read_corrections(path) == [tricky, plain]
    assert path.stat().st_mode & 0o044, "the file is meant to be shared: readable by others"


def test_a_new_correction_of_the_same_fact_and_field_replaces_the_old(tmp_path):
    path = tmp_path / "corrections.csv"
    first = Correction("a.txt", 3, "q", 1.0, "个", "year", "2024", "", "2026-01-02T03:04:05")
    add_correction(path, first)
    add_correction(path, Correction("a.txt", 3, "q", 1.0, "个", "kind", "target"))
    newer = Correction("a.txt", 3, "q", 1.0, "个", "year", "2025", "", "2026-01-02T03:04:07")
    assert [c.new_value for c in add_correction(path, newer)] == ["2025", "target"]
    assert [c.field for c in remove_correction(path, newer)] == ["kind"]


# --- applying them ----------------------------------------------------------------------------------------

@pytest.fixture
def sample_store(tmp_path) -> Path:
    return build_sample_db(tmp_path / "tracker.duckdb")


def apply(db: Path, corrections: list[Correction]) -> None:
    con = store.open_writable(db)
    try:
        corrections_apply.apply_corrections(con, corrections)
    finally:
        con.close()


@pytest.mark.parametrize("case", cases("fields.yaml"), ids=lambda c: f"{c['field']}={c['new_value']}")
def test_each_field_changes_the_fact_and_what_follows_from_it(sample_store, case):
    with queries.connect(sample_store) as con:
        key = key_of(con, case["quote"])
        before = fact_where(con, case["quote"]).iloc[0]
    apply(sample_store, [Correction(**key, field=case["field"], new_value=case["new_value"])])
    with queries.connect(sample_store) as con:
        after = fact_where(con, case["quote"])
        extracted = con.execute("SELECT * FROM facts WHERE quote = ?", [case["quote"]]).df()
    assert len(after) == 1 and bool(after["corrected"].iloc[0])
    for name, value in case["expect"].items():
        assert after[name].iloc[0] == value, name
    untouched = [c for c in sample_facts()[0] if c not in case["expect"] and c != case["field"]]
    assert after[untouched].iloc[0].equals(before[untouched]), "other fields keep their values"
    assert str(extracted[case["field"]].iloc[0]) == str(before[case["field"]]), "the extracted fact is unchanged"


def test_a_rejected_fact_leaves_every_query(sample_store):
    quote = "广东省5G基站数量达23.2万个"
    with queries.connect(sample_store) as con:
        key = key_of(con, quote)
        n_before = len(queries.facts(con))
    apply(sample_store, [Correction(**key, field="reject", new_value="true")])
    with queries.connect(sample_store) as con:
        assert len(queries.facts(con)) == n_before - 1 and fact_where(con, quote).empty
        assert queries.series(con, queries.FactFilter(regions=("广东省",))).empty
        assert "广东省" not in set(queries.regions(con).query("n_facts > 0")["region"])


def test_corrected_values_reach_series_and_exports_and_undo_restores(sample_store):
    quote = "山东省累计开通5G基站16.2万个"
    with queries.connect(sample_store) as con:
        key = key_of(con, quote)
        before = queries.facts(con)
    region = Correction(**key, field="region", new_value="浙江省", created_at="2026-01-01T00:00:00")
    apply(sample_store, [region])
    with queries.connect(sample_store) as con:
        moved = queries.series(con, queries.FactFilter(regions=("浙江省",), kinds=("actual",)))
        exported = pd.read_csv(io.BytesIO(facts_csv_bytes(queries.facts(con))), encoding="utf-8-sig")
    assert moved[["year", "value_base"]].values.tolist() == [[2022, 162000.0]]
    assert exported["corrected"].sum() == 1
    assert exported.loc[exported["corrected"], "region"].tolist() == ["浙江省"]
    apply(sample_store, [])   # undo: the row is gone from the file
    with queries.connect(sample_store) as con:
        after = queries.facts(con)
    pd.testing.assert_frame_equal(after, before)


def test_goal_statuses_see_corrected_actuals(sample_store):
    as_of = dt.date(2024, 6, 30)

    def shandong_status():
        with queries.connect(sample_store) as con:
            goals = track_store(con, as_of).goals
        return goals.loc[(goals["region"] == "山东省") & (goals["indicator"] == "5G基站"), "status"].tolist()

    assert shandong_status() == ["achieved"]    # 20.2万 in 2023 meets 20万 by 2025
    with queries.connect(sample_store) as con:
        key = key_of(con, "山东省5G基站达到20.2万个")
    apply(sample_store, [Correction(**key, field="value_base", new_value="170000")])
    assert shandong_status() != ["achieved"]


# --- through the ingest -------------------------------------------------------------------------------------

@pytest.fixture
def ingested(tmp_path):
    """A store built from one corpus newsletter by the real ingest, with a corrections file."""
    document = tmp_path / "docs" / CORPUS_FILE.name
    document.parent.mkdir()
    shutil.copyfile(CORPUS_FILE, document)
    db, csv_path = tmp_path / "tracker.duckdb", tmp_path / "corrections.csv"
    store_ingest.build_database([document], db, corrections=csv_path)
    with queries.connect(db) as con:
        add_correction(csv_path, Correction(**key_of(con, FIVE_G), field="region", new_value="山东省"))
    store_ingest.apply_corrections_file(db, csv_path)
    return document, db, csv_path


def regions_of_five_g(db: Path) -> list[str]:
    with queries.connect(db) as con:
        return fact_where(con, FIVE_G)["region"].tolist()


def test_a_correction_survives_a_re_ingest_that_moves_its_line(ingested):
    document, db, csv_path = ingested
    assert regions_of_five_g(db) == ["山东省"]
    document.write_text("（转载）\n\n" + document.read_text(encoding="utf-8"), encoding="utf-8")
    report = store_ingest.build_database([document], db, corrections=csv_path)
    assert [o.status for o in report.outcomes] == ["replaced"]
    assert regions_of_five_g(db) == ["山东省"]


def test_a_correction_survives_a_full_rebuild(ingested):
    document, db, csv_path = ingested
    db.unlink()
    store_ingest.build_database([document], db, corrections=csv_path)
    assert regions_of_five_g(db) == ["山东省"]


def test_a_correction_whose_fact_is_gone_is_kept_as_orphaned(ingested, capsys):
    document, db, csv_path = ingested
    document.write_text(document.read_text(encoding="utf-8").replace(FIVE_G, "5G网络覆盖所有地级市"),
                        encoding="utf-8")
    store_ingest.build_database([document], db, corrections=csv_path)
    with queries.connect(db) as con:
        states = corrections_apply.correction_states(con)
    assert states["state"].tolist() == ["orphaned"] and len(read_corrections(csv_path)) == 1
    assert main(["corrections", "list", "--db", str(db), "--corrections", str(csv_path)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("orphaned") and FIVE_G in out and "0 applied, 1 orphaned" in err


def test_a_bad_corrections_file_stops_the_ingest_before_it_writes(ingested, capsys):
    document, db, csv_path = ingested
    before = db.read_bytes()
    csv_path.write_bytes(csv_path.read_bytes() + "a.txt,1,q,1,个,kind,goal,,\n".encode())
    assert main(["ingest", str(document), "--db", str(db), "--corrections", str(csv_path)]) == 1
    assert "line 3: kind 'goal'" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_export_and_targets_commands_apply_a_changed_file_first(ingested, tmp_path):
    _document, db, csv_path = ingested
    remove_correction(csv_path, read_corrections(csv_path)[0])
    out = tmp_path / "facts.csv"
    assert main(["export", "--db", str(db), "--corrections", str(csv_path), "--out", str(out)]) == 0
    rows = pd.read_csv(out, encoding="utf-8-sig")
    assert rows.loc[rows["quote"] == FIVE_G, "region"].tolist() == ["全国"] and not rows["corrected"].any()


# --- the corrections command --------------------------------------------------------------------------------

def test_import_merges_a_shared_file_and_export_writes_the_set(ingested, tmp_path, capsys):
    _document, db, csv_path = ingested
    shared = tmp_path / "shared.csv"
    [current] = read_corrections(csv_path)
    shared.write_bytes(corrections_csv_bytes([
        Correction(**{**current.__dict__, "new_value": "广东省", "created_at": "2026-02-01T00:00:00"}),
        Correction(current.source, current.line, current.quote, current.value_base, current.unit_base,
                   "kind", "target", "计划目标", "2026-02-01T00:00:00")]))
    assert main(["corrections", "import", str(shared), "--db", str(db), "--corrections", str(csv_path)]) == 0
    assert "1 added, 1 replaced" in capsys.readouterr().err
    with queries.connect(db) as con:
        assert fact_where(con, FIVE_G)[["region", "kind"]].values.tolist() == [["广东省", "target"]]
    out = tmp_path / "out.csv"
    assert main(["corrections", "export", "--db", str(db), "--corrections", str(csv_path), "--out", str(out)]) == 0
    assert out.read_bytes() == csv_path.read_bytes()


def test_import_of_a_file_with_a_bad_row_changes_nothing(ingested, tmp_path, capsys):
    _document, db, csv_path = ingested
    before = csv_path.read_bytes()
    shared = tmp_path / "shared.csv"
    shared.write_text(HEADER + "a.txt,5,q,1,个,kind,target,,\na.txt,6,q,1,个,region,火星省,,\n", encoding="utf-8")
    assert main(["corrections", "import", str(shared), "--db", str(db), "--corrections", str(csv_path)]) == 1
    err = capsys.readouterr().err
    assert "line 3: region '火星省'" in err and "nothing was applied" in err
    assert csv_path.read_bytes() == before


def test_evaluate_tells_which_corrections_are_no_longer_needed(tmp_path):
    base = dict(source=CORPUS_FILE.name, line=157, quote=FIVE_G, value_base=1968000.0, unit_base="个")
    corrections = [Correction(**base, field="region", new_value="山东省"),     # still needed
                   Correction(**base, field="year", new_value="2022"),        # extractor agrees
                   Correction(**{**base, "quote": "不存在的句子"}, field="reject", new_value="true"),
                   Correction(**{**base, "quote": "不存在的句子"}, field="kind", new_value="target"),
                   Correction(**{**base, "source": "missing.txt"}, field="kind", new_value="target")]
    verdicts = [v for _, v in correction_verdicts(corrections, DATA_DIR / "corpus")]
    assert verdicts == ["still needed", "no longer needed", "no longer needed", "orphaned", "document missing"]
