"""Each document's sentence vector: what a question is compared with by meaning (web/search/semantic.py).

The text embedded is short on purpose: the entry's name or heading, its first sentence and where it
sits (the breadcrumb). Measured on questions, adding the body text helped the model alone and hurt it
beside the lexical ranking, which reads the body already.

Vectors are stored as 4-bit integers (−7…7, two to a byte) with one float scale each: 192 bytes + 4,
an eighth of float32, so that ten libraries' docs fit in docs.db beside Python's. Measured against the
int8 vectors before them on 120 questions: 95% of the 100 nearest and 94% of the 10 nearest the same,
similarities 0.005 apart on average (an int8 build or cache is requantized as it is read).
Embedding is the slow part of a build (15 ms a text on two cores, BENCHMARKS.md), so vectors are
kept in a cache keyed by the text's digest (.cache/vectors.db), and the shipped docs.db lends its
own: a rebuild embeds only the texts that changed, and a rebuild of what the shipped file was built
from reuses all of them, so it matches it. A text embedded afresh can differ from the stored one in
its last float bits (BLAS sums a batch in its own order), rarely in a 4-bit step: the stored vectors win.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from pathlib import Path

import numpy as np
from tqdm import tqdm

from parser.encoder import BATCH, DIMENSIONS, MODEL_ID, Encoder

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "vectors.db"
# The committed docs.db holds the vectors of every text it was built from: on a fresh clone (CI), a
# rebuild of the same docs embeds nothing, and comes out byte for byte the shipped file.
SHIPPED = ROOT / "data" / "docs.db"
QUANTIZED_MAX = 7  # 4-bit values, −7…7 (−8 is left unused: the range stays symmetric)
PACKED_BYTES = DIMENSIONS // 2


def embedded_text(name: str, title: str, breadcrumb: str, summary: str) -> str:
    """What the model reads for one document: `heading: first sentence (where it is)`."""
    heading = title or name
    return f"{heading}: {summary} ({breadcrumb})" if summary else f"{heading} ({breadcrumb})"


def quantize(vector: np.ndarray) -> tuple[float, bytes]:
    """A unit vector as (scale, 192 bytes of 4-bit values): vector ≈ scale × values."""
    largest = float(np.abs(vector).max()) or 1.0
    # Five significant digits: a vector computed in another batch differs in its last float bits, and a
    # scale stored to the last bit would make the file differ where the 4-bit values do not.
    scale = float(f"{largest / QUANTIZED_MAX:.5g}")
    values = np.clip(np.round(vector / scale), -QUANTIZED_MAX, QUANTIZED_MAX).astype(np.int8)
    return scale, pack_nibbles(values)


def pack_nibbles(values: np.ndarray) -> bytes:
    """Signed 4-bit values (int8 in −8…7), two to a byte: the even-numbered one in the low half."""
    low, high = values[..., 0::2].astype(np.uint8) & 0xF, values[..., 1::2].astype(np.uint8) & 0xF
    return (low | (high << 4)).astype(np.uint8).tobytes()


def unpack_nibbles(packed: np.ndarray) -> np.ndarray:
    """pack_nibbles undone for an array of packed rows (uint8, …, 192) → int8 (…, 384)."""
    low, high = (packed & 0xF).astype(np.int8), (packed >> 4).astype(np.int8)
    values = np.empty((*packed.shape[:-1], packed.shape[-1] * 2), dtype=np.int8)
    values[..., 0::2] = np.where(low > QUANTIZED_MAX, low - 16, low)
    values[..., 1::2] = np.where(high > QUANTIZED_MAX, high - 16, high)
    return values


def dequantize(scale: float, packed: bytes) -> np.ndarray:
    return unpack_nibbles(np.frombuffer(packed, dtype=np.uint8)).astype(np.float32) * np.float32(scale)


def _current(scale: float, packed: bytes) -> tuple[float, bytes] | None:
    """A stored vector in today's form: an int8 one (an older build's, or cache's) requantized."""
    if len(packed) == PACKED_BYTES:
        return scale, packed
    if len(packed) == DIMENSIONS:
        return quantize(np.frombuffer(packed, dtype=np.int8).astype(np.float32) * np.float32(scale))
    return None


