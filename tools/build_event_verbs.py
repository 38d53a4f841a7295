"""Rebuild src/newsledger/knowledge/data/event_verbs.csv from the CAMEO verb dictionary and PLOVER's CAMEO table.

Run from the repository root with ../shared beside it:
    python tools/build_event_verbs.py [--report]
Sources (read by path, never fetched):
- CAMEO.2.0.txt, the PETRARCH-2 verb pattern dictionary of the Open Event Data Alliance (MIT;
  ../shared/eval-data/gazetteers/phoenix-cameo-dictionaries, commit in SOURCE_COMMIT.txt there);
- CAMEO2PLOVER-2021.txt, the PLOVER manual's CAMEO -> PLOVER table (type and mode per CAMEO code;
  ../shared/eval-data/plover-gsr, openeventdata/PLOVER, commit in SOURCE_COMMIT.txt there).

One row per (verb lemma, pattern): every verb of a CAMEO synonym block takes the block's patterns, as
PETRARCH applies them. A pattern is read as what a dependency parse can check around one verb:
  - particle: the word a multi-word verb ends in (`+CALL_OFF`, `+ASK_FOR`) or a particle that opens
    the pattern (`* DOWN RIOT`);
  - subject: the noun before the verb (`&MILITARY *`);
  - object: the noun after it (`* SANCTIONS`, `* {HUMANITARIAN AID}`: head last, modifiers before);
  - preposition and prep_object: a prepositional phrase (`* (AT)`, `* (FOR {FINANCIAL AID})`);
  - source and target: where `$` and `+` stand, `before` or `after` the verb.
Words that may alternate (a synset `&WEAPON`, `(BY/WITH ...)`) are listed with `|`; the words of one
phrase are joined by spaces. The verb alone (no pattern) is the row with only a lemma; its code is
the verb's own or its block's.

How CAMEO's codes become PLOVER types: the table's line for the code, else its three-digit parent's.
PLOVER drops CAMEO 01 (public statements) and 02 (appeals); newsledger's guide codes calls and appeals
as REQUEST, so 02 codes take the type of the matching 10 (demand) code (APPEAL below).

What is left out, and why (counts are printed with --report and written to the file's header):
  - codes with no PLOVER type (CAMEO 01 statements, the null code `---`): dropped, except where such a
    pattern overrides an event that its verb codes alone: those stay as rows of type `none`, so that
    `killed in an accident` stays no event;
  - patterns coded only for the reverse direction (`[:173]`, the target acts on the source) and those
    whose source stands after the verb (`* PROTESTS (FROM $)`): the verb's subject, which the finder
    takes as the actor, is not the one who acts; `none` rows where the verb alone is an event;
  - patterns a parse around one verb cannot check: more than one noun or prepositional phrase after
    the verb, function words (`* + THAT $ WILL PULLOUT`), skipped words (`^`), a prepositional phrase
    without a preposition (`* (GUNFIRE)`), undefined synsets;
  - multi-word verbs that are coordination hacks (`+KILLED_AND`) or not headed by a base-form verb
    (`+IS_DETERMINED`, `+ANGERED_BY {}`), and those with a tail of more than one word (`+SET_IN_MOTION`);
  - reporting verbs (the verbs of CAMEO's 01 blocks, and REPORTING): they introduce statements;
  - generic verbs: the verbs of GENERIC (`make`, `take`, `hold`) and the general synonyms of a block
    (BARE_ONLY: `beat` beside `kill`, `consider` beside `visit`) do not report an event alone, nor
    with only a preposition or particle (`* (TO)`, except a journey's destination, a visit); and they
    take only the patterns CAMEO's coders wrote for them (the verbs a pattern's comment names): `carry`
    is in SEND's block, but `* &WEAPON [072]` (military aid) was written for `send`;
  - a missile launch or weapons test coded as an assault (LAUNCH_VERBS with a missile and no one fired
    at): the guide codes it MOBILIZE (TEST), which events.csv's arms layer gives.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared/eval-data"
SOURCE = SHARED / "gazetteers/phoenix-cameo-dictionaries/CAMEO.2.0.txt"
TABLE = SHARED / "plover-gsr/CAMEO2PLOVER-2021.txt"
OUT = ROOT / "src/newsledger/knowledge/data/event_verbs.csv"
SYNSETS_OUT = ROOT / "src/newsledger/knowledge/data/event_verb_synsets.csv"
SYNSET_HEADER = (
    "# Word sets that event_verbs.csv names as &NAME (a phrase slot that any of the words fills), from the\n"
    "# synonym sets of {source} (MIT, see event_verbs.csv); written by tools/build_event_verbs.py.\n"
    "# words: alternatives split by |; the words of one alternative are split by spaces, head last.\n"
)
COLUMNS = [
    "lemma", "particle", "subject", "object", "preposition", "prep_object",
    "cameo", "plover", "mode", "source", "target",
]
NONE = "none"  # a row that says: this verb in this frame is no event

# Particles that may open a pattern or end a multi-word verb (`* OUT VIEWS`, `+CRACK_DOWN`).
PARTICLES = frozenset(
    "up down out off back away forward aside over together apart around along in on into for with at "
    "by to from through against upon after behind forth".split()
)
PREPOSITIONS = PARTICLES | frozenset(
    "about above across amid among amongst around as before below beneath beside besides between beyond "
    "despite during except inside near of outside past per since than throughout toward towards under "
    "underneath unlike until via within without".split()
)
# Words that are not nouns: a pattern holding one needs more than one verb's frame to check.
FUNCTION_WORDS = frozenset(
    "a an the that this these those will would shall should can could may might must to be is are was were "
    "been being not no as and or but if when while than it its his her their them they he she we who which "
    "what has have had do does did first".split()
)
# Verbs that report speech (CAMEO codes their patterns as statements about other events): never events.
REPORTING = frozenset(
    "say tell report state add note announce claim declare remark reply respond answer write quote cite "
    "mention explain comment assert insist argue confirm deny reveal disclose inform notify brief "
    "describe indicate suggest predict estimate believe think accord".split()
)
# Verbs so common that alone (without the object or phrase a pattern names) they would fire on most
# sentences: their bare rows are dropped, their patterns kept.
GENERIC = frozenset(
    "be have do go come get make take give put set keep hold bring let see look seem appear become begin "
    "start continue remain stay move turn run carry use find show leave place base pose position post "
    "stand open launch extend include involve reach raise return send receive lead follow".split()
)
VISIT_CODES = frozenset({"042", "043"})
# CAMEO 02 (appeal) is dropped from PLOVER, but newsledger's annotation guide codes calls and appeals
# as REQUEST (as events.csv does `appeal`, `urge`, `call`): an appeal code takes the PLOVER type and
# mode of the matching CAMEO 10 (demand) code (0233 appeal for humanitarian aid -> 1033).
APPEAL, DEMAND = "02", "10"
# Which verbs of a CAMEO block may report an event alone. CAMEO's blocks are WordNet synonym sets:
# beside `kill` and `bomb` stand `beat`, `break` and `master`; beside `visit`, `consider` and
# `think`. PETRARCH codes a verb only between two actors its dictionaries know; the finder takes any
# named subject, so a block's general verbs alone fire on ordinary news sentences (on the news dev set
# `according to` became COOPERATE, `decided to extend` AGREE, `heads to parliament` CONSULT,
# `increased their attacks` COOPERATE). A block listed here keeps its verb-alone rows only for the
# verbs named (none for an empty tuple); its patterns stay for all its verbs. Blocks not listed keep all.
BARE_ONLY: dict[str, tuple[str, ...]] = {
    # intent: these verbs govern another event (`plans to extend`); the finder reads them as its modality
    "INTEND": (), "PREPARE": (), "SIGNAL": (), "STRIVE": (), "REVIVE": (), "PROMISE": ("promise",), "HOPE": (),
    "SUGGEST": (), "APPEAL": ("appeal", "beg", "implore", "solicit"),
    "SELECT": (), "SEARCH": ("search",), "TARGET": ("target",),
    # movement, gathering, thought and perception, coded CONSULT
    "ARRIVE": (), "ASSEMBLE": ("convene", "reconvene"), "CONSIDER": (), "GO_SOMEWHERE": (), "HEAR": (),
    "INTRODUCE": (), "NOTIFY": (), "INVITE": ("invite", "reinvite"), "MEET_PEOPLE": ("meet",),
    # general verbs of managing, giving, changing and joining, coded COOPERATE / AID / CONCEDE
    "OVERSEE_MANAGE": (), "GRANT": ("donate", "grant", "bestow"), "BOOST": (), "ENACT": (), "ENLIST": (),
    "FACILITATE": (), "LINK": (), "MERGE": (), "FINANCE": ("bankroll", "finance", "fund", "underwrite"),
    "ARM": ("arm",), "STABILISE": (), "DEFEND": ("defend",), "ALLOW": ("authorise", "authorize", "ratify"),
    "SUBMIT": ("accede", "capitulate", "comply"), "LOOSEN": (), "COMPROMISE": ("compromise", "mediate", "arbitrate"),
    "COLLABORATE": ("ally", "collaborate", "cooperate", "side_with"), "COORDINATE": (), "INFLUENCE": (),
    "REJOICE": (), "DISCLOSE": (), "FAVOR": (), "RESPECT": (), "REASSERT": (), "SUPPORT": ("back", "endorse", "support"),
    "ACCLAIM": (
        "acclaim", "applaud", "commend", "compliment", "congratulate", "extol", "felicitate", "hail", "laud",
        "praise", "salute", "welcome", "recognise", "recognize",
    ),
    "RETREAT": ("back_down", "pull_back", "pull_out", "retreat", "withdraw", "disengage"),
    "YIELD": ("capitulate", "cede", "concede", "relinquish", "surrender", "yield", "give_in", "give_up"),
    # checking, wanting, feeling and disagreeing, coded ACCUSE / REQUEST / REJECT / THREATEN / PROTEST
    "INSPECT": ("inspect", "audit"), "PROBE": ("probe",), "DEMAND": ("demand", "press"), "ALLEGE": ("allege",),
    "CURSE": (), "DESPAIR": (), "DISMAY": (), "DISTRUST": (), "LAMENT": (), "REGRET": (), "DISGRACE": ("humiliate",),
    "VERBAL_CONFLICT": ("complain", "dispute", "oppose", "protest", "object"), "DELAY": ("obstruct",),
    "ENDANGER": (), "WARN": ("warn",), "DISTURB": ("harass",), "PROVOKE": (),
    "MOBILIZE": ("mobilise", "mobilize", "muster", "marshal"),
    "BETRAY": (), "DISASSOCIATE": (), "DISRUPT": (), "SPY": (), "UNDERMINE": ("sabotage",),
    "FAIL": (), "CONFIRM": (), "DESPATCH": (), "STRENGTHEN": (),
    # force: keep the verbs that name it, not their general synonyms (`beat`, `break`, `hold`, `take`)
    "CONFINE": ("detain", "imprison", "incarcerate", "jail", "confine"),
    "EXCLUDE": ("blockade", "embargo", "blacklist", "ostracise", "ostracize", "cordon_off"),
    "IMPEL": ("blackmail", "coerce"), "IMPOSE": (),
    "SUPPRESS": ("crack_down", "crackdown", "quell", "repress", "suppress", "subdue"),
    "APPREHEND": ("apprehend", "arrest", "capture", "nab", "seize"), "EXTRACT": (),
    "TAKE_CONTROL": ("take_over", "commandeer", "hijack", "usurp"),
    "FINE": ("fine",), "HURT": ("injure", "wound"), "RIP": (), "RAPE": ("rape",),
    "DESTROY": (
        "wipe_out", "annihilate", "decimate", "demolish", "destroy", "devastate", "eradicate", "obliterate", "ravage",
        "raze",
    ),
    "DIE": (), "ENCIRCLE": ("encircle", "surround"), "ENGAGE": (),
    "EXPLOSIVE_DESTRUCTION": ("blow_up", "bomb", "bombard", "detonate", "dynamite", "explode", "torch", "pelt"),
    "PHYSICAL_CONFLICT": (
        "fight", "fight_back", "square_off", "wage_war", "assail", "assault", "attack", "battle", "blitz", "bludgeon",
        "clash", "combat", "pummel", "retaliate", "skirmish", "stone", "storm", "strike",
    ),
    "INVADE": ("invade", "occupy", "overrun"),
}
# Launching a missile at no one is a launch (MOBILIZE, TEST in the guide), not an assault.
LAUNCH_VERBS = frozenset({"launch", "relaunch", "fire", "shoot", "test", "test-fire", "test-launch"})
MISSILE_WORDS = frozenset(
    "missile missiles rocket rockets projectile projectiles icbm icbms satellite satellites weapon weapons".split()
)


@dataclass
class Phrase:
    """A noun phrase slot: alternatives, each a tuple of words (head last)."""

    options: list[tuple[str, ...]] = field(default_factory=list)

    def text(self) -> str:
        return "|".join(" ".join(o) for o in self.options)


@dataclass
class Pattern:
    raw: str
    code: str  # primary CAMEO code ('' when only the reverse direction is coded, '---' for none)
    particle: str = ""
    subject: Phrase | None = None
    object: Phrase | None = None
    preposition: tuple[str, ...] = ()
    prep_object: Phrase | None = None
    source: str = ""
    target: str = ""
    written_for: frozenset[str] = frozenset()  # the verbs its comment names: where CAMEO's coders found it


@dataclass
class Verb:
    lemma: str
    code: str | None  # its own code, else the block's
    tail: str = ""  # the word a multi-word verb ends in (`off` of CALL_OFF, `war` of WAGE_WAR)


@dataclass
class Block:
    name: str
    code: str
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


class Unreadable(ValueError):
    """A pattern a parse around one verb cannot check (the reason is the message)."""


# ---------------------------------------------------------------------------- reading


def _strip_comment(line: str) -> str:
    line = re.sub(r"<!--.*?-->", "", line)
    for mark in ("#", ";"):
        if mark in line:
            line = line[: line.index(mark)]
    return line.rstrip()


def _code(text: str) -> str | None:
    """The primary code of `[042:043]` (`042`), `[:173]` (''), `[---]` ('---'); None when there is none."""
    m = re.search(r"\[([^\]]*)\]", text)
    if m is None:
        return None
    primary = m.group(1).split(":")[0].strip()
    return primary.rstrip("!")  # one code is written `[080!]`


def read_table(path: Path) -> dict[str, tuple[str, str]]:
    """CAMEO code -> (PLOVER type, mode) from the PLOVER manual's table."""
    table: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?", line)
        if m:
            table[m.group(1)] = (m.group(2), (m.group(3) or "").strip())
    return table


