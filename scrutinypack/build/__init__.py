"""The build: which outputs are stale (state.py), render them through the output registry
(outputs.py), and write the site whole (staging.py)."""
