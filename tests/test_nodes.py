"""Nodes a researcher can trust: only specific entities become nodes, one node per entity, versions of a
dataset apart but linked to their family, and a report of the graph's weak spots."""
import json

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.extract import extract_mentions
from kg.extract.specific import load_specific_rules
from kg.graph import build_graph
from kg.library import ask
from kg.model import MinConfidence, Paper, node_id, resolve_key
from kg.quality import graph_quality, look_alike_groups


def datasets(text, title=""):
    return [(m.text, m.name) for m in extract_mentions(Paper("x", title, text)) if m.type == "dataset"]


def labelled(graph, label):
    return {a["name"] for _, a in graph.nodes(data=True) if a["label"] == label}


def node_names(text, kind):
    """The names of the `kind` mentions of `text` that make nodes (not descriptions)."""
    return {m.name for m in extract_mentions(Paper("x", "", text)) if m.type == kind and m.role != "describes"}


def fixture_nodes(name):
    """(label, name) of the Dataset, Task and Method nodes of the graph of tests/fixtures/`name`."""
    from conftest import FIXTURES
    from kg.loaders import read_papers
    papers = read_papers([str(FIXTURES / name)])
    graph = build_graph(papers, [extract_mentions(p) for p in papers])
    return {(a["label"], a["name"]) for _, a in graph.nodes(data=True) if a["label"] in ("Dataset", "Task", "Method")}


@pytest.mark.parametrize("name", ["student model", "pre-trained model", "pretrained model", "baseline model",
                                  "backbone model", "advances network", "deep learning model", "BERT-based method"])
def test_descriptions_of_the_seeds_are_no_method_nodes_but_stay_on_their_paper(seed_graph, name):
    assert resolve_key(name) not in {resolve_key(n) for n in labelled(seed_graph, "Method")}


def test_the_seeds_descriptions_are_kept_as_text_on_their_papers(seed_graph):
    phrases = [p for _, a in seed_graph.nodes(data=True) if a["label"] == "Paper" for p in a["phrases"]]
    assert {"student models", "baseline model"} <= set(phrases)


@pytest.mark.parametrize("name", ["vision task", "computer vision task", "code-related task", "SQUAD task",
                                  "downstream task", "generation task", "language task"])
def test_vague_tasks_of_the_seeds_are_no_task_nodes(seed_graph, name):
    assert resolve_key(name) not in {resolve_key(n) for n in labelled(seed_graph, "Task")}


def test_a_name_is_a_method_and_a_task_only_for_concepts_that_are_both(seed_graph):
    both = {resolve_key(n) for n in labelled(seed_graph, "Method")} & {resolve_key(n) for n in labelled(seed_graph, "Task")}
    assert both and both <= load_specific_rules().dual_concepts


def test_methods_on_cityscapes_are_real_methods(seed_engine):
    methods = {row["method"] for row in ask(seed_engine, "methods-on-dataset", {"dataset": "Cityscapes"}).rows}
    assert {"DAFormer", "TransKD", "Transformer"} <= methods
    assert not methods & {"advances network", "baseline model", "student model", "student network"}


@pytest.mark.parametrize("text, name", [
    ("A phrase holds its coined name: the AxFormer models are small.", "AxFormer"),
    ("We decode with the Viterbi algorithm.", "Viterbi algorithm"),
    ("The t-J model and the Jaynes-Cummings model are solved.", "Jaynes-Cummings model"),
    ("We fine-tune a pretrained BERT model.", "BERT"),
    ("Deep convolutional neural networks are used.", "convolutional neural network"),
])
def test_a_method_phrase_names_the_entity_it_holds(text, name):
    assert name in node_names(text, "method")


@pytest.mark.parametrize("text", ["We train a student model and a teacher network.",
                                  "The backbone architecture has a cross-scale attention module.",
                                  "A BERT-based method is tuned."])
def test_a_description_is_mentioned_but_names_no_node(text):
    phrases = [m for m in extract_mentions(Paper("x", "", text)) if m.extractor == "phrases"]
    assert phrases and all(m.role == "describes" for m in phrases)


