"""Getting papers in: each reader turns one format into the document model; a map turns
documents into records; the writer puts them into the content folder, keeping clerks' edits.

```
readers/ (text, docx, pdf, sheet) ──▶ document.Document ──maps──▶ records ──write──▶ content/
```

A reader knows one format and nothing of maps; a map knows labels and fields and nothing of
formats; the writer knows files and nothing of either.
"""
