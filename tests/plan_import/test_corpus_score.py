"""The import score on real public plans (tests/plan_import/corpus) and the seeds stays where it was reached.

``bench/import_score.py`` prints the figures per plan; here only the totals are held. Lower a floor only with
a reason written next to it (a label found wrong, say), never to let a change through.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.import_score import corpus_documents, legacy_documents, score, seed_documents, totals

CORPUS = Path(__file__).resolve().parent / "corpus"

# (rows found, dates right, precision right) reached, out of the labelled rows of each group (every format)
FLOORS = {
    "corpus": (145, 145, 145),
    "held_out": (1035, 1035, 1035),
    "seeds": (65, 65, 65),
    "legacy": (
        50,
        50,
        50,
    ),  # .doc/.xls/.odt/.ods/.rtf copies of two held-out plans (tests/plan_import/fixtures)
}
# rows read that no label asks for (a header or a heading read as an item) stay at or below what was reached
EXTRA_CEILINGS = {"corpus": 0, "held_out": 0, "seeds": 0, "legacy": 0}


def test_totals_stay_at_or_above_what_was_reached() -> None:
    groups = totals()
    for name, (found, dates, precision) in FLOORS.items():
        group = groups[name]
        assert group.found >= found, (name, group.line())
        assert group.dates_right >= dates, (name, group.line())
        assert group.precision_right >= precision, (name, group.line())
        assert group.extra <= EXTRA_CEILINGS[name], (name, group.line())


def test_the_corpus_is_twelve_plans_with_labels_and_sources() -> None:
    documents = corpus_documents()
    assert len(documents) >= 12
    assert sum(held_out for _, held_out, _, _ in documents) == 78
    sources = (CORPUS / "SOURCES").read_text()
    for name, _, variants, label in documents:
        assert name in sources
        assert label["events"], name
        assert {fmt for fmt, _, _ in variants} >= (
            {"csv", "docx", "xlsx", "pdf"} if name.endswith(".csv") else {"txt"}
        )
    assert not any(name.startswith(("000_", "002_", "003_", "004_")) for name, *_ in documents)  # no seeds


def test_a_wrong_label_is_counted_as_wrong() -> None:
    """The score can fail: a label with a shifted date is not right."""
    _, _, variants, label = next(
        d for d in corpus_documents() if d[0] == "gomel_school2_trustees_2023_2024.txt"
    )
    shifted = json.loads(json.dumps(label))
    shifted["events"][0]["starts_on"] = "2024-10-01"
    _, filename, data = variants[0]
    assert score(data, filename, label).dates_right == 2
    assert score(data, filename, shifted).dates_right == 1
    assert len(seed_documents()) == 4


def test_legacy_fixtures_are_scored_in_every_format() -> None:
    documents = legacy_documents()
    assert len(documents) == 2
    for _, _, variants, label in documents:
        assert [fmt for fmt, _, _ in variants] == ["doc", "xls", "odt", "ods", "rtf"]
        assert label["events"]