@pytest.mark.parametrize("a, b", [
    ("pre-trained model", "pretrained model"), ("AxFormer", "AxFormer model"), ("student model", "student models"),
    ("Domain-Adaptive Semantic Segmentation", "domain adaptive semantic segmentation"), ("BERT's", "BERT"),
])
def test_spellings_of_one_name_are_one_node(a, b):
    label = "Task" if "Segmentation" in a else "Method"
    assert node_id(label, a) == node_id(label, b)


@pytest.mark.parametrize("texts, name", [
    (["We evaluate on the Stanford Question Answering Dataset.", "Results on SQuAD.", "On Stanford SQuAD we win."],
     "SQuAD"),
    (["Digits of the Street View House Numbers dataset.", "SVHN is used."], "SVHN"),
    (["Trained on Stanford NLI.", "The Stanford Natural Language Inference corpus.", "SNLI results."], "SNLI"),
    (["The Caltech-UCSD Birds dataset.", "Caltech-UCSD bird images."], "CUB-200-2011"),
])
def test_a_dataset_named_in_several_ways_is_one_node(texts, name):
    papers = [Paper(f"p{i}", "A title", text) for i, text in enumerate(texts)]
    graph = build_graph(papers, [extract_mentions(p) for p in papers])
    assert labelled(graph, "Dataset") == {name}


def test_versions_are_benchmarks_of_their_own_linked_to_their_family():
    text = ("We report SQuAD 2.0 and SQuAD v2 and SQuAD1.1 results, pretrain on ImageNet-21k and ImageNet-1k, test "
            "on CIFAR-10, CIFAR-100, PASCAL VOC 2007 and VOC 2012.")
    paper = Paper("x", "A title", text)
    graph = build_graph([paper], [extract_mentions(paper)])
    assert {"dataset:squad20", "dataset:squad11", "dataset:squad", "dataset:imagenet21k", "dataset:imagenet",
            "dataset:cifar10", "dataset:cifar100", "dataset:pascalvoc2007", "dataset:pascalvoc"} <= set(graph)
    variants = {(graph.nodes[u]["name"], graph.nodes[v]["name"]) for u, v, k in graph.edges(keys=True) if k == "VARIANT_OF"}
    assert {("SQuAD 2.0", "SQuAD"), ("SQuAD 1.1", "SQuAD"), ("ImageNet-21k", "ImageNet")} <= variants
    assert ("ImageNet", "ImageNet") not in variants and not any(a.startswith("CIFAR") for a, _ in variants)


def test_papers_share_a_benchmark_strictly_or_by_family():
    papers = [Paper("a", "A", "We test on SQuAD 2.0."), Paper("b", "B", "We test on SQuAD 1.1."),
              Paper("c", "C", "We test on SQuAD 2.0 too.")]
    from kg.engine import EmbeddedEngine
    engine = EmbeddedEngine(build_graph(papers, [extract_mentions(p) for p in papers]))
    strict = ask(engine, "papers-sharing-benchmarks", {"paper": "paper:a"}).rows
    family = ask(engine, "papers-sharing-benchmark-family", {"paper": "paper:a"}).rows
    assert [r["paper_b"] for r in strict] == ["paper:c"]
    assert [(r["paper_b"], r["families"]) for r in family] == [("paper:b", ["SQuAD"]), ("paper:c", ["SQuAD"])]


@pytest.mark.parametrize("text, expected", [
    ("We adapt GTA-to-Cityscapes and Synthia-to-Cityscapes.", {"GTA5", "Cityscapes", "SYNTHIA"}),
    ("Results on GTA5→Cityscapes and MNIST→USPS.", {"GTA5", "Cityscapes", "MNIST", "USPS"}),
    ("The GTAV-to-Cityscapes benchmark.", {"GTA5", "Cityscapes"}),
])
def test_a_transfer_names_both_datasets(text, expected):
    assert {name for _, name in datasets(text)} == expected


def test_no_dataset_from_identifiers_or_a_short_form_defined_as_something_else():
    assert datasets("See arXiv:2001.09694 for the proof.", title="arXiv:2001.09694") == []
    assert datasets("The lightest supersymmetric particle (LSP) is stable; the LSP mass is bounded.") == []
    assert datasets("On Labeled Faces in the Wild (LFW) we reach 99.6%.")[-1][1] == "LFW"


