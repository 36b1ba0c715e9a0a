"""Tracebacks as logged: where each exception was raised, never what its frames' variables held."""

import sys
import traceback
from typing import NamedTuple

from structlog.typing import EventDict, Processor, WrappedLogger

from {{ cookiecutter.package_name }}.shared.redaction import MAX_STRING_CHARS, cut

# The bounds of a traceback: exceptions in the chain, frames of each.
MAX_EXCEPTIONS = 5
MAX_FRAMES = 20
# Of those, the innermost always; the rest are the application's own frames (not the libraries').
INNERMOST_FRAMES = 5


class Frame(NamedTuple):
    """One frame of a traceback, as logged: where, never what its variables held."""

    module: str
    lineno: int
    name: str

    @property
    def package(self) -> str:
        return self.module.partition(".")[0]


def _exception_of(exc_info: object) -> BaseException | None:
    if isinstance(exc_info, BaseException):
        return exc_info
    if isinstance(exc_info, tuple) and len(exc_info) == 3:  # noqa: PLR2004 - (type, value, tb)
        error = exc_info[1]
        return error if isinstance(error, BaseException) else None
    return sys.exc_info()[1] if exc_info else None


def _message(error: BaseException) -> str:
    try:
        return cut(str(error), MAX_STRING_CHARS, keep_end=False)
    except Exception:  # an exception whose str() fails is still logged
        return "[message unavailable]"


def _type_name(error: BaseException) -> str:
    kind = type(error)
    if kind.__module__ == "builtins":
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def _frames(error: BaseException, own_packages: frozenset[str]) -> tuple[list[Frame], int]:
    """The innermost frames, and the application's own before them; how many were left out."""
    frames = [
        Frame(str(frame.f_globals.get("__name__", "?")), lineno, frame.f_code.co_qualname)
        for frame, lineno in traceback.walk_tb(error.__traceback__)
    ]
    if len(frames) <= MAX_FRAMES:
        return frames, 0
    inner = frames[-INNERMOST_FRAMES:]
    own = [frame for frame in frames[:-INNERMOST_FRAMES] if frame.package in own_packages]
    kept = own[-(MAX_FRAMES - INNERMOST_FRAMES) :] + inner
    return kept, len(frames) - len(kept)


def exception_stacks(
    error: BaseException, own_packages: frozenset[str] = frozenset()
) -> list[dict[str, object]]:
    """The exception, then what caused it (or was being handled), then a group's members."""
    stacks: list[dict[str, object]] = []
    seen: set[int] = set()
    pending: list[tuple[BaseException, str]] = [(error, "raised")]
    while pending and len(stacks) < MAX_EXCEPTIONS:
        current, relation = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        frames, omitted = _frames(current, own_packages)
        stacks.append(
            {
                "exc_type": _type_name(current),
                "exc_value": _message(current),
                "relation": relation,
                "frames": [frame._asdict() for frame in frames],
                "frames_omitted": omitted,
            }
        )
        if current.__cause__ is not None:
            pending.append((current.__cause__, "cause"))
        elif current.__context__ is not None and not current.__suppress_context__:
            pending.append((current.__context__, "handling"))
        if isinstance(current, BaseExceptionGroup):
            pending.extend((member, "group member") for member in current.exceptions)
    return stacks


HEADINGS = {
    "raised": "Traceback (most recent call last):",
    "cause": "Caused by (most recent call last):",
    "handling": "Raised while handling (most recent call last):",
    "group member": "In the group (most recent call last):",
}


def _as_text(stacks: list[dict[str, object]]) -> str:
    """The stacks as a plain traceback: the exception first, then what led to it."""
    parts: list[str] = []
    for stack in stacks:
        lines = [HEADINGS.get(str(stack["relation"]), "")]
        frames = stack["frames"]
        lines.extend(
            f"  {frame['module']}, line {frame['lineno']}, in {frame['name']}"
            for frame in (frames if isinstance(frames, list) else [])
        )
        if stack["frames_omitted"]:
            lines.append(f"  ({stack['frames_omitted']} library frames left out)")
        lines.append(f"{stack['exc_type']}: {stack['exc_value']}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def render_exceptions(json_output: bool, own_packages: frozenset[str] = frozenset()) -> Processor:
    """Turn ``exc_info`` into bounded stacks (JSON) or a bounded plain traceback (console)."""

    def render(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
        error = _exception_of(event_dict.pop("exc_info", None))
        if error is not None:
            stacks = exception_stacks(error, own_packages)
            event_dict["exception"] = stacks if json_output else _as_text(stacks)
        return event_dict

    return render
