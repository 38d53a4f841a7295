"""Speaker resolution: variants, surnames, pronouns, titles and affiliations."""

import pytest

from newsledger.names import spelling_variants


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Mikhev", "Mekhev", True),
        ("Mikhev", "Mikheev", True),
        ("Shugaev", "Shugayev", True),
        ("Pompeo", "Pompeo", True),
        ("Ivanov", "Ivanova", False),
        ("Putin", "Puton", False),  # too short to guess
        ("Singh", "Sharif", False),
    ],
)
def test_spelling_variants(a, b, same):
    assert spelling_variants(a, b) is same


def speakers(record):
    return [(s.speaker.text, s.speaker_entity.name if s.speaker_entity else None) for s in record.statements]


def test_variant_and_surname_join_the_full_name(extract):
    text = (
        "Dmitry Shugaev, head of the federal service, said the contract was signed.\n\n"
        "Shugayev said deliveries would start in May.\n\n"
        "Shugaev added that the price was fixed."
    )
    record = extract(text)
    assert [name for _, name in speakers(record)] == ["Dmitry Shugaev"] * 3
    (person,) = [e for e in record.entities if e.type == "person"]
    assert "Shugayev" in person.aliases


def test_pronoun_goes_to_the_last_person_in_subject_position(extract):
    text = (
        "Rajnath Singh met Sergei Shoigu in Moscow.\n\n"
        "Singh said the first regiment had arrived.\n\n"
        "He added that training was under way."
    )
    assert speakers(extract(text))[-1] == ("He", "Rajnath Singh")


def test_pronoun_respects_known_gender(extract):
    text = (
        "Annalena Baerbock said the deliveries were agreed.\n\n"
        "Olaf Scholz said the tanks would follow. He added that Berlin was ready.\n\n"
        "She said that the talks would continue."
    )
    assert speakers(extract(text))[-1] == ("She", "Annalena Baerbock")


def test_pronoun_without_antecedent_is_left_unresolved(extract):
    (s,) = extract("He said the deal was done.").statements
    assert s.speaker.text == "He" and s.speaker_entity is None


@pytest.mark.parametrize(
    "text, title, affiliation",
    [
        ("Turkish Defence Minister Hulusi Akar said the system was active.", "Defence Minister", "Turkey"),
        ("US Secretary of State Antony Blinken said the sale was approved.", "Secretary of State", "United States"),
        ("The head of Rosoboronexport, Alexander Mikheev, said the talks went on.", "head", "Rosoboronexport"),
    ],
)
def test_titles_and_affiliations_come_from_the_text(extract, text, title, affiliation):
    (s,) = extract(text).statements
    assert (s.speaker_entity.type, s.speaker_entity.title, s.speaker_entity.affiliation) == ("person", title, affiliation)


def test_capital_speaks_for_government_and_anonymous_sources_are_typed(extract):
    text = "Washington warned of sanctions.\n\nA senior State Department official said the offer stood."
    ents = [s.speaker_entity for s in extract(text).statements]
    assert (ents[0].name, ents[0].type) == ("United States", "government")
    assert (ents[1].type, ents[1].affiliation) == ("anonymous", "US State Department")


def test_a_hyphenated_name_stays_whole_and_joins_its_unhyphenated_spelling(extract):
    text = (
        "Iran's foreign minister, Hossein Amir-Abdollahian, said on Saturday that Tehran had sent drones.\n\n"
        '"We have never supported this war," Amirabdollahian told reporters.'
    )
    first, second = extract(text).statements
    assert first.speaker_entity.name == "Hossein Amir-Abdollahian"
    assert second.speaker_entity.id == first.speaker_entity.id


@pytest.mark.parametrize(
    "text, affiliation",
    [
        ("A spokesperson for the Group for a Switzerland without an Army said the jet was too expensive.",
         "Group for a Switzerland without an Army"),
        ("A spokesman for Airbus said the order was firm.", "Airbus"),
    ],
)
def test_an_unnamed_source_is_affiliated_with_the_whole_name_it_speaks_for(extract, text, affiliation):
    (s,) = extract(text).statements
    assert (s.speaker_entity.type, s.speaker_entity.affiliation) == ("anonymous", affiliation)
