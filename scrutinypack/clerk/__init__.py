"""The clerk's tools, on top of the build: the live preview (preview.py, overlay.py), a new
site or proposal (scaffold.py, yamltext.py) and publishing (publishing.py)."""
