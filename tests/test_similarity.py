"""A question against every document's 4-bit vector at once (web/search/similarity.py)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from parser.encoder import DIMENSIONS, EncoderError
from parser.vectors import PACKED_BYTES, quantize, unpack_nibbles
from web.search import similarity
from web.search.similarity import QuantizedVectors


def _documents(count: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`count` unit vectors stored as the parser stores them: their 4-bit values, scales and what those make."""
    vectors = np.random.default_rng(seed).standard_normal((count, DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    stored = [quantize(vector) for vector in vectors]
    scales = np.array([scale for scale, _ in stored], dtype=np.float32)
    values = unpack_nibbles(
        np.frombuffer(b"".join(packed for _, packed in stored), dtype=np.uint8).reshape(count, PACKED_BYTES)
    )
    return values, scales, values.astype(np.float32) * scales[:, None]


def _question(documents: np.ndarray, near: int) -> np.ndarray:
    """A unit vector close to document `near`'s, as a question's is to its answer's."""
    noise = np.random.default_rng(near).standard_normal(DIMENSIONS).astype(np.float32)
    question = documents[near] / np.linalg.norm(documents[near]) + 0.6 * noise / np.linalg.norm(noise)
    return question / np.linalg.norm(question)


def test_similarities_are_the_stored_vectors_products_and_keep_their_order() -> None:
    values, scales, documents = _documents(3000)
    matrix = QuantizedVectors(values, scales)
    for near in (0, 1234, 2999):
        question = _question(documents, near)
        exact, found = documents @ question, matrix.similarities(question)
        assert found.shape == (3000,) and found.dtype == np.float32
        # The question is rounded to 8 bits: a thousandth or so, a tenth of the documents' own 4-bit rounding.
        assert np.abs(found - exact).max() < 0.005
        assert int(np.argmax(found)) == near == int(np.argmax(exact))
        assert len(set(np.argsort(-found)[:20]) & set(np.argsort(-exact)[:20])) >= 18
        assert np.array_equal(matrix.similarities(question), found)


def test_questions_compared_on_threads_at_once_are_each_their_own() -> None:
    values, scales, documents = _documents(500)
    matrix = QuantizedVectors(values, scales)
    questions = [_question(documents, near) for near in range(8)]
    alone = [matrix.similarities(question) for question in questions]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(matrix.similarities, questions * 4))
    assert all(np.array_equal(found, alone[index % 8]) for index, found in enumerate(together))


def test_no_documents_have_no_similarities() -> None:
    empty = QuantizedVectors(np.empty((0, DIMENSIONS), dtype=np.int8), np.empty(0, dtype=np.float32))
    assert empty.similarities(np.ones(DIMENSIONS, dtype=np.float32) / DIMENSIONS**0.5).shape == (0,)


def test_an_onnxruntime_that_cannot_build_the_graph_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """As an onnxruntime build without its own operators would: its `Fail` is no RuntimeError, and was a
    traceback at startup; it is the EncoderError the web app reports in one line."""
    monkeypatch.setattr(similarity, "MICROSOFT_DOMAIN", "org.example.none")
    values, scales, _ = _documents(10)
    with pytest.raises(EncoderError, match="cannot compare questions with the documents' vectors"):
        QuantizedVectors(values, scales)
