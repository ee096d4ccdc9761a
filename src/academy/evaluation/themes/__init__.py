"""Themes in free-text answers: `engine` finds them (pure functions over texts and vectors), `embeddings`
encodes answers once with all-MiniLM-L6-v2, and `runner` runs the engine over stored answers and keeps the
result through the theme services (`evaluation/services/themes.py`)."""
