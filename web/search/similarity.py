"""A question's cosine similarity to every document at once, from the documents' 4-bit values held as int8.

The vectors are stored as 4-bit values and a scale each (parser/vectors.py). Multiplied out to float32 they
were 90 MB that numpy read for every question (58,000 × 384): 3.4 ms on OpenBLAS's two threads, which then
spin for a while and took the core from the statements that followed (a question's p99 37-41 ms, its
nearest documents 17-21 ms at p99). Held as int8 they are 22 MB, and onnxruntime's DynamicQuantizeMatMul
rounds the question to 8 bits and multiplies on one thread, which does not spin: 0.9 ms, and a question's
p99 25-26 ms (one run each, 360 questions). The similarities differ from the float product by 0.002 at
most, a tenth of what the documents' own 4-bit rounding moves them; the held-out halves are the same.

onnxruntime keeps a packed copy of the values beside the array lent to it (~50 MB together, against the
float32 matrix's 90); written into the graph instead, they were copied three more times on the way and a
worker kept ~30 MB more after startup.
"""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

from parser.encoder import DIMENSIONS, EncoderError
from parser.question_encoder import IR_VERSION, ONNXRUNTIME_ERRORS, OPSET

# onnxruntime's own operators (DynamicQuantizeMatMul), built into its every CPU package.
MICROSOFT_DOMAIN = "com.microsoft"


class QuantizedVectors:
    """Every document's vector as int8 values (`values`, rows × 384) times its row's `scales`; thread-safe."""

    def __init__(self, values: np.ndarray, scales: np.ndarray) -> None:
        # The values as the graph multiplies them (384 × rows), lent to onnxruntime rather than copied into the
        # graph: it keeps a packed copy of its own, and this array for as long as the session lives.
        self._values = onnxruntime.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(values.T, dtype=np.int8))
        # No graph for no rows: onnxruntime refuses a weight with a dimension of 0.
        self._session = _session(self._values, scales) if len(values) else None

    def similarities(self, query: np.ndarray) -> np.ndarray:
        """Each row's dot product with the unit vector `query` (float32, one per row, in row order)."""
        if self._session is None:
            return np.empty(0, dtype=np.float32)
        question = np.ascontiguousarray(query, dtype=np.float32).reshape(1, DIMENSIONS)
        found: np.ndarray = self._session.run(None, {"question": question})[0][0]
        return found


def _session(values: onnxruntime.OrtValue, scales: np.ndarray) -> onnxruntime.InferenceSession:
    """One DynamicQuantizeMatMul: the question (1 × 384, rounded to 8 bits as it runs) times the values
    (384 × rows, int8) times each row's scale."""
    rows = values.shape()[1]
    graph = helper.make_graph(
        [
            helper.make_node(
                "DynamicQuantizeMatMul", ["question", "values", "scales"], ["similarities"], domain=MICROSOFT_DOMAIN
            )
        ],
        "similarities",
        [helper.make_tensor_value_info("question", TensorProto.FLOAT, [1, DIMENSIONS])],
        [helper.make_tensor_value_info("similarities", TensorProto.FLOAT, [1, rows])],
        [_lent("values", TensorProto.INT8, [DIMENSIONS, rows]), numpy_helper.from_array(scales, "scales")],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(MICROSOFT_DOMAIN, 1)]
    )
    model.ir_version = IR_VERSION
    options = onnxruntime.SessionOptions()
    # One thread: the web app's other requests have the other core, and a pool's threads would spin.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.add_external_initializers(["values"], [values])
    try:
        return onnxruntime.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    except ONNXRUNTIME_ERRORS as error:
        raise EncoderError(f"onnxruntime cannot compare questions with the documents' vectors: {error}") from error


def _lent(name: str, element_type: int, dimensions: list[int]) -> onnx.TensorProto:
    """A weight the graph names but does not hold: its data is given to the session (add_external_initializers)."""
    tensor = onnx.TensorProto(name=name, data_type=element_type, dims=dimensions)
    tensor.data_location = onnx.TensorProto.EXTERNAL
    tensor.external_data.add(key="location", value=f"{name}.lent")
    return tensor
