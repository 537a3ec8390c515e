"""YAML with line numbers: every error can say `file:line`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

# libyaml when installed (several times faster than the pure-Python loader)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Located:
    """Parsed YAML plus the 1-based line of every key and list item, by path."""

    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    offset: int = 0

    def line(self, *path: Any) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1) + self.offset


def _walk(node: yaml.Node, path: tuple, lines: dict[tuple, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (key.value,)
            lines[child] = key.start_mark.line + 1
            _walk(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = path + (index,)
            lines[child] = item.start_mark.line + 1
            _walk(item, child, lines)


def load_yaml(text: str, offset: int = 0) -> Located:
    """`offset` is the number of lines before `text` in its file."""
    loader = _Loader(text)
    try:
        # one pass: compose the node tree (for the lines), then build the data from it
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = (mark.line + 1 if mark else 1) + offset
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FrontMatterError(line, f"YAML: {problem}") from None
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return Located(data, lines, offset)


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, line of the body's first line - 1). Raises when missing."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "front matter missing: the file must start with a '---' line")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 1
    raise FrontMatterError(1, "front matter not closed: add a '---' line after it")
