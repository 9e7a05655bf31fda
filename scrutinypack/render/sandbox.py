"""The environment a content folder's own templates run in: Jinja's immutable sandbox, narrowed
to what the default templates use.

Whoever may change the content may change its templates/, so an override is read like content,
not trusted like code. Jinja's sandbox refuses attributes that start with '_' (the way out of
every known escape: ``''.__class__``, ``cycler.__init__.__globals__``,
``self._TemplateReference__context``) and changing lists, dicts and sets. On top of it:

- only the filters and globals the default templates use are there (no ``range``, ``lipsum``,
  ``cycler``, ``joiner`` or ``dict``), and no attribute or item leads to a module, a class or a
  path, so no template can reach a function that reads or writes a file;
- text offers only methods that make no text longer (no ``format``, ``join``, ``center``…),
  and ``%`` does not format it;
- each render has a budget of work (steps of loops, calls, and text made), and no text, list or
  whole number made may grow past a size, so a template that would run for ever or fill the
  memory stops with a SecurityError (a ``template-error`` of its file and line) instead.
"""

from __future__ import annotations

import types
from contextvars import ContextVar
from pathlib import PurePath

from jinja2 import nodes, pass_context, pass_eval_context
from jinja2.compiler import CodeGenerator
from jinja2.environment import Template
from jinja2.exceptions import SecurityError
from jinja2.filters import do_join, do_replace
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

#: Jinja's own filters that the default templates use; scrutinypack's are added to them.
FILTERS = (
    "capitalize",
    "first",
    "join",
    "last",
    "length",
    "list",
    "lower",
    "map",
    "replace",
    "reverse",
    "selectattr",
    "sort",
    "sum",
    "unique",
)
#: The methods of text a template may call: none makes longer text than it was given.
TEXT_METHODS = frozenset(
    {
        "startswith",
        "endswith",
        "lower",
        "upper",
        "title",
        "capitalize",
        "casefold",
        "strip",
        "lstrip",
        "rstrip",
        "split",
        "rsplit",
        "splitlines",
        "partition",
        "rpartition",
        "count",
        "find",
        "rfind",
        "isdigit",
        "isalpha",
        "isalnum",
        "isspace",
        "islower",
        "isupper",
        "removeprefix",
        "removesuffix",
    }
)
#: The work a page may take: a step of a loop is one, a call (which costs some thirty times as
#: much) ten, and a thousand characters made one. The list of 1,000 proposals takes about 150,000.
MOST_WORK = 4_000_000
CALL = 10
#: The longest text or list a template may make (a page of 5,000 proposals is far shorter).
MOST_LENGTH = 32_000_000
#: The largest whole number a template may make, in bits.
MOST_BITS = 4096
#: The arithmetic the sandbox sees, to bound what it makes.
ARITHMETIC = frozenset({"+", "-", "*", "/", "//", "%", "**"})

_work: ContextVar[list[int]] = ContextVar("the work of a sandboxed render")


class Budgeted(Template):
    """A template whose render (with the templates it extends, includes and imports, and the
    macros it calls) has one budget of work."""

    def render(self, *args, **kwargs) -> str:
        token = _work.set([0])
        try:
            return super().render(*args, **kwargs)
        finally:
            _work.reset(token)


