import pytest
from conftest import paper_titled

from kg.extract import extract_mentions
from kg.extract.abbreviations import find_abbreviations
from kg.extract.patterns import name_may_end_before
from kg.extract.sentences import split_sentences
from kg.model import Paper


def found(text, title=""):
    return {(m.type, m.text, m.name, m.role) for m in extract_mentions(Paper("x", title, text))}


@pytest.mark.parametrize("text, expected", [
    ("We reach 84.8% top-1 accuracy on ImageNet-1k.", ("dataset", "ImageNet-1k", "ImageNet", "uses")),
    ("Results on MS COCO and COCO 2017 are strong.", ("dataset", "MS COCO", "COCO", "uses")),
    ("Results on MS COCO and COCO 2017 are strong.", ("dataset", "COCO 2017", "COCO", "uses")),
    ("We train on Fashion-MNIST for ten epochs.", ("dataset", "Fashion-MNIST", "Fashion-MNIST", "uses")),
    ("Data sets come from the UCI machine learning repository.",
     ("dataset", "UCI machine learning repository", "UCI Machine Learning Repository", "uses")),
    ("We evaluate on the Cityscapes val split.", ("dataset", "Cityscapes val split", "Cityscapes", "uses")),
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
    ("We parse CTB and the English Gigaword.", ("dataset", "CTB", "Chinese Treebank", "uses")),
    ("We parse CTB and the English Gigaword.", ("dataset", "English Gigaword", "Gigaword", "uses")),
    ("We get 28.4 BLEU on the WMT 2014 English-German task.", ("dataset", "WMT 2014", "WMT 2014", "uses")),
    ("On WMT'16 English-Romanian we are close.", ("dataset", "WMT'16", "WMT 2016", "uses")),
    ("We improve on the Animals with Attributes and Caltech-UCSD Birds datasets.",
     ("dataset", "Animals with Attributes", "AwA", "uses")),
    ("Results on the COCO detection benchmark are strong.", ("dataset", "COCO detection benchmark", "COCO", "uses")),
    ("Errors in the MT output are typed.", ("task", "MT", "Machine Translation", "addresses")),
    ("Accuracy of POS tagging drops on tweets.", ("task", "POS tagging", "Part-Of-Speech Tagging", "addresses")),
    ("We tune a machine translation system on news.", ("task", "machine translation", "Machine Translation",
                                                        "addresses")),
    ("We tune a machine translation system on news.", ("method", "machine translation system",
                                                        "machine translation system", "describes")),
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
    ("Besides, FooFace database is the largest.", "Besides"),
    ("Given labelled image datasets, e.g. BarNet, ConvNets can be trained well.", "ConvNets can"),
    ("Experiments on datasets such as FooText, BarText show gains.", "BarText show"),
    ("We improve on the Animals with Attributes and Caltech-UCSD Birds datasets.", "Attributes"),
    ("Simulations with Gaussian datasets are fast.", "Simulations with Gaussian datasets"),
    ("We use two standard IR test collections.", "IR test collections"),
    ("Results on the K datasets (K = 5) hold.", "K datasets"),
])
def test_expected_non_entities(text, not_expected):
    assert not_expected not in {mention for _, mention, _, _ in found(text)}


def test_task_names_that_name_a_method_a_field_or_data_are_tasks_only_where_the_text_says_so():
    text = "Deep learning with word embeddings and topic models helps on time series."
    assert {kind for kind, _, _, _ in found(text)} == {"method"}
    # a task named only by a broad word is too vague for a node (kg/data/specific.json, not_entities)
    assert ("task", "regression task", "regression", "describes") in found("We cast rating as a regression task.")


def test_title_name_is_a_proposed_method_unless_the_paper_calls_it_a_dataset(seed_papers):
    papers, _ = seed_papers
    crossformer = extract_mentions(paper_titled(papers, "CrossFormer: A Versatile"))
    assert ("method", "CrossFormer", "proposes") in {(m.type, m.name, m.role) for m in crossformer}
    crossner = extract_mentions(paper_titled(papers, "CrossNER"))
    kinds = {(m.type, m.name, m.role) for m in crossner}
    assert ("dataset", "CrossNER", "introduces") in kinds
    assert not any(t == "method" and n == "CrossNER" for t, n, _ in kinds)