def plover_of(code: str, table: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The PLOVER type and mode of a CAMEO code: its own line, else its three-digit parent's.
    Two-digit cue categories are not used as a fallback: `08` is both CONCEDE and RETREAT."""
    if not code.isdigit():
        return None
    if code.startswith(APPEAL):
        code = DEMAND + code[2:]  # appeals are requests, as the guide codes them (see APPEAL)
    for key in (code, code[:3]):
        if key in table:
            return table[key]
    return None


def read_dictionary(path: Path) -> tuple[dict[str, list[str]], list[Block]]:
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    lines = path.read_text(encoding="latin-1").splitlines()
    in_verbs = False
    label = None
    for raw in lines:
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        if not raw.strip():
            label = None  # a blank line ends a synset
            continue
        line = _strip_comment(raw)
        if not line.strip():
            continue
        if line.startswith("&"):
            label = line.strip().rstrip("_")
            synsets[label] = []
            continue
        if line.startswith("+") and label is not None:
            synsets[label].append(line[1:].strip().strip("_").replace("_", " ").lower())
            continue
        if not in_verbs:
            continue
        if line.startswith("---"):
            label = None
            m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", line)
            name, code = (m.group(1), m.group(2)) if m else (line.strip("- "), "---")
            blocks.append(Block(name, code.split(":")[0] or "---"))
            continue
        if not blocks:
            continue
        block = blocks[-1]
        if line.startswith("-"):
            block.patterns.append(
                Pattern(raw=" ".join(line[1:].split()), code=_code_or_none(line), written_for=_written_for(raw))
            )
        else:
            block.verbs.append(_verb(line))
    return synsets, blocks


def _code_or_none(line: str) -> str:
    code = _code(line)
    return "---" if code is None else code


def _written_for(raw: str) -> frozenset[str]:
    """The verbs a pattern's comment names (`# START , BEGIN <ab 02 Dec 2005>` -> start, begin)."""
    if "#" not in raw:
        return frozenset()
    comment = raw[raw.index("#") + 1 :].split("<")[0]
    return frozenset(w.lower().strip("+") for w in re.findall(r"\b[A-Z][A-Z_+\-]+\b", comment))


def _verb(line: str) -> Verb:
    code = _code(line)
    word = re.sub(r"\[.*?\]", "", line)
    irregular = re.search(r"\{([^}]*)\}", word)
    word = re.sub(r"\{.*?\}", "", word).strip().split()[0] if word.strip() else ""
    if not word.startswith("+"):
        return Verb(word.lower(), code)
    words = word[1:].lower().split("_")
    bad = ""
    if any(w in ("and", "or") for w in words[1:]):
        bad = "coordination"
    elif irregular is not None and not irregular.group(1).strip():
        bad = "not a base form"  # `+ANGERED_BY {}`: only that surface, a past participle
    elif words[0] in ("is", "are", "was", "be"):
        bad = "not a base form"
    elif len(words) > 2:
        bad = "tail of more than one word"
    return Verb(words[0], code, tail=words[1] if len(words) > 1 else "") if not bad else Verb("", bad)


# ---------------------------------------------------------------------------- patterns


def _elements(text: str) -> list[tuple[str, list[str]]]:
    """Split a pattern side into ('np', words), ('pp', [prep, words...]), ('word', [w]), ('mark', [m])."""
    out: list[tuple[str, list[str]]] = []
    tokens = text.replace("(", " ( ").replace(")", " ) ").replace("{", " { ").replace("}", " } ").split()
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t in ("(", "{"):
            close = ")" if t == "(" else "}"
            j = i + 1
            inner: list[str] = []
            depth = 0
            while j < len(tokens) and not (tokens[j] == close and depth == 0):
                if tokens[j] == "{":
                    depth += 1
                elif tokens[j] == "}":
                    depth -= 1
                inner.append(tokens[j])
                j += 1
            out.append(("pp" if t == "(" else "np", inner))
            i = j + 1
            continue
        if t in ("$", "+", "%", "^"):
            out.append(("mark", [t]))
        else:
            out.append(("word", [t]))
        i += 1
    return out


def _phrase(words: list[str], synsets: dict[str, list[str]]) -> Phrase:
    """A noun phrase from its words, head last; a synset stays a reference (`&WEAPON`), its words
    are written to event_verb_synsets.csv."""
    slots: list[str] = []
    for w in words:
        if w in ("{", "}"):
            continue
        if w.startswith("&"):
            if w.rstrip("_") not in synsets:
                raise Unreadable(f"undefined synset {w}")
            slots.append(w.rstrip("_"))
        else:
            lw = w.lower().replace("_", " ")
            if lw in FUNCTION_WORDS or not re.fullmatch(r"[a-z][a-z\- ]*", lw):
                raise Unreadable("function word or symbol")
            slots.extend(lw.split())
    return Phrase([tuple(slots)])


def read_pattern(pattern: Pattern, synsets: dict[str, list[str]]) -> Pattern:
    body = re.sub(r"\[.*?\]", "", pattern.raw)
    if body.count("*") != 1:
        raise Unreadable("no single verb slot")
    before, after = body.split("*")
    pre = _elements(before)
    post = _elements(after)
    if any(kind == "mark" and words[0] in ("^", "%") for kind, words in pre + post):
        raise Unreadable("skipped or compound words")
    # before the verb: the source or a subject noun
    subject_words: list[str] = []
    for kind, words in pre:
        if kind == "mark":
            pattern.source = pattern.source or ("before" if words[0] == "$" else "")
            pattern.target = pattern.target or ("before" if words[0] == "+" else "")
        elif kind in ("word", "np"):
            if subject_words:
                raise Unreadable("more than one subject noun")
            subject_words = words
        else:
            raise Unreadable("a prepositional phrase before the verb")
    if subject_words:
        pattern.subject = _phrase(subject_words, synsets)
    # after the verb: [particle] [object noun phrase] [prepositional phrase]
    object_words: list[str] = []
    seen_pp = False
    for n, (kind, words) in enumerate(post):
        if kind == "mark":
            side = "after"
            pattern.source = pattern.source or (side if words[0] == "$" else "")
            pattern.target = pattern.target or (side if words[0] == "+" else "")
            continue
        if kind == "word" and n == 0 and words[0].lower() in PARTICLES and not words[0].startswith("&"):
            pattern.particle = words[0].lower()
            continue
        if kind in ("word", "np"):
            if seen_pp:
                raise Unreadable("a noun after the prepositional phrase")
            if object_words and kind == "np":
                raise Unreadable("more than one object noun")
            if object_words and post[n - 1][0] != "word":
                raise Unreadable("more than one object noun")
            object_words += words
            continue
        if kind == "pp":
            if seen_pp:
                raise Unreadable("more than one prepositional phrase")
            seen_pp = True
            inner = [w for w in words if w not in ("$", "+")]
            for w in words:
                if w == "$":
                    pattern.source = pattern.source or "after"
                elif w == "+":
                    pattern.target = pattern.target or "after"
            if not inner:
                raise Unreadable("a prepositional phrase without a preposition")
            preps = tuple(p.lower() for p in inner[0].split("/"))
            if not all(p in PREPOSITIONS for p in preps):
                raise Unreadable("not a preposition")  # `* (GUNFIRE)`
            pattern.preposition = preps
            if len(inner) > 1:
                pattern.prep_object = _phrase(inner[1:], synsets)
    if object_words:
        pattern.object = _phrase(object_words, synsets)
    return pattern


# ---------------------------------------------------------------------------- rows


def _restricted(row: dict[str, str], synsets: dict[str, list[str]]) -> str | None:
    """Why a row must not stand as CAMEO codes it (None when it may)."""
    heads = {option.split()[-1] for w in row["object"].split("|") if w for option in synsets.get(w.split()[-1], [w])}
    if (
        row["lemma"] in LAUNCH_VERBS and row["plover"] == "ASSAULT" and heads & MISSILE_WORDS
        and not row["preposition"] and not row["target"]
    ):
        # `fired rockets`, `launched a missile` with no one fired at: the guide codes a missile launch
        # or a weapons test as MOBILIZE (TEST), not ASSAULT; events.csv's arms layer gives the test.
        return "a launch with no target is no assault (guide)"
    return None


def build() -> tuple[list[dict[str, str]], dict[str, list[str]], Counter]:
    table = read_table(TABLE)
    synsets, blocks = read_dictionary(SOURCE)
    stats: Counter = Counter()
    reporting = set(REPORTING)
    for block in blocks:
        if block.code.startswith("01"):
            reporting.update(v.lemma for v in block.verbs if v.lemma and v.code in (None, block.code))
    rows: dict[tuple, dict[str, str]] = {}
    for block in blocks:
        patterns: list[Pattern] = []
        for p in block.patterns:
            stats["patterns in the dictionary"] += 1
            try:
                patterns.append(read_pattern(p, synsets))
            except Unreadable as why:
                stats[f"pattern dropped: {why}"] += 1
        for verb in block.verbs:
            stats["verbs in the dictionary"] += 1
            if not verb.lemma:
                stats[f"verb dropped: {verb.code}"] += 1
                continue
            if verb.lemma in reporting:
                stats["verb dropped: reporting verb"] += 1
                continue
            tail_is_particle = verb.tail in PARTICLES
            own = verb.code if verb.code is not None else block.code
            bare = plover_of(own, table)
            name = f"{verb.lemma}_{verb.tail}" if verb.tail else verb.lemma
            general = (verb.lemma in GENERIC and not verb.tail) or name not in BARE_ONLY.get(block.name, (name,))
            alone = bare is not None and not general
            if alone:
                _add(rows, stats, verb, Pattern(raw="*" + (f" ({verb.tail})" if verb.tail else ""), code=own), bare, tail_is_particle)
            elif bare is None:
                stats["verb alone dropped: no PLOVER type"] += 1
            elif verb.lemma in GENERIC and not verb.tail:
                stats["verb alone dropped: generic verb (GENERIC)"] += 1
            else:
                stats["verb alone dropped: a general verb of its block (BARE_ONLY)"] += 1
            for p in patterns:
                mapped = plover_of(p.code, table)
                if general and name not in p.written_for and p.code[:3] not in VISIT_CODES:
                    # a general synonym takes only the patterns written for it: `carry` is in SEND's
                    # block, but `* &WEAPON [072]` (military aid) was written for `send`
                    stats["pattern row dropped: written for another verb of the block than this general one"] += 1
                    continue
                if p.source == "after":
                    # `* PROTESTS (FROM $)`: the one who acts is not the verb's subject, which the finder takes as actor
                    stats["pattern row dropped: the source stands after the verb"] += 1
                    continue
                if general and not (p.subject or p.object or p.prep_object) and p.code[:3] not in VISIT_CODES:
                    # `* (FOR)`, `* TO`: a bare preposition or particle says as little as the verb alone;
                    # a journey's destination is a visit (`leave for`, `head to`, `returned from`)
                    stats["pattern row dropped: a general verb with only a preposition or particle"] += 1
                    continue
                if verb.tail and ((not tail_is_particle and p.object) or (tail_is_particle and p.particle)):
                    stats["pattern x multi-word verb: both name the object or particle"] += 1
                    continue
                if mapped is None:
                    reason = "reverse direction only" if p.code == "" else "no PLOVER type"
                    if bare is not None and alone:
                        _add(rows, stats, verb, p, (NONE, ""), tail_is_particle)
                        stats[f"pattern kept as none: {reason}, overrides the verb's event"] += 1
                    else:
                        stats[f"pattern row dropped: {reason}"] += 1
                    continue
                _add(rows, stats, verb, p, mapped, tail_is_particle)
    out = []
    for row in rows.values():
        why = _restricted(row, synsets)
        if why:
            stats[f"row dropped: {why}"] += 1
            continue
        out.append(row)
    out.sort(key=lambda r: (r["lemma"], r["particle"], r["object"], r["preposition"], r["prep_object"], r["subject"]))
    stats["rows written"] = len(out)
    stats["lemmas written"] = len({r["lemma"] for r in out})
    used = sorted({w for r in out for c in ("subject", "object", "prep_object") for w in r[c].replace("|", " ").split() if w.startswith("&")})
    return out, {name: synsets[name] for name in used}, stats


def _add(rows, stats, verb: Verb, p: Pattern, mapped: tuple[str, str], tail_is_particle: bool) -> None:
    plover, mode = mapped
    particle = p.particle
    obj = p.object.text() if p.object else ""
    if verb.tail:
        if tail_is_particle:
            particle = verb.tail
        else:
            obj = verb.tail
    row = {
        "lemma": verb.lemma,
        "particle": particle,
        "subject": p.subject.text() if p.subject else "",
        "object": obj,
        "preposition": "|".join(p.preposition),
        "prep_object": p.prep_object.text() if p.prep_object else "",
        "cameo": p.code if plover != NONE else (p.code or "reverse"),
        "plover": plover,
        "mode": mode,
        "source": p.source,
        "target": p.target,
    }
    key = tuple(row[c] for c in ("lemma", "particle", "subject", "object", "preposition", "prep_object"))
    if key in rows:
        if rows[key]["plover"] != plover:
            stats["duplicate frame with another type: first kept"] += 1
        return
    rows[key] = row


def header(stats: Counter) -> str:
    source_commit = (SOURCE.parent / "SOURCE_COMMIT.txt").read_text(encoding="utf-8").strip()
    table_commit = (TABLE.parent / "SOURCE_COMMIT.txt").read_text(encoding="utf-8").strip()
    lines = [
        "Verb patterns that report events, compiled by tools/build_event_verbs.py; do not edit by hand.",
        f"Source: CAMEO.2.0.txt (the PETRARCH-2 CAMEO verb dictionary, {source_commit}), MIT licence,",
        "Copyright (c) 2015 Open Event Data Alliance. PLOVER type and mode from CAMEO2PLOVER-2021.txt",
        f"(the PLOVER manual's CAMEO -> PLOVER table, {table_commit}).",
        "One row per (verb lemma, pattern): the verb's lemma, then what the pattern requires around it:",
        "particle (a word after the verb), subject / object (noun phrases, head last), preposition and",
        "prep_object; alternatives are split by |. cameo: the CAMEO code; plover: the PLOVER type (none: this",
        "frame is no event and overrides the verb alone); mode: PLOVER mode; source / target: where CAMEO's",
        "$ and + stand (before / after the verb).",
        "Counts of this build:",
    ]
    lines += [f"  {k}: {v}" for k, v in sorted(stats.items())]
    return "".join(f"# {line}\n" for line in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="print what was kept and dropped, with counts")
    args = parser.parse_args()
    rows, synsets, stats = build()
    buf = io.StringIO()
    buf.write(header(stats))
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    buf = io.StringIO()
    buf.write(SYNSET_HEADER.format(source=SOURCE.name))
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["synset", "words"])
    for name, words in synsets.items():
        writer.writerow([name, "|".join(dict.fromkeys(words))])
    SYNSETS_OUT.write_text(buf.getvalue(), encoding="utf-8")
    if args.report:
        for k, v in sorted(stats.items()):
            print(f"{v:>7}  {k}", file=sys.stderr)
    print(f"wrote {len(rows)} rows for {stats['lemmas written']} verbs to {OUT.name}, {len(synsets)} word sets to {SYNSETS_OUT.name}")


if __name__ == "__main__":
    main()
