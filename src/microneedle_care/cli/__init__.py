"""The ``microneedle-care`` command. The only package that prints or picks exit codes.

Exit codes: 0 on success; 1 when ``validate`` finds problems in a content pack, ``diff``
finds a difference patients would see, ``check`` finds something to fix, or ``batch`` skips
a bad row; 2 for bad
input (an unknown id or format, a bad date, a file that cannot be read or written,
standard output that cannot be written), with one line on standard error and never a
traceback; 130 when interrupted (Ctrl-C).

Each subcommand's options sit next to its handler: ``cli/content.py`` (list, show,
summary, export, export-fhir, diff, validate, approve), ``cli/patient.py`` (checklist,
schedule, check-in), ``cli/batch.py`` (batch) and ``cli/text.py`` (check). Options
several share are declared once, in ``cli/_options.py``; every write goes through
``cli/_output.py``.

.. versionchanged:: 0.6.0 A package rather than one module; ``microneedle_care.cli:main``
   is unchanged.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeAlias

from ..errors import ContentError, MicroneedleCareError
from ._options import Command, _Parser
from ._output import (
    PROG,
    _degrade_encoding,
    _error,
    _OutputError,
    _print,
    _silence_stdout,
    _UsageError,
)

if TYPE_CHECKING:
    from . import batch as batch
    from . import content as content
    from . import patient as patient
    from . import text as text

    # Names tests and tools import from ``microneedle_care.cli``, from before it was a
    # package; served by __getattr__ below.
    from .batch import _OUTPUT_KINDS as _OUTPUT_KINDS
    from .text import _read_text as _read_text


__all__ = ["main"]

_HOMES: dict[str, str] = {
    "checklist": "patient",
    "list": "content",
    "show": "content",
    "validate": "content",
    "check": "text",
    "summary": "content",
    "export": "content",
    "export-fhir": "content",
    "approve": "content",
    "schedule": "patient",
    "batch": "batch",
    "check-in": "patient",
    "diff": "content",
}
"""Each subcommand, in the order ``--help`` lists them, and the module that declares it.

A command imports only its own module (and what that imports): ``checklist`` never
loads the content commands' module. tests/test_cli.py holds this to the modules' own
``COMMANDS``.
"""

_ORDER = tuple(_HOMES)
"""The subcommands in the order ``--help`` lists them."""


def _module(home: str) -> ModuleType:
    """Return command module *home*, imported on first use."""
    if home == "patient":
        from . import patient

        return patient
    if home == "content":
        from . import content

        return content
    if home == "batch":
        from . import batch

        return batch
    from . import text

    return text


def _spec(name: str) -> Command:
    """Return subcommand *name*: how to declare its options, and its handler."""
    commands: dict[str, Command] = _module(_HOMES[name]).COMMANDS
    return commands[name]


_Handler: TypeAlias = Callable[[argparse.Namespace], int]


class _Registry(MutableMapping[str, _Handler]):
    """The command registry: each subcommand's handler, by name; ``main`` looks it up here.

    A handler's module is imported when the handler is looked up, so one command loads no
    other command's module. Setting an entry (tests do) replaces that command's handler;
    deleting it restores the module's own.
    """

    def __init__(self) -> None:
        self._replaced: dict[str, _Handler] = {}

    def __getitem__(self, name: str) -> _Handler:
        if name in self._replaced:
            return self._replaced[name]
        return _spec(name).run  # an unknown name is a KeyError, from _HOMES

    def __setitem__(self, name: str, handler: _Handler) -> None:
        _spec(name)  # only a subcommand's handler: an unknown name is a KeyError
        self._replaced[name] = handler

    def __delitem__(self, name: str) -> None:
        del self._replaced[name]

    def __iter__(self) -> Iterator[str]:
        return iter(_ORDER)

    def __len__(self) -> int:
        return len(_ORDER)


_COMMANDS = _Registry()
"""The command registry: each subcommand's handler, by name; ``main`` looks it up here."""

_OLD_NAMES = {"_OUTPUT_KINDS": "batch", "_read_text": "text"}


def __getattr__(name: str) -> Any:
    if name in ("batch", "content", "patient", "text"):
        # Not _module: its "from . import" asks this function first, and would loop.
        from importlib import import_module

        return import_module(f".{name}", __name__)
    if name in _OLD_NAMES:
        return getattr(_module(_OLD_NAMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """Return the command's parser: every subcommand, or only *command*'s.

    ``main`` asks for one subcommand when the arguments start with its name: argparse
    then hands every later argument to that subcommand, so the others could never be
    used, and declaring their options took a tenth of a cold start. Its help, errors and
    exit codes are those of the full parser (tests/test_cli.py compares them).
    """
    parser = _Parser(
        prog=PROG,
        description=(
            "Evidence-informed aftercare about breakouts after microneedling:"
            " most timings are clinic practice, not study results."
        ),
        epilog="Run 'microneedle-care COMMAND --help' for a command's options.",
    )
    parser.add_argument(
        "--version", action="store_true", help="print the package and content versions"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in _ORDER if command is None else (command,):
        _spec(name).add(commands)
    return parser


def _version() -> int:
    from .. import __version__
    from ..loading import load

    _print(f"{PROG} {__version__} (content {load().content_version})")
    return 0


def _one_line(exc: Exception) -> str:
    """Say what went wrong in one line; a pack with several problems lists them after it."""
    if isinstance(exc, ContentError):
        if len(exc.problems) == 1:
            return f"{exc.source}: {exc.problems[0]}"
        return str(exc)  # every problem, each on its own line, as validate prints them
    return str(exc)


def _check_decoded(argv: Sequence[str]) -> None:
    """Refuse arguments the locale could not decode (attack report L20).

    With ``PYTHONUTF8=0 LC_ALL=C`` Python decodes ``é`` in an argument to two lone
    surrogates; a clinic name then failed as a "control character",
    which blamed the text instead of the locale.
    """
    for value in argv:
        if any("\udc80" <= char <= "\udcff" for char in value):
            shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise _UsageError(
                f"the argument {shown!r} is not text in this locale's encoding"
                f" ({sys.getfilesystemencoding()}): use a UTF-8 locale, such as LC_ALL=C.UTF-8"
            )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code."""
    _degrade_encoding()
    try:
        arguments = sys.argv[1:] if argv is None else argv
        first = arguments[0] if len(arguments) else None
        parser = _parser(first if isinstance(first, str) and first in _HOMES else None)
        _check_decoded(arguments)
        args = parser.parse_args(argv)
        if args.version:
            code = _version()
        elif args.command is None:
            parser.print_help(sys.stderr)
            return 2
        else:
            code = _COMMANDS[args.command](args)
        if sys.stdout is not None:
            sys.stdout.flush()  # so a full disk or closed pipe is reported here, not at exit
        return code
    except (_UsageError, _OutputError, MicroneedleCareError) as exc:
        _error(_one_line(exc))
        return 2
    except BrokenPipeError:
        # The reader went away (for example `| head`); that is not an error of ours.
        _silence_stdout()
        return 0
    except OSError as exc:  # writing to standard output failed (a full disk, /dev/full)
        _silence_stdout()
        _error(f"cannot write to standard output: {exc.strerror or exc}")
        return 2
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