def test_min_confidence_per_type():
    floor = MinConfidence.of("dataset=0.7, task=0.6")
    assert (floor.floor("dataset"), floor.floor("task"), floor.floor("method")) == (0.7, 0.6, 0.0)
    assert MinConfidence.of("0.5").floor("method") == 0.5
    with pytest.raises(ValueError, match="not a type"):
        MinConfidence.of("datasets=0.5")


def test_look_alike_names_are_grouped():
    groups = look_alike_groups(["AxFormer", "AxFormer model", "SVHN", "Street View House Numbers", "BERT", "ResNet"])
    assert ["AxFormer", "AxFormer model"] in groups and ["SVHN", "Street View House Numbers"] in groups
    assert not any("BERT" in group for group in groups)


def test_the_quality_report_of_the_seeds(seed_engine, seed_graph):
    report = {q.label: q for q in graph_quality(seed_engine)}
    assert report["Method"].nodes == len(labelled(seed_graph, "Method"))
    assert all(n.links == 1 and n.confidence < 0.6 for n in report["Task"].weak)
    assert report["Dataset"].without_papers >= 1  # a family named only through its versions (ImageNet-21k's)


def test_kg_quality_prints_a_table_and_json(tmp_path):
    from conftest import SEEDS
    graph = tmp_path / "g.json"
    assert CliRunner().invoke(cli, ["build", *map(str, SEEDS), "-o", str(graph)]).exit_code == 0
    result = CliRunner().invoke(cli, ["quality", "-g", str(graph)])
    assert result.exit_code == 0 and "Method:" in result.output and "weak node" in result.output
    report = json.loads(CliRunner().invoke(cli, ["quality", "-g", str(graph), "--json"]).output)
    assert [q["label"] for q in report] == ["Dataset", "Task", "Method"]


def test_a_long_form_from_the_pwc_descriptions_is_the_dataset_it_names():
    from kg.data import read_text
    from kg.graph import entity_node_id
    rows = [json.loads(line) for line in read_text("dataset_long_forms.jsonl").splitlines()]
    apart = set()
    for row in rows:
        for long_form in row["variants"]:
            texts = (f"We evaluate on {long_form}.", f"We use the {row['name']} dataset.")
            ids = [{entity_node_id(m) for m in extract_mentions(Paper("x", "A title", t)) if m.type == "dataset"}
                   for t in texts]
            if ids[0] != ids[1] or len(ids[0]) != 1:
                apart.add(row["name"])
    assert apart <= {"Robot@Home dataset"}  # (its "@" splits the name)


@pytest.mark.parametrize("a, b", [("CIFAR-10", "CIFAR-100"), ("SQuAD 1.1", "SQuAD 2.0"), ("ImageNet", "ImageNet-21k"),
                                  ("PASCAL VOC 2007", "VOC 2012"), ("MNIST", "Fashion-MNIST"), ("COCO", "COCO-Stuff"),
                                  ("WMT 2014", "WMT 2016")])
def test_different_benchmarks_stay_apart(a, b):
    from kg.graph import entity_node_id
    ids = [{entity_node_id(m) for m in extract_mentions(Paper("x", "A title", f"We report results on {name}."))
            if m.type == "dataset"} for name in (a, b)]
    assert len(ids[0]) == len(ids[1]) == 1 and ids[0] != ids[1]


def roles(text):
    return {(m.name, m.role) for m in extract_mentions(Paper("x", "", text)) if m.type == "dataset"}


def test_a_dataset_named_as_background_is_mentioned_not_used():
    # SciREX abstracts: the first sentence speaks of others' models, the second of the paper's experiments
    text = ("These very deep models have lead to a considerable decrease in test errors, on benchmarks like "
            "ImageNet and COCO. We report results on CIFAR-10 and CIFAR-100.")
    assert roles(text) == {("ImageNet", "mentions"), ("COCO", "mentions"), ("CIFAR-10", "uses"),
                           ("CIFAR-100", "uses")}
    popularized = ("Face recognition performance evaluation has traditionally focused on one-to-one verification, "
                   "popularized by the Labeled Faces in the Wild dataset for imagery.")
    assert roles(popularized) == {("LFW", "mentions")}
    assert roles("Our model surpasses the previous state of the art on ImageNet.") == {("ImageNet", "uses")}


