"""The fast profile's learned cue verbs (attribution/cue_verbs.py) and their rebuild
(`newsledger train cues`), on real parses."""

import json
import math

import pytest
from click.testing import CliRunner

from conftest import SHARED, needs_shared
from newsledger.attribution.cue_verbs import WEIGHTS, CueVerbModel, candidate, features, load_cue_model
from newsledger.cli import main
from newsledger.errors import ProfileError
from newsledger.knowledge import load_knowledge
from newsledger.pipeline.components import EntityTagger, StatementTagger

POLNEAR = SHARED / "eval-data" / "polnear"


@pytest.fixture(scope="module")
def in_lexicon():
    return StatementTagger(load_knowledge()).finder.in_lexicon


def _verb(doc, text):
    return next(t for t in doc if t.text == text)


@pytest.mark.parametrize(
    "sentence, verb, complement, subject",
    [
        ("Mr. Clarke compares his struggles to those of the former president.", "compares", "dobj", "Clarke"),
        ("Analysts reckon that output will expand by 1.6 percent.", "reckon", "ccomp", "Analysts"),
        ("Trump still wants to keep his tax returns secret.", "wants", "xcomp", "Trump"),
        ("Clinton laid out her proposals on national service.", "laid", "dobj", "Clinton"),
        ("Caddell compared the recent polls with those of 2012.", "compared", "dobj", "Caddell"),
    ],
)
def test_a_verb_with_a_subject_and_a_complement_is_a_candidate(nlp, in_lexicon, sentence, verb, complement, subject):
    doc = nlp(sentence)
    found = candidate(_verb(doc, verb), in_lexicon)
    assert found is not None
    comp, subj = found
    assert comp.dep_ == complement and subj.text == subject


@pytest.mark.parametrize(
    "sentence, verb",
    [
        ("The minister said the talks would resume.", "said"),  # in the lexicon: the rules take it
        ("Erdogan went on to say that the deal stands.", "went"),  # leads up to a lexicon cue
        ("Lloyd Austin talked to reporters in Ankara.", "talked"),  # the lexicon's frames decide on it
        ("To buy the system was a mistake.", "buy"),  # no subject, so no speaker
        ("The talks resumed quickly.", "resumed"),  # no complement that could be said
        ("Rostec issued a statement on Monday.", "issued"),  # the object names the speaking
    ],
)
def test_other_verbs_are_no_candidates(nlp, in_lexicon, sentence, verb):
    assert candidate(_verb(nlp(sentence), verb), in_lexicon) is None


def test_features_name_the_lemma_its_complement_and_the_subject(nlp, in_lexicon):
    doc = nlp("The IMF reckons that U.S. output will expand.")
    verb = _verb(doc, "reckons")
    names = features(verb, *candidate(verb, in_lexicon))
    assert {"bias", "lemma=reckon", "comp=ccomp", "lemma+comp=reckon|ccomp", "that_clause", "subject_entity=ORG"} <= set(names)


def test_the_model_takes_a_candidate_at_or_over_its_threshold_with_the_complement_as_frame(nlp, in_lexicon):
    doc = nlp("Clinton laid out her proposals on national service.")
    verb = _verb(doc, "laid")
    frames, probability = CueVerbModel({"lemma+particle=lay|out": 2.0}, 0.5, {}).decide(verb, in_lexicon)
    assert frames == frozenset({"dobj"}) and probability == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert CueVerbModel({"lemma+particle=lay|out": 2.0, "bias": -3.0}, 0.5, {}).decide(verb, in_lexicon) is None
    spoke = _verb(nlp("Obama spoke about the museum."), "spoke")
    assert CueVerbModel({"bias": 1.0}, 0.5, {}).decide(spoke, lambda t: False)[0] == frozenset({"prep:about"})


@pytest.mark.parametrize(
    "text, speaker, cue, content",
    [
        ("Clinton laid out her proposals to increase national service.",
         "Clinton", "laid out", "her proposals to increase national service"),
        ("The minister outlined a plan to buy more launchers.", "The minister", "outlined", "a plan to buy more launchers"),
        ("Analysts believe the deal will survive.", "Analysts", "believe", "the deal will survive"),
    ],
)
def test_the_shipped_model_finds_stance_verbs_outside_the_lexicon(extract, text, speaker, cue, content):
    (st,) = extract(text).statements
    assert (st.speaker.text, st.cue.text, st.content.text) == (speaker, cue, content)


