"""The benchmark: synthetic content (generate.py), Markdown copies of it for Hugo and MkDocs
(mirror.py), and one command that builds all three and measures them (run.py)."""
