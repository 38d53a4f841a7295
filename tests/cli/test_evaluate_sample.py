"""`newsledger evaluate sample` on a corpus and gold of one's own: statements, arms events and transfers."""

import json

from .conftest import write

ARTICLE = "Egypt has ordered 30 Rafale fighter jets from France, the ministry said on Tuesday.\n"


def _gold(tmp_path, transfer_status="ordered"):
    corpus = write(tmp_path / "corpus" / "egypt.txt", ARTICLE).parent
    gold = write(tmp_path / "statements.jsonl", json.dumps({
        "article": "egypt", "speaker": "the ministry", "entity": "ministry", "entity_type": "organization", "cue": "said",
        "content": "Egypt has ordered 30 Rafale fighter jets from France", "kind": "indirect"}) + "\n")
    transfers = write(tmp_path / "transfers.jsonl", "\n".join(json.dumps(t) for t in [
        {"article": "egypt", "supplier": "France", "recipient": "Egypt", "system": "Rafale", "status": transfer_status,
         "sentence": "Egypt has ordered 30 Rafale fighter jets from France"},
        {"article": "egypt", "supplier": "France", "recipient": "Egypt", "system": "Mirage 2000", "status": "delivered",
         "sentence": "Egypt has ordered 30 Rafale fighter jets from France", "optional": True},
    ]) + "\n")
    events = write(tmp_path / "events.jsonl", json.dumps({
        "article": "egypt", "type": "COOPERATE", "subtype": "ORDER", "actor": "Egypt", "recipient": "France", "item": "Rafale",
        "trigger": "ordered", "sentence": "Egypt has ordered 30 Rafale fighter jets from France", "modality": "asserted"}) + "\n")
    return ["--corpus", corpus, "--gold", gold, "--transfers-gold", transfers, "--events-gold", events]


def test_evaluate_sample_scores_events_and_transfers_as_json(cli, tmp_path):
    result = cli("evaluate", "sample", *_gold(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert {"gold", "predicted", "precision", "recall", "f1", "speaker_accuracy", "speaker_error_rate"} <= set(figures)
    assert figures["transfers"] == {"gold": 1, "predicted": 1, "precision": 1.0, "recall": 1.0, "f1": 1.0, "status_accuracy": 1.0}
    assert (figures["events"]["gold"], figures["events"]["recall"], figures["events"]["precision"]) == (1, 1.0, 1.0)


def test_evaluate_sample_lists_a_wrong_status_with_errors(cli, tmp_path):
    result = cli("evaluate", "sample", *_gold(tmp_path, transfer_status="delivered"), "--errors", "5")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("transfers ") and "status right   0.0%" in line for line in lines)
    assert "transfer status: egypt: France -> Egypt Rafale: gold delivered got ordered" in lines


def test_evaluate_sample_names_an_article_that_failed(cli, tmp_path):
    args = _gold(tmp_path)
    blank = write(tmp_path / "corpus" / "blank.txt", "   \n")
    result = cli("evaluate", "sample", *args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-2:] == ["articles that failed (scored as empty): 1", f"  {blank}: is empty; nothing to extract"]
    figures = json.loads(cli("evaluate", "sample", *args, "--json").stdout)
    assert figures["failed"] == 1 and figures["problems"] == [f"{blank}: is empty; nothing to extract"]