def test_a_mentioned_dataset_is_linked_weakly_and_shares_no_benchmark():
    papers = [Paper("a", "A", "Benchmarks like ImageNet have led to deeper models. We test on CIFAR-10."),
              Paper("b", "B", "We train on ImageNet and test on CIFAR-100.")]
    graph = build_graph(papers, [extract_mentions(p) for p in papers])
    links = {(u, v, k) for u, v, k in graph.edges(keys=True)}
    assert ("paper:a", "dataset:imagenet", "MENTIONS_DATASET") in links
    assert ("paper:b", "dataset:imagenet", "USES_DATASET") in links
    from kg.engine import EmbeddedEngine
    assert ask(EmbeddedEngine(graph), "papers-sharing-benchmarks", {"paper": "paper:a"}).rows == []


@pytest.mark.parametrize("text, name", [
    ("Results reported on the 2013 BRATS test dataset reveal that our architecture improves.", "BRATS"),
    ("We evaluate on the Lip Reading in the Wild benchmark.", "LRW"),
    ("Text detection results on IC15 and MSRA-TD500.", "ICDAR 2015"),
])
def test_a_split_or_a_spelled_out_name_is_the_dataset(text, name):
    assert name in {n for _, n in datasets(text)}


def test_a_common_word_inside_a_longer_name_is_no_dataset():
    # "Atlas" is a PwC dataset (e-commerce products); here it is a word of another resource's name
    assert datasets("We compare pairs of languages from World Atlas of Language Structures.") == []
    assert {n for _, n in datasets("We evaluate on the Atlas dataset of clothing products.")} == {"Atlas"}


def test_a_title_of_a_numbered_series_names_no_method():
    methods = [m.name for m in extract_mentions(Paper(
        "x", "Placeholder Substructures II: Meta-Fractals, Made of Box-Kites", "")) if m.type == "method"]
    assert methods == []
    titled = [m.name for m in extract_mentions(Paper("y", "CrossFormer: A Versatile Vision Transformer", ""))
              if m.type == "method"]
    assert "CrossFormer" in titled


@pytest.fixture(scope="module")
def arxiv_nodes():
    """The nodes of the arXiv sample's graph (physics, mathematics)."""
    return fixture_nodes("samples/arxiv-metadata-oai-snapshot.sample.jsonl")


@pytest.mark.parametrize("label, name", [
    ("Method", "Earth-Moon system"), ("Method", "Mott system"), ("Method", "Maple procedure"),  # places, programs
    ("Method", "Inv_"), ("Method", "PDEs"), ("Method", "quasi-2D"), ("Method", "MONDian"),  # symbols, qualifiers, an adjective alone
    ("Task", "anderson localization"), ("Task", "non-equilibrium correction"),  # effects, terms
    ("Task", "Stochastic Optimization"), ("Dataset", "Spitzer"), ("Dataset", "Leiden Atomic"),
])
def test_the_arxiv_sample_makes_no_node_of_a_system_a_symbol_or_an_effect(arxiv_nodes, label, name):
    assert (label, name) not in arxiv_nodes


def test_the_arxiv_sample_keeps_its_named_methods_and_problems(arxiv_nodes):
    assert {("Method", "Jaynes-Cummings model"), ("Method", "Viterbi algorithm"), ("Method", "density functional theory"),
            ("Task", "Dirichlet problem"), ("Task", "Cauchy problem"), ("Method", "Stochastic Optimization"),
            ("Dataset", "Leiden Atomic and Molecular"), ("Method", "MONDian lensing model")} <= arxiv_nodes


@pytest.mark.parametrize("text, task", [
    ("We study English-to-German translation with attention.", "English-to-German translation"),
    ("They compare Chinese and English parsing on treebanks.", "english parsing"),
    ("Table 2: Frame identification results are reported.", "frame identification"),
])
def test_a_language_before_a_task_head_is_no_persons_name(text, task):
    assert task in node_names(text, "task")


