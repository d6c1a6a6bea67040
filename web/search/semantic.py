"""Questions by meaning: the documents whose sentence vectors lie nearest a question's.

"wait until a thread is done" shares no word with `Thread.join`'s "Wait until the thread
terminates" but "wait": words alone rank a dozen other waits above it. The sentence model
(parser/encoder.py) puts the two close. Each worker holds every document's vector (loaded from
`document_vectors` at startup, whichever backend) and compares a question's with them by brute
force (web/search/similarity.py): 58k × 384 multiply-adds, a millisecond, no index to build or keep in step.

What comes out is a list of candidate documents with their cosine similarity; the answer statement
(web/search/dialects/answers.py) adds them to its candidates and weighs the similarity beside the
words, so filters, paging and totals stay one SQL statement's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from parser.encoder import EncoderError
from parser.vectors import PACKED_BYTES, unpack_nibbles
from web.search.database import Database, DatabaseError
from web.search.ranking import SEMANTIC_CANDIDATES

if TYPE_CHECKING:
    from parser.question_encoder import QuestionEncoder
    from web.search.similarity import QuantizedVectors


@dataclass(frozen=True, slots=True)
class Nearest:
    """A question's nearest documents in the versions searched: ids and cosine similarities, most similar first; `floor`
    is the similarity of the last one, what "nearer than the rest" is measured from."""

    documents: tuple[int, ...]
    similarities: tuple[float, ...]

    @property
    def floor(self) -> float:
        return self.similarities[-1] if self.similarities else 0.0


NOTHING_NEAR = Nearest((), ())


class TextEncoder(Protocol):
    """What turns a question into its unit vector: parser/question_encoder.py's (a test may give encoder.py's)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class SemanticIndex:
    """Every document's vector, and which rows each version holds."""

    def __init__(
        self,
        encoder: TextEncoder,
        documents: np.ndarray,
        vectors: QuantizedVectors,
        rows_by_position: dict[int, np.ndarray],
    ) -> None:
        self.encoder = encoder
        self.documents = documents  # document id of each row
        self.vectors = vectors
        self.rows_by_position = rows_by_position
        self._scope_rows: dict[tuple[int, ...], np.ndarray] = {}

    @classmethod
    async def load(cls, database: Database, encoder: TextEncoder | None = None) -> SemanticIndex:
        """Read the vectors of `database` (raises DatabaseError when it has none of this model's)."""
        # Imported here: onnx and onnxruntime take a second to import, which words alone never need.
        from web.search.similarity import QuantizedVectors

        stored = await database.stored_vectors()
        count = len(stored.vectors)
        documents = np.fromiter((row[0] for row in stored.vectors), dtype=np.int64, count=count)
        scales = np.fromiter((row[1] for row in stored.vectors), dtype=np.float32, count=count)
        packed = np.frombuffer(b"".join(row[2] for row in stored.vectors), dtype=np.uint8)
        placed = np.array(stored.placed, dtype=np.int64).reshape(-1, 2)
        positions, placed_documents = placed[:, 0], placed[:, 1]
        rows = np.searchsorted(documents, placed_documents)
        stray = (rows >= count) | (documents[np.minimum(rows, count - 1)] != placed_documents) if count else rows >= 0
        if stray.any():
            raise DatabaseError(
                f"{int(stray.sum())} documents of the index have no sentence vector; rebuild docs.db "
                "(`make build-index`) and load it again"
            )
        rows_by_position = {int(position): np.unique(rows[positions == position]) for position in np.unique(positions)}
        try:
            vectors = QuantizedVectors(unpack_nibbles(packed.reshape(count, PACKED_BYTES)), scales)
            return cls(encoder or shared_encoder(), documents, vectors, rows_by_position)
        except EncoderError as error:
            raise DatabaseError(str(error)) from error

    def nearest(self, text: str, *, positions: tuple[int, ...], limit: int = SEMANTIC_CANDIDATES) -> Nearest:
        """The `limit` documents of the versions at `positions` (a search's scope) nearest `text` in meaning."""
        rows = self.rows_of(positions)
        if not len(rows):
            return NOTHING_NEAR
        query = self.encoder.encode([text])[0]
        # Every row at once, then the scope's: gathering its rows first would copy them.
        similarities = self.vectors.similarities(query)[rows]
        count = min(limit, len(rows))
        best = np.argpartition(-similarities, count - 1)[:count]
        # The candidates in order of similarity, equal ones by document id: the same list for the same question.
        order = best[np.lexsort((self.documents[rows[best]], -similarities[best]))]
        return Nearest(
            documents=tuple(int(document) for document in self.documents[rows[order]]),
            similarities=tuple(round(float(similarity), 4) for similarity in similarities[order]),
        )

    def rows_of(self, positions: tuple[int, ...]) -> np.ndarray:
        """The rows of a scope's versions, worked out once a scope: sorting 58,000 of them for every question
        cost more than the model (bench: the model alone 19 ms with it)."""
        rows = self._scope_rows.get(positions)
        if rows is None:
            held = [self.rows_by_position[position] for position in positions if position in self.rows_by_position]
            rows = np.unique(np.concatenate(held)) if held else np.empty(0, dtype=np.int64)
            if len(self._scope_rows) >= SCOPES_KEPT:
                self._scope_rows.clear()  # a few scopes are ever in use; a flood of others starts over
            self._scope_rows[positions] = rows
        return rows


# Scopes whose rows are kept (Python's versions, each with all libraries or a few chosen).
SCOPES_KEPT = 64

_ENCODER: QuestionEncoder | None = None


def shared_encoder() -> QuestionEncoder:
    """One encoder a process: its weights take 87 MiB, and tests open many services."""
    global _ENCODER
    if _ENCODER is None:
        # Imported here: onnx and onnxruntime take a second to import, which words alone never need.
        from parser.question_encoder import QuestionEncoder

        _ENCODER = QuestionEncoder()
    return _ENCODER
