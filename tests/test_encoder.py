"""The sentence model (parser/encoder.py) and the vectors the parser stores (parser/vectors.py)."""

from __future__ import annotations

import sqlite3
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from parser import vectors
from parser.encoder import DIMENSIONS, WEIGHTS_SHA256, Encoder, EncoderError, model_zip_path
from parser.question_encoder import QuestionEncoder
from parser.vectors import dequantize, embedded_text, quantize, vectors_for


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder()


def test_the_installed_weights_are_upstreams(encoder: Encoder) -> None:
    assert model_zip_path().is_file()
    assert len(encoder.layers) == 6 and encoder.words.shape == (30522, DIMENSIONS)


@pytest.mark.parametrize("make", [QuestionEncoder, Encoder], ids=["questions", "documents"])
def test_weights_that_are_not_upstreams_are_refused(tmp_path: Path, make: type) -> None:
    forged = tmp_path / "model.zip"
    with zipfile.ZipFile(model_zip_path()) as real, zipfile.ZipFile(forged, "w") as fake:
        for name in ("tokenizer.json", "config.json"):
            fake.writestr(name, real.read(name))
        fake.writestr("model.safetensors", b"not the weights")
    with pytest.raises(EncoderError, match=WEIGHTS_SHA256):
        make(forged)


def test_vectors_are_unit_length_and_say_what_texts_mean(encoder: Encoder) -> None:
    question, join, start, cat = encoder.encode(
        [
            "wait until a thread is done",
            "threading.Thread.join: Wait until the thread terminates.",
            "threading.Thread.start: Start the thread's activity.",
            "A cat sat on the mat.",
        ]
    )
    assert np.allclose(np.linalg.norm([question, join, start, cat], axis=1), 1.0, atol=1e-5)
    # Both name a thread, only one waits; a cat is about nothing asked.
    assert question @ join > question @ start + 0.05
    assert question @ start > question @ cat + 0.3


def test_texts_are_batched_by_their_own_length(encoder: Encoder) -> None:
    """tokenizer.json pads to 128 tokens; measured so, every text had one length, batches mixed short and
    long texts, and a build embedded at half speed."""
    lengths = [len(encoding.ids) for encoding in encoder.tokenizer.encode_batch(["sort", "sort a list of numbers"])]
    assert lengths == [3, 7]


def test_padding_in_a_batch_changes_no_vector(encoder: Encoder) -> None:
    """Texts are batched by length and padded: a short text beside long ones must come out as it does alone."""
    short = "reverse a list"
    long = " ".join(["the quick brown fox jumps over the lazy dog"] * 8)
    alone = encoder.encode([short])[0]
    batched = encoder.encode([long, short, long + " again"])[1]
    assert np.abs(alone - batched).max() < 1e-5


def test_threads_encoding_at_once_get_what_each_would_alone(encoder: Encoder) -> None:
    """The web app embeds questions on several threads at once with one encoder: nothing may be shared
    state that one thread changes under another (the tokenizer's padding once was)."""
    texts = ["open a file", "wait until a thread is done and then " * 6, "sort", "a " * 60 + "list"]
    alone = encoder.encode(texts)
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda _: encoder.encode(texts), range(12)))
    for batch in together:
        assert np.abs(batch - alone).max() < 1e-5


@pytest.fixture(scope="module")
def question_encoder() -> QuestionEncoder:
    return QuestionEncoder()


def test_a_question_is_encoded_as_the_documents_were(encoder: Encoder, question_encoder: QuestionEncoder) -> None:
    """Questions go through onnxruntime, documents through numpy at build time: one model, one space. Past 128
    tokens both cut the text; accents, a lone letter and an empty string alike."""
    texts = ["wait until a thread is done", "a " * 300 + "list", "résumé naïve café ñ", "x", "", "str.join()"]
    onnx, numpy = question_encoder.encode(texts), encoder.encode(texts)
    assert onnx.shape == (len(texts), DIMENSIONS) and onnx.dtype == np.float32
    assert np.abs(onnx - numpy).max() < 1e-5
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)


def test_questions_encoded_on_threads_at_once_are_each_their_own(question_encoder: QuestionEncoder) -> None:
    texts = ["open a file", "sort", "wait until a thread is done and then " * 6]
    alone = question_encoder.encode(texts)
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda _: question_encoder.encode(texts), range(12)))
    assert all(np.abs(batch - alone).max() < 1e-6 for batch in together)


@pytest.mark.parametrize("make", [QuestionEncoder, Encoder], ids=["questions", "documents"])
def test_a_model_zip_that_is_cut_short_or_lacks_a_file_is_one_clear_error(tmp_path: Path, make: type) -> None:
    cut = tmp_path / "cut.zip"
    cut.write_bytes(model_zip_path().read_bytes()[:4096])
    with pytest.raises(EncoderError, match="cannot be read"):
        make(cut)
    lacking = tmp_path / "lacking.zip"
    with zipfile.ZipFile(model_zip_path()) as real, zipfile.ZipFile(lacking, "w") as fake:
        fake.writestr("model.safetensors", real.read("model.safetensors"))
    with pytest.raises(EncoderError, match="tokenizer.json"):
        make(lacking)


def test_4_bit_vectors_keep_their_direction(encoder: Encoder) -> None:
    vector = encoder.encode(["measure how long some code takes"])[0]
    scale, packed = quantize(vector)
    assert len(packed) == DIMENSIONS // 2
    restored = dequantize(scale, packed)
    assert float(restored @ vector) / float(np.linalg.norm(restored)) > 0.98


def test_the_embedded_text_is_heading_sentence_and_place() -> None:
    assert embedded_text("list.reverse", "", "Built-in Types", "Reverse the items.") == (
        "list.reverse: Reverse the items. (Built-in Types)"
    )
    assert embedded_text("x", "Reading files", "Tutorial", "") == "Reading files (Tutorial)"


def test_cached_vectors_are_reused_and_equal_to_fresh_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "vectors.db"
    texts = ["open a file", "close a socket", "open a file"]
    fresh = vectors_for(texts, cache=cache, shipped=None)
    assert fresh[0] == fresh[2]
    with sqlite3.connect(cache) as connection:
        assert connection.execute("SELECT count(*) FROM vectors").fetchone() == (2,)

    def no_model() -> None:
        raise AssertionError("the model ran although every text was cached")

    monkeypatch.setattr(vectors, "Encoder", no_model)
    assert vectors_for(texts, cache=cache, shipped=None) == fresh


def test_a_docs_db_lends_its_vectors_to_the_next_build(mini_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild of what the shipped docs.db was built from embeds nothing: its vectors are reused."""
    with sqlite3.connect(mini_db) as connection:
        rows = connection.execute(
            """SELECT e.name, d.title, d.breadcrumb, d.summary, v.scale, v.vector FROM document_vectors AS v
               JOIN documents AS d ON d.id = v.document_id JOIN entries AS e ON e.id = d.entry_id"""
        ).fetchall()
    texts = [embedded_text(*row[:4]) for row in rows]
    monkeypatch.setattr(vectors, "Encoder", lambda: pytest.fail("the model ran for texts the docs.db holds"))
    assert vectors_for(texts, cache=None, shipped=mini_db) == [(row[4], row[5]) for row in rows]


def test_an_unreadable_cache_only_costs_time(tmp_path: Path) -> None:
    cache = tmp_path / "vectors.db"
    cache.write_bytes(b"this is not a database")
    assert vectors_for(["open a file"], cache=cache, shipped=None) == vectors_for(
        ["open a file"], cache=None, shipped=None
    )