@pytest.mark.parametrize(
    "text",
    [
        "The company paid the bill on Friday.",
        "Turkey received the first battery in July.",
        "The ministry will hold a meeting next week.",
    ],
)
def test_the_shipped_model_leaves_verbs_of_doing_alone(extract, text):
    assert extract(text).statements == ()


def test_without_the_model_the_rules_find_only_lexicon_cues(nlp):
    doc = nlp.make_doc("Mr. Clarke compares his struggles to those of the former president.")
    for _, proc in nlp.pipeline:
        if not isinstance(proc, (StatementTagger, EntityTagger)):
            doc = proc(doc)
    StatementTagger(load_knowledge(), cue_model=None)(doc)
    assert doc._.found_statements == []


def test_shipped_model_is_small_and_says_where_it_comes_from():
    assert WEIGHTS.stat().st_size < 2 * 1024 * 1024
    model = load_cue_model()
    assert model.meta["trained_on"].startswith("PolNeAR v1.0.0 train split")
    assert 0 < model.threshold < 1
    assert "PolNeAR" in (WEIGHTS.parent / "ORIGIN.md").read_text()


def test_probabilities_stay_in_range_however_large_the_score():
    model = CueVerbModel({"a": 1000.0, "b": -1000.0}, 0.5, {})
    assert model.probability(["a"]) == 1.0 and model.probability(["b"]) == 0.0
    assert model.probability([]) == 0.5


def test_a_damaged_model_file_gives_a_one_line_fix(tmp_path):
    bad = tmp_path / "weights.json"
    bad.write_text(json.dumps({"weights": {"bias": 1.0}}))
    with pytest.raises(ProfileError) as err:
        load_cue_model(str(bad))
    assert str(err.value).startswith(f"{bad}: not a cue-verb model")
    assert "rebuild it with: newsledger train cues" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.slow  # a training run
@needs_shared(POLNEAR / "data" / "train")
def test_train_cues_writes_a_loadable_model(tmp_path):
    pytest.importorskip("sklearn", reason="the accurate extra is not installed")
    out = tmp_path / "cues.json"
    result = CliRunner().invoke(main, ["train", "cues", "--data", str(POLNEAR), "--out", str(out), "--limit", "30"])
    assert result.exit_code == 0, result.output
    assert "kept threshold" in result.output and "dev whole-attribution F1" in result.output
    model = load_cue_model(str(out))
    assert model.meta["trained_on"] == "PolNeAR v1.0.0 train split (30 articles, first annotation file each)"
    assert model.weights and "bias" in model.weights


def test_train_cues_without_data_says_where_to_point_it(tmp_path):
    pytest.importorskip("sklearn", reason="the accurate extra is not installed")
    result = CliRunner().invoke(main, ["train", "cues", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x.json")])
    assert result.exit_code != 0
    assert str(tmp_path / "nowhere") in result.output


def test_the_fast_profile_takes_the_learned_cues_and_the_accurate_one_leaves_them_to_its_tagger(nlp):
    assert nlp.get_pipe("newsledger_statements").finder.cue_model is load_cue_model()
    pytest.importorskip("torch", reason="the accurate extra is not installed")
    from newsledger.pipeline import load_pipeline

    assert load_pipeline(profile="accurate").get_pipe("newsledger_statements").finder.cue_model is None


@pytest.mark.parametrize(
    "text, verb",
    [
        ("Analysts believe the deal will survive.", "believe"),  # a clause (0.8 by the rules), the model less sure
        ("The minister outlined a plan to buy more launchers.", "outlined"),  # an object (0.6), the model surer
    ],
)
def test_a_learned_statement_is_no_surer_than_the_model_or_the_rules(nlp, in_lexicon, text, verb):
    doc = nlp(text)
    _, probability = load_cue_model().decide(_verb(doc, verb), in_lexicon)
    (st,) = doc._.statements
    assert st.confidence == pytest.approx(min(probability, 0.8 if verb == "believe" else 0.6))
