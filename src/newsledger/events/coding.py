"""An event as the PLOVER codebook codes a sentence.

newsledger records what an event is and, apart, how the text commits to it (``Event.modality``):
`Portugal will support Turkey's bid` is a SUPPORT, planned; `Israel will impose a blockade` a
SANCTION, planned. PLOVER (and CAMEO before it) codes the sentence by what was *done* when it was
said: announcing that one will help, give, visit or withdraw is a promise (AGREE: "agree to, offer,
promise or otherwise indicate willingness or commitment to cooperate"), announcing that one will
strike, arrest, sanction, mobilise or boycott is a threat (THREATEN); saying that another must act is a
demand (REQUEST); saying one will not cooperate, or
failing to, is a refusal (REJECT); and an investigation, which the news guide counts as a type of its
own, is PLOVER's ACCUSE with mode investigate. ``plover_code`` makes that step, so that
the ledger keeps the richer record and exports and evaluations can speak PLOVER.
"""

from __future__ import annotations

from ..knowledge import Knowledge
from ..records import Event

# What an announced act of each kind is in PLOVER: cooperation promised, or conflict threatened. Kinds
# not listed (requests, accusations, rejections, protests) are coded as themselves whatever their modality.
PROMISED = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})
THREATENED = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN", "PROTEST"})


def plover_code(event: Event) -> str:
    """The PLOVER type a coder gives the sentence that reports ``event``."""
    if event.type == "INVESTIGATE":
        return "ACCUSE"  # PLOVER has no INVESTIGATE: an investigation is ACCUSE, mode investigate
    if event.modality == "negated" and event.type in PROMISED:
        return "REJECT"  # `failed to reach agreement`, `will not lift the ban`: cooperation refused
    if event.modality == "demanded":
        return "REQUEST"  # `Libya must hand over the suspects`: the sentence makes a demand
    if event.modality in ("planned", "hypothetical"):
        if event.type in PROMISED:
            return "AGREE"
        if event.type in THREATENED:
            return "THREATEN"
    return event.type


def is_appeal(event: Event, kb: Knowledge) -> bool:
    """Is a request an appeal (CAMEO 02: `urged`, `called on`, `asked`) rather than a demand (CAMEO 10:
    `demanded`, `insisted`)? PLOVER's REQUEST holds both; CAMEO, and the quad classes built on it,
    count an appeal as no conflict (appeal_words.csv)."""
    if event.type != "REQUEST" or event.trigger is None:
        return False
    return any(form in kb.appeal_words for form in base_forms(event.trigger.text.lower()))



def base_forms(word: str) -> set[str]:
    """A word and the base forms its inflection allows (`staged` -> `stage`, `urged` -> `urge`), for
    looking a verb up in a word list when its lemma is unknown or wrong (`staged` -> `stag`)."""
    forms = {word}
    for ending in ("ing", "ed", "es", "s", "d"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            forms |= {stem, stem + "e"}
    return forms
