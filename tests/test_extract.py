import pytest
from conftest import paper_titled

from kg.extract import extract_mentions
from kg.model import Paper


def found(text, title=""):
    return {(m.type, m.text, m.name, m.role) for m in extract_mentions(Paper("x", title, text))}


@pytest.mark.parametrize("text, expected", [
    ("We reach 84.8% top-1 accuracy on ImageNet-1k.", ("dataset", "ImageNet-1k", "ImageNet", "uses")),
    ("Results on MS COCO and COCO 2017 are strong.", ("dataset", "MS COCO", "COCO", "uses")),
    ("Results on MS COCO and COCO 2017 are strong.", ("dataset", "COCO 2017", "COCO", "uses")),
    ("We train on Fashion-MNIST for ten epochs.", ("dataset", "Fashion-MNIST", "Fashion-MNIST", "uses")),
    ("We evaluate on the Cityscapes val split.", ("dataset", "Cityscapes val", "Cityscapes", "uses")),
    ("We introduce FooBench, a new benchmark for reasoning.", ("dataset", "FooBench", "FooBench", "introduces")),
    ("Experiments on the BarQA dataset show gains.", ("dataset", "BarQA dataset", "BarQA", "uses")),
    ("We use the Wine dataset.", ("dataset", "Wine dataset", "Wine", "uses")),
    ("We propose a novel framework, dubbed HyperNet, for retrieval.", ("method", "HyperNet", "HyperNet", "proposes")),
    ("We fine-tune BERT with knowledge distillation.", ("method", "BERT", "BERT", "uses")),
    ("We fine-tune BERT with knowledge distillation.", ("method", "knowledge distillation", "knowledge distillation", "uses")),
    ("A sparse mixture-of-experts layer.", ("method", "mixture-of-experts", "mixture of experts", "uses")),
    ("Cross-domain named entity recognition is hard.",
     ("task", "Cross-domain named entity recognition", "Cross-Domain Named Entity Recognition", "addresses")),
    ("We report BLEU scores.", ("metric", "BLEU scores", "BLEU", "reports")),
])
def test_expected_entities(text, expected):
    assert expected in found(text)


@pytest.mark.parametrize("text, not_expected", [
    ("We train on Fashion-MNIST for ten epochs.", "MNIST"),
    ("This is a simple idea.", "is a"),
    ("We like wine and we visit the airport.", "wine"),
    ("Results on COCO-Stuff are reported.", "COCO"),
    ("Project page: https://github.com/cheerss/CrossFormer/ImageNet", "ImageNet"),
    ("We use GPT-3.5 for labels.", "GPT-3"),
])
def test_expected_non_entities(text, not_expected):
    assert not_expected not in {mention for _, mention, _, _ in found(text)}


def test_title_name_is_a_proposed_method_unless_the_paper_calls_it_a_dataset(seed_papers):
    papers, _ = seed_papers
    crossformer = extract_mentions(paper_titled(papers, "CrossFormer: A Versatile"))
    assert ("method", "CrossFormer", "proposes") in {(m.type, m.name, m.role) for m in crossformer}
    crossner = extract_mentions(paper_titled(papers, "CrossNER"))
    kinds = {(m.type, m.name, m.role) for m in crossner}
    assert ("dataset", "CrossNER", "introduces") in kinds
    assert not any(t == "method" and n == "CrossNER" for t, n, _ in kinds)


def test_generic_title_heads_are_not_methods():
    mentions = extract_mentions(Paper("x", "A Survey: What We Know", "We review the field."))
    assert not [m for m in mentions if m.role == "proposes"]


def test_every_mention_carries_offsets_sentence_and_confidence(seed_papers):
    papers, _ = seed_papers
    count = 0
    for paper in papers:
        for m in extract_mentions(paper):
            text = paper.abstract if m.field == "abstract" else paper.title
            assert text[m.start:m.end] == m.text
            assert m.text in m.sentence and m.sentence in text
            assert 0 < m.confidence <= 1 and m.extractor
            count += 1
    assert count > 1000


def test_extraction_is_deterministic(seed_papers):
    papers, _ = seed_papers
    assert [extract_mentions(p) for p in papers[:20]] == [extract_mentions(p) for p in papers[:20]]