def test_a_benchmark_called_a_name_is_a_dataset_not_a_method():
    assert found("We build a new benchmark, dubbed VideoBench, of clips.") == {
        ("dataset", "VideoBench", "VideoBench", "introduces")}


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


@pytest.mark.parametrize(("text", "expected"), [
    ("Results on the Yelp review dataset improve.", ("dataset", "Yelp review dataset", "Yelp review", "uses")),
    ("We test on the Zeta04 and QuuxDocs collections.", ("dataset", "QuuxDocs collections", "QuuxDocs", "uses")),
    ("We test on the Zeta04 and QuuxDocs collections.", ("dataset", "Zeta04", "Zeta04", "uses")),
    ("We evaluate on three datasets: WordSim353, MC30 and TSA287.", ("dataset", "MC30", "MC30", "uses")),
    ("It was trained on the la1 data set.", ("dataset", "la1 data set", "la1", "uses")),
])
def test_dataset_names_the_vocabulary_lacks_are_found_by_their_phrasing(text, expected):
    assert expected in found(text)


@pytest.mark.parametrize(("text", "words_after_name", "tried"), [
    ("results on the FooBar dataset", 0, True),
    ("results on the Yelp review dataset", 1, True),
    ("results on the Yelp review dataset", 0, False),   # a lower-case word the pattern does not allow
    ("trained on the la1 data set", 0, True),            # a digit ends the name
    ("results on the proposed dataset", 1, False),
    ("(ImageNet dataset", 0, True),
])
def test_a_before_pattern_is_tried_only_where_a_name_may_end_before_its_trigger(text, words_after_name, tried):
    trigger = text.rindex(" data") + 1
    assert name_may_end_before(text, trigger, words_after_name) is tried


@pytest.mark.parametrize("text", ["In fact, VQA datasets suffer from bias.", "We study NER datasets and vision benchmarks.",
                                  "Two main datasets are used."])
def test_fields_tasks_and_words_before_datasets_are_not_dataset_names(text):
    assert not {name for kind, _, name, _ in found(text) if kind == "dataset"} - {"VQA"}


def test_an_abbreviation_names_what_its_long_form_names_wherever_it_is_written():
    mentions = extract_mentions(Paper("x", "", "We study word alignment (WAL) for Chinese. WAL is hard "
                                                "for rare verbs, and we improve WAL-free decoding too."))
    wal = [m for m in mentions if "WAL" in m.text]
    assert [m.text for m in wal] == ["word alignment (WAL)", "WAL", "WAL"]  # the definition is one mention
    assert {m.name for m in wal} == {"Word Alignment"} and {m.type for m in wal} == {"task"}
    assert dict(wal[1].attrs)["abbreviation_of"] == "word alignment"


@pytest.mark.parametrize(("text", "mention", "name"), [
    ("Faces come from Labeled Faces in the Wild (LFW) benchmark.", "Labeled Faces in the Wild (LFW)", "LFW"),
    ("We test on the Crowd Instance-level Human Parsing (CIHP) dataset.",
     "Crowd Instance-level Human Parsing (CIHP)", "CIHP"),
    ("Top-5 error on the ImageNet validation set is 3.6%.", "ImageNet validation set", "ImageNet"),
    ("We train on the MNIST training set only.", "MNIST training set", "MNIST"),
    ("We test on the KITTI object detection dataset.", "KITTI object detection dataset", "KITTI"),
    ("We test on KITTI and the rest.", "KITTI", "KITTI"),
    ("Counts on ShanghaiTech Part B are lower.", "ShanghaiTech Part B", "ShanghaiTech"),
    ("Errors on the MNIST test set fall.", "MNIST test set", "MNIST"),
    ("Results on ScanNet (v2) benchmark.", "ScanNet (v2)", "ScanNet"),
    ("BLEU on the NTCIR-9 test data improves.", "NTCIR-9 test data", "NTCIR-9"),  # a name the vocabulary lacks
    ("We parse CTB 5.1 sentences.", "CTB 5.1", "Chinese Treebank"),
    ("It is 2.3% better on ImageNet 2.3% of the time.", "ImageNet", "ImageNet"),  # a percentage is no version
])
def test_a_dataset_mention_reaches_over_its_definition_and_its_split(text, mention, name):
    datasets = [m for m in extract_mentions(Paper("x", "", text)) if m.type == "dataset"]
    assert [(m.text, m.name) for m in datasets] == [(mention, name)]
    assert text[datasets[0].start:datasets[0].end] == mention


