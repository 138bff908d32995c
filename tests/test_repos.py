import pytest

from kg.extract.repos import find_repo_links, find_urls, parse_repo_url

CASES = [
    ("https://github.com/zliucr/CrossNER.", ("github", "github.com/zliucr/crossner", "")),
    ("https://github.com/AVC2-UESTC/CRAFT-SR.git.", ("github", "github.com/avc2-uestc/craft-sr", "")),
    ("https://github.com/huawei-noah/CV-Backbones,", ("github", "github.com/huawei-noah/cv-backbones", "")),
    ("https://github.com/modelscope/ClearerVoice-Studio).", ("github", "github.com/modelscope/clearervoice-studio", "")),
    ("https://github.com/microsoft/Cream/tree/main/TinyViT.", ("github", "github.com/microsoft/cream", "tree/main/TinyViT")),
    ("https://github.com/ekinakyurek/google-research/blob/master/incontext.",
     ("github", "github.com/ekinakyurek/google-research", "blob/master/incontext")),
    ("https://gitee.com/mindspore/models/tree/master/research/cv/TNT.",
     ("gitee", "gitee.com/mindspore/models", "tree/master/research/cv/TNT")),
    ("github.com/owner/repo", ("github", "github.com/owner/repo", "")),
    ("http://www.github.com/Owner/Repo/", ("github", "github.com/owner/repo", "")),
    ("https://gitlab.com/group/project", ("gitlab", "gitlab.com/group/project", "")),
    ("https://bitbucket.org/team/tool.git", ("bitbucket", "bitbucket.org/team/tool", "")),
    ("https://huggingface.co/AIDA-UPM/star)", ("hf_model", "huggingface.co/aida-upm/star", "")),
    ("https://huggingface.co/spaces/user/demo", ("hf_space", "huggingface.co/user/demo", "")),
    ("https://huggingface.co/datasets/org/data", ("hf_dataset", "huggingface.co/org/data", "")),
    ("https://huggingface.co/crisistransformers),", ("hf_user", "huggingface.co/crisistransformers", "")),
    ("https://neonleexiang.github.io/DLGSANet/", None),
    ("https://github.com/topics/nlp", None),
    ("https://github.com/onlyowner", None),
    ("https://huggingface.co/papers/2401.00001", None),
    ("https://arxiv.org/abs/2401.00001", None),
]


@pytest.mark.parametrize("url, expected", CASES)
def test_repository_links_are_normalised(url, expected):
    link = parse_repo_url(url)
    assert (None if link is None else (link.kind, link.key, link.path)) == expected


def test_links_are_found_in_text_with_offsets_without_trailing_punctuation():
    text = "Code is at~https://github.com/microsoft/Swin-Transformer. Models: (https://huggingface.co/a/b)."
    found = find_repo_links(text)
    assert [text[s:e] for s, e, _ in found] == ["https://github.com/microsoft/Swin-Transformer",
                                                "https://huggingface.co/a/b"]
    assert found[0][2].full_name == "microsoft/Swin-Transformer"
    assert found[0][2].url == "https://github.com/microsoft/Swin-Transformer"


def test_seeds_name_54_github_and_gitee_repositories(seed_graph):
    repos = [a for _, a in seed_graph.nodes(data=True) if a["label"] == "CodeRepo"]
    assert len([r for r in repos if r["kind"] in ("github", "gitee")]) == 54
    assert {r["kind"] for r in repos} == {"github", "gitee", "hf_model", "hf_user"}


def test_bare_links_are_found_beside_links_with_a_scheme_and_not_inside_them():
    text = "Data: https://github.com/a/b.git and github.com/c/d, see www.site.org/x."
    assert [text[s:e] for s, e in find_urls(text)] == ["https://github.com/a/b.git", "github.com/c/d",
                                                       "www.site.org/x"]
    assert [link.key for _, _, link in find_repo_links(text)] == ["github.com/a/b", "github.com/c/d"]


def test_a_text_naming_no_code_host_has_no_repository_links():
    text = "Read https://arxiv.org/abs/2401.00001 and example.com/page for details."
    assert [text[s:e] for s, e in find_urls(text)] == ["https://arxiv.org/abs/2401.00001", "example.com/page"]
    assert find_repo_links(text) == []
