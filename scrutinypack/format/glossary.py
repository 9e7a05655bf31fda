"""glossary.yaml: the words of council finance the site explains, each with its meaning."""

from __future__ import annotations

from .fields import TEXT, Choice, Field, Kind, Shape

GLOSSARY = Kind(
    "glossary",
    "glossary.yaml",
    "The words of council finance the site explains: a list of terms, each with its meaning. An entry "
    "whose term (or alias) is one of scrutinypack's own replaces that entry.",
    (
        Field(
            "term",
            TEXT,
            "The word or phrase, e.g. DSG. Case does not matter, and a space matches a hyphen.",
            example="DSG",
            required=True,
        ),
        Field(
            "aliases",
            Shape(
                "list of texts",
                fragment={
                    "anyOf": [
                        {"type": ["string", "number", "boolean"]},
                        {"type": ["array", "null"], "items": {"type": ["string", "number", "boolean"]}},
                    ]
                },
            ),
            "Other ways the papers write it, e.g. [Dedicated Schools Grant].",
            example="[Dedicated Schools Grant]",
        ),
        Field(
            "definition",
            Shape(
                "Markdown",
                fragment={
                    "allOf": [
                        {"$ref": "#/definitions/markdown"},
                        {"type": ["string", "number", "boolean"], "minLength": 1},
                    ]
                },
            ),
            "What it means, in plain words and Markdown.",
            required=True,
            example="The Dedicated Schools Grant: money for schools.",
        ),
        Field(
            "mark",
            Choice("choice", options=("all", "aliases", "none")),
            "Which of its words are marked on pages: all (the default), aliases (for a word with an "
            "everyday meaning too) or none (shown only on the glossary page).",
            example="aliases",
        ),
    ),
    title="glossary.yaml",
    many=True,
)