class _Measured(CodeGenerator):
    """Text joined with ``~`` is measured like the results of arithmetic and calls."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.measured(")
        super().visit_Concat(node, frame)
        self.write(")")


class SandboxedTemplates(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with the narrowing above; make_environment adds scrutinypack's
    own filters and globals."""

    template_class = Budgeted
    code_generator_class = _Measured
    intercepted_binops = ARITHMETIC

    def __init__(self, **options):
        super().__init__(**options)
        self.filters = {name: self.filters[name] for name in FILTERS} | {
            "join": _join,
            "replace": _replace,
            "sandbox_steps": _steps,
        }
        self.globals = {"namespace": Namespace}

    def _parse(self, source, name, filename):
        """Each loop goes step by step through the budget."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, "sandbox_steps", [], [], None, None, lineno=loop.iter.lineno)
        return tree.set_environment(self)

    def is_safe_attribute(self, obj, attr, value) -> bool:
        return super().is_safe_attribute(obj, attr, value) and _reachable(value)

    def is_safe_callable(self, obj) -> bool:
        if (
            isinstance(getattr(obj, "__self__", None), str)
            and getattr(obj, "__name__", "") not in TEXT_METHODS
        ):
            return False
        return super().is_safe_callable(obj)

    def getitem(self, obj, argument):
        value = super().getitem(obj, argument)
        return value if _reachable(value) else self.unsafe_undefined(obj, str(argument))

    def call(self, context, obj, /, *args, **kwargs):
        _spend(CALL)
        if not self.is_safe_callable(obj):
            raise SecurityError(f"{obj!r} cannot be called from a template of the content folder")
        if isinstance(obj, LoopContext) and args:  # a recursive loop's next level: steps too
            args = (_counted(args[0]), *args[1:])
        return measured(super().call(context, obj, *args, **kwargs))

    def call_binop(self, context, operator, left, right):
        if operator == "%" and isinstance(left, str):
            raise SecurityError("'%' does not format text in a template of the content folder")
        _before(operator, left, right)
        return measured(super().call_binop(context, operator, left, right))

    @staticmethod
    def measured(value):  # what _Measured's code calls
        return measured(value)


def own_functions(module: types.ModuleType) -> types.SimpleNamespace:
    """A module as sandboxed templates see it: its own public functions, nothing it imports."""
    return types.SimpleNamespace(
        **{
            name: value
            for name, value in vars(module).items()
            if isinstance(value, types.FunctionType)
            and not name.startswith("_")
            and value.__module__ == module.__name__
        }
    )


def _reachable(value) -> bool:
    return not isinstance(value, (types.ModuleType, type, PurePath))


def _spend(units: int) -> None:
    box = _work.get(None)
    if box is None:  # a template used without render() (a module's attribute): a budget of its own
        box = [0]
        _work.set(box)
    box[0] += units
    if box[0] > MOST_WORK:
        raise SecurityError(
            f"this template does more work than a page may ({MOST_WORK:,} steps of "
            "loops, calls and text made): look for a loop in a loop, or a macro that "
            "calls itself"
        )


def measured(value):
    """``value``, once it is known to be no larger than a template may make."""
    if isinstance(value, int) and value.bit_length() > MOST_BITS:
        raise SecurityError(f"a template of the content folder made a number of more than {MOST_BITS} bits")
    if isinstance(value, (str, list, tuple)):
        if len(value) > MOST_LENGTH:
            raise SecurityError(
                f"a template of the content folder made a text or list longer than {MOST_LENGTH:,}"
            )
        _spend(len(value) // 1000)
    return value


def _before(operator: str, left, right) -> None:
    """Refuse a product or a power too large to be made at all (it could not be measured after)."""
    if _too_large(operator, left, right):
        raise SecurityError(
            f"a template of the content folder asked for a number or text too large "
            f"to make ({left!r:.40} {operator} {right!r:.40})"
        )


def _too_large(operator: str, left, right) -> bool:
    if operator == "**":
        return (
            isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and left.bit_length() * right > MOST_BITS
        )
    if operator != "*":
        return False
    if isinstance(left, int) and isinstance(right, int):
        return left.bit_length() + right.bit_length() > MOST_BITS
    return any(
        isinstance(times, int)
        and isinstance(sequence, (str, list, tuple))
        and len(sequence) * times > MOST_LENGTH
        for times, sequence in ((left, right), (right, left))
    )


def _counted(iterable):
    for item in iterable:
        _spend(1)
        yield item


@pass_context  # never run while a template is compiled, even on a constant
def _steps(_context, iterable):
    return _counted(iterable)


@pass_eval_context
def _join(eval_ctx, value, d: str = "", attribute=None):
    items = list(value)
    if len(str(d)) * len(items) > MOST_LENGTH:
        raise SecurityError(f"a template of the content folder joined text longer than {MOST_LENGTH:,}")
    return measured(do_join(eval_ctx, items, d, attribute))


@pass_eval_context
def _replace(eval_ctx, s, old, new, count=None):
    text, old, new = str(s), str(old), str(new)
    grows = max(len(new) * 6 - len(old), 0)  # 6: the most an escaped character can take
    if len(text) + (text.count(old) if count is None else count) * grows > MOST_LENGTH:
        raise SecurityError(f"a template of the content folder made text longer than {MOST_LENGTH:,}")
    return measured(do_replace(eval_ctx, s, old, new, count))
