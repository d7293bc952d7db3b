"""`python -m parsing extract`: encodings read correctly, bad files reported by name, the rest go on."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCUMENT = ("2023年7月28日 第30期 总第141期\n\n本期要目\n\n- 01 2023 上半年软件业经济运行情况\n\n"
            "2023 上半年软件业经济运行情况\n\n上半年，我国软件业务收入 55170 亿元，同比增长 14.2%。\n")


def run_extract(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "parsing", "extract", *args], cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8")


def test_encodings_and_bad_files(tmp_path):
    (tmp_path / "gbk.txt").write_bytes(DOCUMENT.encode("gb18030"))
    (tmp_path / "utf16.txt").write_bytes(DOCUMENT.encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes(DOCUMENT.encode("utf-8-sig"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    names = ["gbk.txt", "empty.txt", "utf16.txt", "binary.txt", "bom.txt"]
    result = run_extract(*(str(tmp_path / n) for n in names))
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(f["source"] for f in facts) == ["bom.txt", "gbk.txt", "utf16.txt"]
    assert {(f["value_base"], f["yoy_pct"], f["indicator_key"], f["year"]) for f in facts} == {
        (5517000000000.0, 14.2, "software_revenue", 2023)}
    assert "empty.txt" in result.stderr and "binary.txt" in result.stderr
    assert result.returncode == 1


def test_csv_has_exactly_the_fact_fields_and_date_override(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(DOCUMENT.replace("2023年7月28日 第30期 总第141期\n\n", ""), encoding="utf-8")
    without = run_extract(str(path))
    assert "no document date" in without.stderr and json.loads(without.stdout)["year"] is None
    result = run_extract("--format", "csv", "--date", "2023-07-28", str(path))
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    from parsing.fact import FACT_FIELDS
    assert tuple(rows[0]) == FACT_FIELDS and rows[0]["period"] == "2023H1" and rows[0]["line"] == "7"


def test_many_files_on_two_workers_give_the_output_of_one(tmp_path):
    """Files extracted in parallel come out in the order given, failures reported by name the same way."""
    corpus = sorted((REPO / "data" / "corpus").glob("*.txt"))
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    files = [str(p) for p in corpus[:2]] + [str(tmp_path / "binary.txt")] + [str(p) for p in corpus[2:]]
    one, two = run_extract("--jobs", "1", *files), run_extract("--jobs", "2", *files)
    assert (two.stdout, two.stderr, two.returncode) == (one.stdout, one.stderr, one.returncode)
    sources = [json.loads(line)["source"] for line in one.stdout.splitlines()]
    assert list(dict.fromkeys(sources)) == [p.name for p in corpus]
    assert "error: binary.txt: binary file, not text" in one.stderr and one.returncode == 1


def test_jobs_must_be_a_positive_number(tmp_path):
    result = run_extract("--jobs", "0", str(tmp_path / "any.txt"))
    assert result.returncode == 2 and "not a positive whole number: '0'" in result.stderr