def vectors_for(
    texts: Sequence[str], *, cache: Path | None = CACHE, shipped: Path | None = SHIPPED, show_progress: bool = False
) -> list[tuple[float, bytes]]:
    """(scale, packed 4-bit values) for each text, in order: each distinct text embedded once, and not at all when the
    cache or the `shipped` docs.db has it already."""
    distinct = sorted(set(texts))
    found = _cached(cache, distinct) if cache is not None else {}
    if shipped is not None and len(found) < len(distinct):
        # The shipped file's vectors win over this machine's cache: a rebuild then matches it byte for byte.
        found = {**found, **_stored_in(shipped, distinct)}
    missing = [text for text in distinct if text not in found]
    if missing:
        encoder = Encoder()
        with tqdm(total=len(missing), desc="embedding", unit="text", disable=not show_progress) as progress:
            for start in range(0, len(missing), BATCH * 16):
                chunk = missing[start : start + BATCH * 16]
                computed = {text: quantize(vector) for text, vector in zip(chunk, encoder.encode(chunk), strict=True)}
                found.update(computed)
                if cache is not None:
                    _remember(cache, computed.items())
                progress.update(len(chunk))
    return [found[text] for text in texts]


def _digest(text: str) -> bytes:
    return hashlib.sha256(f"{MODEL_ID}\n{text}".encode()).digest()


def _open_cache(cache: Path) -> sqlite3.Connection:
    cache.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(cache)
    connection.execute(
        "CREATE TABLE IF NOT EXISTS vectors (digest BLOB PRIMARY KEY, scale REAL NOT NULL, vector BLOB NOT NULL)"
    )
    return connection


def _cached(cache: Path, texts: Sequence[str]) -> dict[str, tuple[float, bytes]]:
    try:
        with closing(_open_cache(cache)) as connection:
            found: dict[str, tuple[float, bytes]] = {}
            for text in texts:
                row = connection.execute(
                    "SELECT scale, vector FROM vectors WHERE digest = ?", (_digest(text),)
                ).fetchone()
                current = _current(float(row[0]), bytes(row[1])) if row is not None else None
                if current is not None:
                    found[text] = current
            return found
    except sqlite3.Error:
        return {}  # an unreadable cache only costs time


def _stored_in(database: Path, texts: Sequence[str]) -> dict[str, tuple[float, bytes]]:
    """The vectors a docs.db of this model holds, by their text (rebuilt from its rows as the writer does)."""
    wanted = set(texts)
    try:
        with closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            model = connection.execute("SELECT value FROM meta WHERE key = 'vector_model'").fetchone()
            if model is None or model[0] != MODEL_ID:
                return {}
            rows = connection.execute(
                """SELECT e.name, d.title, d.breadcrumb, d.summary, v.scale, v.vector
                   FROM document_vectors AS v JOIN documents AS d ON d.id = v.document_id
                   JOIN entries AS e ON e.id = d.entry_id"""
            )
            found = {}
            for name, title, breadcrumb, summary, scale, packed in rows:
                text = embedded_text(name, title, breadcrumb, summary)
                current = _current(float(scale), bytes(packed)) if text in wanted else None
                if current is not None:
                    found[text] = current
            return found
    except sqlite3.Error:
        return {}  # no shipped file, or an older one: the model computes them


def _remember(cache: Path, vectors: Iterable[tuple[str, tuple[float, bytes]]]) -> None:
    try:
        with closing(_open_cache(cache)) as connection, connection:
            connection.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(_digest(text), scale, packed) for text, (scale, packed) in vectors],
            )
    except sqlite3.Error:
        pass  # a read-only or full cache folder only costs time next build
