"""Read the glossary: the shipped default and a clerk's ``glossary.yaml`` over it."""

from __future__ import annotations

from functools import lru_cache

from ..glossary import DEFAULT, FIELDS, MARKS, MAX_PHRASE, Glossary, Term, phrase_key
from ..problems import Problem
from .reader import Reader
from .yamldoc import Node, read_yaml


def read_terms(data: Node, rel: str) -> tuple[list[Term], list[Problem]]:
    """A glossary file: a list of ``{term, aliases, definition}``; problems name the line."""
    r = Reader(rel)
    entries = r.sequence(data, getattr(data, "line", 1), "the glossary")
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        e = r.mapping(entry, entries.line_of(index), "a glossary entry", FIELDS, ("term", "definition"))
        if e is None or not (text := r.text(e, "term")) or not (definition := r.text(e, "definition")):
            continue
        term = Term(
            text,
            definition,
            tuple(r.string_list(e, "aliases")),
            r.choice(e, "mark", MARKS, "all"),
            rel,
            e.line,
        )
        for phrase in term.phrases:
            line = e.line_of("aliases" if phrase != term.term else "term")
            if len(phrase) > MAX_PHRASE:
                r.problem(
                    line,
                    "invalid-value",
                    f"'{phrase[:40]}…' is {len(phrase):,} characters long: a term or alias "
                    f"is a word or a phrase of at most {MAX_PHRASE}; put the rest in 'definition'",
                )
            key = phrase_key(phrase)
            if key in seen:
                r.problem(
                    line,
                    "duplicate-term",
                    f"'{phrase}' is already in the glossary on line {seen[key]}: keep one",
                )
            seen[key] = e.line
        terms.append(term)
    return terms, r.problems


@lru_cache(maxsize=1)
def default_terms() -> tuple[Term, ...]:
    """The shipped glossary (a mistake in it is ours: it fails loudly, in the tests)."""
    data, problems = read_yaml(DEFAULT.read_text(encoding="utf-8"), DEFAULT.name)
    terms, found = read_terms(data, DEFAULT.name)
    if problems or found:
        raise ValueError("; ".join(p.as_text() for p in problems + found))
    return tuple(terms)


def combine(own: list[Term], file: str = "") -> Glossary:
    """The default with the clerk's entries over it: a term or alias the clerk defines is
    taken from the default entry that had it (the whole entry when it was its term)."""
    claimed = {phrase_key(phrase) for term in own for phrase in term.phrases}
    terms = list(own)
    for term in default_terms():
        if phrase_key(term.term) in claimed:
            continue
        aliases = tuple(a for a in term.aliases if phrase_key(a) not in claimed)
        terms.append(Term(term.term, term.definition, aliases, term.mark, term.file, term.line))
    return Glossary(sorted(terms, key=lambda t: t.term.lower()), file)
