import json

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SCIREX

from kg.cli import cli
from kg.errors import LoadError
from kg.evaluate import Miss, evaluate, misses, read_jsonl, same_mention, score

TDMSCI = FIXTURES / "tdmsci_sentences.jsonl"


def as_predictions(gold, drop=0):
    """The gold mentions written as predictions, less the first `drop` of each record."""
    return {key: {"entities": [{"type": m["type"], "name": m["text"], "mention": m["text"]}
                               for m in record["mentions"][drop:]]} for key, record in gold.items()}


def test_gold_written_as_predictions_scores_one_and_a_missing_mention_costs_recall():
    gold = read_jsonl(TDMSCI)
    perfect = score(gold, as_predictions(gold))
    assert {name: s.f1 for name, s in perfect.items()} == {name: 1.0 for name in perfect}
    missing = score(gold, as_predictions(gold, drop=1))
    total = sum(len(r["mentions"]) for r in gold.values())
    dropped = sum(1 for r in gold.values() if r["mentions"])
    assert sum(s.fn for n, s in missing.items() if n.endswith("lenient")) == dropped
    assert sum(s.tp for n, s in missing.items() if n.endswith("lenient")) == total - dropped
    assert all(s.precision == 1.0 for s in missing.values() if s.tp)


def test_misses_name_the_gold_mentions_missed_and_the_predictions_counted_wrong():
    gold = {"a": {"mentions": [{"type": "dataset", "text": "ImageNet"}, {"type": "task", "text": "image classification"}],
                  "datasets": ["ImageNet", "COCO"]}}
    predicted = {"a": {"entities": [{"type": "dataset", "name": "CIFAR-10", "mention": "CIFAR-10"},
                                    {"type": "task", "name": "Image Classification", "mention": "image classification"},
                                    {"type": "dataset", "name": "MS COCO", "mention": "MS COCO"}]}}
    assert misses(gold, predicted) == [
        Miss("a", "dataset", "missed", "ImageNet"), Miss("a", "dataset", "wrong", "CIFAR-10"),
        Miss("a", "dataset", "wrong", "MS COCO"), Miss("a", "paper.dataset", "missed", "ImageNet"),
        Miss("a", "paper.dataset", "wrong", "CIFAR-10")]


def test_kg_eval_writes_one_error_line_for_each_false_positive_and_negative(tmp_path):
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(cli, ["eval", "--gold", str(SCIREX), "--json", "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    rows = [json.loads(line) for line in errors.read_text().splitlines()]
    for name, counts in scores.items():
        kind = name.removeprefix("mention.").removesuffix(".lenient")
        if (name.startswith("mention.") and name.endswith(".lenient")) or name == "paper.dataset":
            assert sum(r["type"] == kind and r["error"] == "missed" for r in rows) == counts["fn"], name
            assert sum(r["type"] == kind and r["error"] == "wrong" for r in rows) == counts["fp"], name
    assert {r["id"] for r in rows} <= set(read_jsonl(SCIREX))


@pytest.mark.parametrize(("gold", "predicted", "lenient", "strict"), [
    ("COCO dataset", "COCO", True, True),          # tail words do not count
    ("the Penn Treebank", "Penn Treebank", True, True),
    ("MNIST and NORB datasets", "NORB", False, False),
    ("dense human pose estimation", "human pose estimation", True, False),
    ("BLEU", "ROUGE", False, False),
])
def test_mentions_match_by_word_overlap_or_normalised_text(gold, predicted, lenient, strict):
    assert same_mention(gold, predicted, strict=False) is lenient
    assert same_mention(gold, predicted, strict=True) is strict


def test_extracting_the_gold_file_scores_like_scoring_the_written_extraction(tmp_path):
    pred = tmp_path / "pred.jsonl"
    assert CliRunner().invoke(cli, ["extract", str(SCIREX), "-o", str(pred), "-q"]).exit_code == 0
    direct = {name: s.as_dict() for name, s in evaluate(SCIREX).items()}
    written = {name: s.as_dict() for name, s in evaluate(SCIREX, predictions=pred).items()}
    assert direct == written
    assert {"mention.dataset.lenient", "mention.task.strict", "paper.dataset", "pairs.shared_dataset"} <= set(direct)
    assert 0.5 < direct["paper.dataset"]["p"] < 1 and 0.5 < direct["mention.dataset.lenient"]["f1"] < 1


def test_a_minimum_confidence_trades_datasets_found_for_fewer_wrong_ones(tmp_path):
    every = evaluate(SCIREX)["paper.dataset"]
    sure = evaluate(SCIREX, min_confidence=0.7)["paper.dataset"]
    assert sure.precision > every.precision and sure.tp < every.tp and sure.fp < every.fp
    pred = tmp_path / "pred.jsonl"
    assert CliRunner().invoke(cli, ["extract", str(SCIREX), "-o", str(pred), "--min-confidence", "0.7"]).exit_code == 0
    confidences = [e["confidence"] for row in read_jsonl(pred).values() for e in row["entities"]]
    assert confidences and min(confidences) >= 0.7
    assert evaluate(SCIREX, predictions=pred)["paper.dataset"].as_dict() == sure.as_dict()
    every_pred = tmp_path / "every.jsonl"
    assert CliRunner().invoke(cli, ["extract", str(SCIREX), "-o", str(every_pred)]).exit_code == 0
    assert evaluate(SCIREX, predictions=every_pred, min_confidence=0.7)["paper.dataset"].as_dict() == sure.as_dict()


def test_kg_eval_prints_a_table_or_json_and_the_tagger_finds_more():
    table = CliRunner().invoke(cli, ["eval", "--gold", str(TDMSCI)])
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines()[0].split() == ["score", "P", "R", "F1", "tp", "fp", "fn"]
    rules = json.loads(CliRunner().invoke(cli, ["eval", "--gold", str(TDMSCI), "--json"]).stdout)
    tagged = json.loads(CliRunner().invoke(cli, ["eval", "--gold", str(TDMSCI), "--json", "--tagger"]).stdout)
    assert tagged["mention.task.lenient"]["tp"] > rules["mention.task.lenient"]["tp"]


def test_predictions_for_other_papers_are_an_error_not_a_zero(tmp_path):
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "nope", "entities": []}) + "\n")
    with pytest.raises(LoadError, match="no prediction has the id of a gold record"):
        evaluate(TDMSCI, predictions=other)
    result = CliRunner().invoke(cli, ["eval", "--gold", str(TDMSCI), "--pred", str(other)])
    assert result.exit_code == 1 and result.output.startswith("Error: no prediction")


def test_a_bad_gold_line_is_named_with_its_file_and_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(TDMSCI.read_text().splitlines()[0] + "\n{not json\n")
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold)])
    assert result.exit_code == 1 and f"{gold}:2:" in result.output