@pytest.fixture(scope="module")
def scirex_nodes():
    """The nodes of the SciREX abstracts' graph: each abstract starts with its title, unmarked."""
    return fixture_nodes("scirex_abstracts.jsonl")


@pytest.mark.parametrize("name", ["Writes Neural network", "LVCSR Convolutional neural network",
                                  "Fixed-Length Context Transformer network"])
def test_no_phrase_runs_from_a_title_into_the_abstract_after_it(scirex_nodes, name):
    assert ("Method", name) not in scirex_nodes


def test_a_title_written_into_an_abstract_is_a_sentence_of_its_own():
    from kg.extract.fields import paper_fields
    text = ("Scaling Memory-Augmented Neural Networks with Sparse Reads and Writes Neural networks augmented with "
            "external memory have the ability to learn algorithmic solutions to complex tasks. "
            + "These models appear promising for applications such as language modeling and translation. " * 3)
    field = paper_fields(Paper("x", "", text))[0]
    assert field.sentence(0) == "Scaling Memory-Augmented Neural Networks with Sparse Reads and Writes"
    assert field.sentence(text.index("external")).startswith("Neural networks augmented")
    phrases = {m.text for m in extract_mentions(Paper("x", "", text)) if m.type == "method"}
    assert "Neural networks" in phrases and "Writes Neural networks" not in phrases


@pytest.mark.parametrize("text", [
    "Deep Neural Networks have achieved remarkable success in many fields of computer vision and beyond. " * 4,
    "We study parsing. " * 30,
])
def test_an_abstract_that_starts_with_a_sentence_has_no_title_in_it(text):
    from kg.extract.glued_title import glued_title_end
    assert glued_title_end(text) == 0


@pytest.mark.parametrize("text, described, node", [
    ("We fine-tune large language models on code.", "large language models", None),
    ("Transformer-based ReID models over-fit to their domain.", "Transformer-based ReID models", None),
    ("We propose LightHuBERT, a once-for-all Transformer compression framework.", None, "Transformer"),
])
def test_broad_classes_describe_and_a_described_known_method_is_that_method(text, described, node):
    mentions = extract_mentions(Paper("x", "", text))
    methods = node_names(text, "method")
    if described:
        assert described in {m.text for m in mentions if m.role == "describes"}
        assert not methods & {"large language model", "ReID"}
    if node:
        assert node in methods and "Transformer compression framework" not in methods


def test_a_description_inside_a_longer_one_is_not_written_twice():
    from kg.extract import as_written
    written = as_written(extract_mentions(Paper("x", "", "We train bigram back-off language models on news.")))
    assert [m.text for m in written if m.type == "method"] == ["bigram back-off language models"]


@pytest.mark.parametrize("label, name", [("Task", "Babel problem"), ("Task", "STL10 classification"),
                                         ("Task", "celebrity-1000 video face recognition"),
                                         ("Task", "MARCO passage retrieval")])
def test_a_benchmark_is_no_task(scirex_nodes, label, name):
    assert (label, name) not in scirex_nodes


def test_a_dataset_overlapping_a_task_phrase_leaves_the_task():
    text = "We are the top entry in the leaderboard of the MS MARCO passage retrieval task, outperforming others."
    found = {(m.type, m.name) for m in extract_mentions(Paper("x", "", text)) if m.role != "describes"}
    assert {("dataset", "MS MARCO"), ("task", "Passage Retrieval")} <= found


@pytest.mark.parametrize("text, task", [("We solve the Cauchy problem for it.", "Cauchy problem"),
                                        ("We evaluate on a Babel task for speech recognition.", None)])
def test_a_name_before_problem_is_a_problem_before_task_a_shared_task(text, task):
    tasks = node_names(text, "task")
    assert (task in tasks) if task else not any("Babel" in t for t in tasks)


def test_a_tasks_short_form_before_datasets_is_no_dataset(seed_graph):
    text = ("Automated Audio Captioning (AAC) describes audio in words. We combine several AAC datasets and "
            "test on the Clotho dataset.")
    assert datasets(text) == [("Clotho dataset", "Clotho")]
    assert "AAC" not in labelled(seed_graph, "Dataset")