def test_a_definition_takes_the_type_of_its_long_form():
    text = "We study visual dialog (VisDial) on natural images."  # VisDial alone is a dataset
    found = [(m.type, m.text) for m in extract_mentions(Paper("x", "", text))]
    assert found == [("task", "visual dialog (VisDial)")]


def test_a_method_definition_stays_two_mentions():
    text = "We propose the Domain Transfer Network (DTN). DTN maps faces to emoji."
    assert [m.text for m in extract_mentions(Paper("x", "", text)) if m.type == "method"][:2] != [
        "Domain Transfer Network (DTN)"]


def test_results_pair_a_metric_its_number_and_the_dataset_of_the_clause():
    text = ("On SQuAD 2.0 our model gets an F1 score of 83.1, and 90.2 EM on SQuAD 1.1; it improves by 2.1 F1 "
            "and was trained in 2019 on 4.5G tokens.")
    results = [m for m in extract_mentions(Paper("x", "", text)) if m.type == "result"]
    rows = [(m.text, m.name, dict(m.attrs)["metric"], dict(m.attrs)["dataset_mention"]) for m in results]
    # each result goes to its version of SQuAD, a benchmark of its own (VARIANT_OF SQuAD)
    assert rows == [("83.1", "SQuAD 2.0", "F1", "SQuAD 2.0"), ("90.2", "SQuAD 1.1", "exact match", "SQuAD 1.1")]
    assert all(text[m.start:m.end] == m.text and m.role == "reports" for m in results)


def results_of(text):
    return [(m.text, m.name, dict(m.attrs)["metric"], dict(m.attrs)["extra_data"])
            for m in extract_mentions(Paper("x", "", text)) if m.type == "result"]


def test_a_number_listed_after_a_dataset_is_a_result_on_it_not_on_the_next_dataset():
    text = ("Our model reaches a new state of the art on COCO val set with 58.0% PQ, Cityscapes val set with "
            "68.4% PQ, 44.0% AP, and 83.5% mIoU, and ADE20K val set with 50.9% PQ and 55.2% mIoU.")
    assert results_of(text) == [("44.0%", "Cityscapes", "mean average precision", ""),
                                ("83.5%", "Cityscapes", "mean IoU", ""), ("55.2%", "ADE20K", "mean IoU", "")]


def test_a_number_that_could_be_on_either_of_two_datasets_is_on_neither():
    assert results_of("Results on COCO and ADE20K improve greatly, reaching 50.1 mIoU.") == []
    assert results_of("Results on ADE20K improve greatly, reaching 50.1 mIoU.") == [
        ("50.1", "ADE20K", "mean IoU", "")]  # the sentence's only dataset
    assert results_of("On Cityscapes, we get 80.1 mIoU, and on ADE20K we get 50.2 mIoU.") == [
        ("80.1", "Cityscapes", "mean IoU", ""), ("50.2", "ADE20K", "mean IoU", "")]  # introduced by its clause


def test_a_result_says_the_extra_data_its_model_was_pre_trained_on():
    assert results_of("Pre-trained on ImageNet-22k, our model obtains a top-1 accuracy of 87.7% on the "
                      "ImageNet-1k val set.") == [("87.7%", "ImageNet", "accuracy", "pre-trained on ImageNet-22k")]
    # pre-training named after the result is another model's
    assert results_of("It achieves a top-1 accuracy of 84.8% on ImageNet-1k, comparable to Swin-B pretrained on "
                      "ImageNet-21k.") == [("84.8%", "ImageNet", "accuracy", "")]


def test_the_tagger_adds_names_the_rules_miss_with_a_probability():
    from kg.extract import choose_extractors
    text = "We improve tokenization of tweets with word segmentation."  # "tokenization" alone is no rule's
    rules = {m.text for m in extract_mentions(Paper("x", "", text))}
    tagged = extract_mentions(Paper("x", "", text), choose_extractors(tagger=True))
    assert {"tokenization"} == {m.text for m in tagged if m.type == "task"} - rules
    assert all(0 < m.confidence <= 1 for m in tagged if m.extractor == "tagger")


