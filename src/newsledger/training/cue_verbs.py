"""Rebuild the fast profile's learned cue verbs (``attribution/cue_verbs.py``) from PolNeAR train
(``newsledger train cues``).

Every candidate verb of train (a verb outside the lexicon, outside quotations, with a subject and
a complement) is an example, labelled a cue when a gold cue span holds it and that attribution's
content holds its complement. Logistic regression
(scikit-learn, L2) learns the weights. The probability threshold is the one of a fixed grid that
gives the fast profile the best whole-attribution F1 on dev while its speakers stay as precise as
the rules' own (source exact precision no lower than without the model): a wrong speaker is worse
than a missing one. Deterministic: the solver is.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from spacy.tokens import Doc, Token

from ..attribution.cue_verbs import CueVerbModel, candidate, features
from ..evaluation.polnear import GoldDocument, load_split, score
from ..knowledge import load_knowledge
from ..nlp.debris import find_ignored_spans
from ..nlp.quotes import find_quotes
from ..pipeline import parse_texts
from ..pipeline.components import EntityTagger, StatementTagger
from ..records import Article, ArticleRecord

# A feature must hold for this many train candidates to get a weight.
MIN_COUNT = 2
THRESHOLDS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


def examples(doc: Doc, in_lexicon: Callable[[Token], bool]) -> Iterator[tuple[Token, Token, list[str]]]:
    """Each candidate verb of ``doc`` with its complement and features, as the statement rules
    meet them."""
    text = doc.text
    ignored = find_ignored_spans(text, load_knowledge())
    quotes, _ = find_quotes(text, ignored)
    for tok in doc:
        if any(q.contains(tok.idx, tok.idx + len(tok)) for q in quotes):
            continue
        if any(a <= tok.idx < b for a, b in ((i.start, i.end) for i in ignored)):
            continue
        found = candidate(tok, in_lexicon)
        if found is not None:
            yield tok, found[0], features(tok, *found)


def labelled(gold: Sequence[GoldDocument], docs: Sequence[Doc], in_lexicon) -> tuple[list[list[str]], list[int]]:
    """Features and labels of every candidate: a cue when a gold attribution's cue holds the verb
    and its content holds the complement's head (for a preposition, its object), the content the
    rules would read (`issued | a statement saying ...` is a cue, but its object is not what was
    said)."""
    rows, labels = [], []
    for g, doc in zip(gold, docs, strict=True):
        for tok, comp, names in examples(doc, in_lexicon):
            rows.append(names)
            # A preposition joins the cue (`warned of | ...`): its object stands in the content.
            said = next((c for c in comp.children if c.dep_ in ("pobj", "pcomp")), comp) if comp.dep_ == "prep" else comp
            labels.append(int(any(
                any(s <= tok.idx < e for s, e in a.cue)
                for a in g.attributions
            )))
    return rows, labels


def dev_scores(gold: Sequence[GoldDocument], docs: Sequence[Doc], model: CueVerbModel | None) -> tuple[float, float]:
    """Whole-attribution F1 and source exact precision of the fast profile's statements on
    ``docs`` with ``model``."""
    tagger = StatementTagger(load_knowledge(), cue_model=model)
    resolver = EntityTagger(load_knowledge())
    records = {}
    for g, doc in zip(gold, docs, strict=True):
        doc._.attribution_spans = None
        resolver(tagger(doc))
        records[g.id] = ArticleRecord(Article(g.id, g.text, g.path), statements=tuple(doc._.statements))
    report = score(gold, records)
    return report.attribution.f1, report.exact["source"].precision


def train_cues(
    data_dir: Path,
    out: Path,
    c: float = 0.3,
    limit: int | None = None,
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True),
) -> dict:
    """Fit the model on ``data_dir``'s train split, choose its threshold on dev, write ``out``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    started = time.monotonic()
    train_gold = load_split(data_dir, "train")[:limit]
    dev_gold = load_split(data_dir, "dev")[: (None if limit is None else max(4, limit // 10))]
    train_docs = parse_texts([g.text for g in train_gold])
    dev_docs = parse_texts([g.text for g in dev_gold])
    log(f"parsed {len(train_docs) + len(dev_docs)} articles in {time.monotonic() - started:.0f} s")
    rows, labels = labelled(train_gold, train_docs, StatementTagger(load_knowledge()).finder.in_lexicon)
    log(f"{len(rows)} candidate verbs in train, {sum(labels)} of them cues")
    counts = Counter(n for r in rows for n in r)
    rows = [[n for n in r if counts[n] >= MIN_COUNT] for r in rows]  # a name seen once teaches nothing
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(r, 1) for r in rows])
    fit = LogisticRegression(C=c, max_iter=5000).fit(matrix, labels)
    names = vectorizer.get_feature_names_out()
    weights = {n: round(float(w), 5) for n, w in zip(names, fit.coef_[0], strict=True) if abs(w) >= 1e-4}
    weights["bias"] = round(weights.get("bias", 0.0) + float(fit.intercept_[0]), 5)
    meta = {
        "trained_on": f"PolNeAR v1.0.0 train split ({len(train_gold)} articles, first annotation file each)",
        "examples": len(rows),
        "cues": sum(labels),
        "c": c,
        "model": f"logistic regression (scikit-learn), binary features seen in at least {MIN_COUNT} candidates",
    }
    baseline, rules_precision = dev_scores(dev_gold, dev_docs, None)
    log(f"dev without the model: whole-attribution F1 {100 * baseline:.2f}, source precision {100 * rules_precision:.1f}")
    best = None
    for threshold in THRESHOLDS:
        f1, precision = dev_scores(dev_gold, dev_docs, CueVerbModel(weights, threshold, meta))
        log(f"threshold {threshold:.2f}: dev whole-attribution F1 {100 * f1:.2f}, source precision {100 * precision:.1f}")
        if precision >= rules_precision and (best is None or f1 > best[0]):
            best = (f1, threshold)
    if best is None:  # no threshold keeps the speakers as precise: the model takes (almost) nothing
        best = dev_scores(dev_gold, dev_docs, CueVerbModel(weights, 1.0, meta))[0], 1.0
    f1, threshold = best
    meta = {**meta, "dev_whole_f1": round(f1, 4), "dev_whole_f1_without": round(baseline, 4)}
    model = CueVerbModel(weights, threshold, meta)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"kept threshold {threshold} ({len(weights)} weights) in {out}")
    return {"threshold": threshold, "dev_whole_f1": f1, "dev_whole_f1_without": baseline, "weights": len(weights)}