def test_a_missing_tagger_model_is_an_extraction_error(tmp_path):
    from kg.errors import ExtractionError
    from kg.extract.tagger import TaggerExtractor
    with pytest.raises(ExtractionError, match="cannot be read"):
        TaggerExtractor(lambda paper, fields: [], {"x": str(tmp_path / "missing.crfsuite")})


def test_names_split_by_runs_of_spaces_or_lines_are_found_at_their_true_offsets():
    text = "We train on CIFAR -  10  and the\nPenn   Treebank, then  ImageNet and\tthe Penn\xa0Treebank\t\n again."
    mentions = [m for m in extract_mentions(Paper("x", "", text)) if m.type == "dataset"]
    assert {m.name for m in mentions} >= {"CIFAR-10", "Penn Treebank", "ImageNet"}
    assert [m.text for m in mentions if m.name == "Penn Treebank"] == ["Penn   Treebank", "Penn\xa0Treebank"]
    assert all(text[m.start:m.end] == m.text for m in mentions)


@pytest.mark.parametrize(("text", "expected"), [
    ("We address the word segmentation problem.", ("task", "word segmentation problem", "Word Segmentation",
                                                   "addresses")),
    ("We address the clause splitting problem.", ("task", "clause splitting problem", "clause splitting",
                                                  "addresses")),
    ("We study venue classification for papers.", ("task", "venue classification", "venue classification",
                                                       "addresses")),
    ("It comes before morpheme segmentation.", ("task", "morpheme segmentation", "morpheme segmentation",
                                                "addresses")),
    ("We write a unification grammar for it.", ("method", "unification grammar", "unification grammar", "describes")),
    ("We fine-tune transformer models on it.", ("method", "transformer models", "Transformer", "uses")),
    ("Pre-trained language models help.", ("method", "Pre-trained language models", "language model", "describes")),
    ("We report ImageNet classification task results.", ("dataset", "ImageNet", "ImageNet", "uses")),
    ("We report ImageNet classification task results.", ("task", "classification task", "Classification",
                                                         "describes")),
])
def test_tasks_and_methods_written_as_a_phrase_before_their_head_noun(text, expected):
    assert expected in found(text)


def test_a_head_word_alone_names_a_task_where_phrases_json_lists_it_and_its_phrase_ends():
    text = "Our analysis helps. A classification head is used for parsing and tagging."
    mentions = extract_mentions(Paper("x", "", text))
    assert [(m.text, m.confidence) for m in mentions if m.type == "task" and m.role == "addresses"] == [
        ("parsing", 0.45)]
    broad = extract_mentions(Paper("x", "", "It is used for translation."))
    assert [(m.text, m.role) for m in broad] == [("translation", "describes")]  # specific.json, alone_tasks


def test_a_phrase_stops_at_a_function_word_or_a_common_adjective():
    texts = {mention for _, mention, _, _ in found("Our approach solves this task and other problems with the "
                                                    "proposed model and downstream tasks.")}
    assert not texts & {"approach", "task", "problems", "model", "tasks", "downstream tasks", "proposed model"}


def test_sentences_end_at_marks_before_a_capital_not_after_abbreviations():
    text = 'We use e.g. BERT (Devlin et al. 2019). It works! Does it? "Yes." 3 runs were made.'
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "We use e.g. BERT (Devlin et al. 2019).", "It works!", "Does it?", '"Yes."', "3 runs were made."]
    short = "v1.2 of the model.  "
    assert [short[s:e] for s, e in split_sentences(short)] == ["v1.2 of the model."]


@pytest.mark.parametrize("text, expected", [
    ("We study named entity recognition (NER) here.", [("NER", "named entity recognition")]),
    ("a Convolutional Neural Network (ConvNet) model", [("ConvNet", "Convolutional Neural Network")]),
    ("on the Street View House Numbers (SVHN) set", [("SVHN", "Street View House Numbers")]),
    ("the first letter must start a word: xnamed entity (NE)", []),
    ("letters missing from the words before (XYZ)", []),
    ("a lower-case word in brackets (see) is no short form", []),
])
def test_abbreviations_are_defined_by_the_shortest_words_holding_their_letters(text, expected):
    assert [(a.short, a.long) for a in find_abbreviations(text)] == expected
    assert all(text[a.long_start:a.long_end] == a.long for a in find_abbreviations(text))
