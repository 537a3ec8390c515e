"""Markdown: safe HTML rendering (raw HTML off, only http/https/mailto links) and the
document structure (sections, blocks, tables) that decks and validation use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from app.content.course import Block

SAFE_LINK = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)


def _validate_link(url: str) -> bool:
    return bool(SAFE_LINK.match(url.strip()))


def _parser() -> MarkdownIt:
    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = _validate_link
    md.use(container_plugin, "notes")
    return md


_MD = _parser()


def _notes_renderer(label: str):
    def render(self, tokens, idx, options, env):
        if tokens[idx].nesting == 1:
            return f'<aside class="notes" data-label="{escape(label)}">\n'
        return "</aside>\n"

    return render


@lru_cache(maxsize=256)
def render_html(markdown: str, show_notes: bool = False, notes_label: str = "Trainer notes") -> str:
    """HTML for a page. Raw HTML is escaped; unsafe links stay text; notes only if shown.
    Cached: the same course text is rendered on every visit of a module page."""
    md = _parser()
    md.add_render_rule("container_notes_open", _notes_renderer(notes_label))
    md.add_render_rule("container_notes_close", _notes_renderer(notes_label))
    tokens = md.parse(markdown)
    if not show_notes:
        tokens = _without_notes(tokens)
    return md.renderer.render(tokens, md.options, {})


def _without_notes(tokens: list[Token]) -> list[Token]:
    kept, depth = [], 0
    for token in tokens:
        if token.type == "container_notes_open":
            depth += 1
        elif token.type == "container_notes_close":
            depth -= 1
        elif depth == 0:
            kept.append(token)
    return kept


def plain_text(inline: Token | None) -> str:
    """The words of an inline token without Markdown marks."""
    if inline is None:
        return ""
    if not inline.children:
        return inline.content
    parts = []
    for child in inline.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


@dataclass
class RawSection:
    title: str
    level: int
    line: int  # 1-based within the body
    blocks: list[Block]
    tables: list[tuple[int, list[tuple[int, list[str]]]]]  # (line, [(row line, cells)])
    bullets: list[tuple[int, str, int]]  # (line, text, heading line) outside notes


@lru_cache(maxsize=128)
def _tokens(markdown: str) -> tuple[Token, ...]:
    """Parsed once per text: a library build reads each body for its module and again for the
    translation check (tokens are only read, never changed)."""
    return tuple(_MD.parse(markdown))


def sections(markdown: str) -> list[RawSection]:
    """Split at `#`/`##` headings; everything before the first one is a section titled ''."""
    tokens = _tokens(markdown)
    lines = markdown.splitlines()
    result = [RawSection("", 1, 1, [], [], [])]
    heading_line = 1
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        current = result[-1]
        if tok.type == "heading_open":
            title = plain_text(tokens[i + 1])
            line = tok.map[0] + 1 if tok.map else 0
            heading_line = line
            if tok.tag in ("h1", "h2"):
                result.append(RawSection(title, int(tok.tag[1]), line, [], [], []))
            else:
                current.blocks.append(Block("heading", text=title))
            i += 3
            continue
        if tok.type == "container_notes_open":
            end = _close_index(tokens, i, "container_notes_open", "container_notes_close")
            start_line, end_line = tok.map if tok.map else (0, 0)
            inner = lines[start_line + 1:end_line]
            if inner and inner[-1].strip().startswith(":::"):
                inner = inner[:-1]
            text = "\n".join(inner).strip()
            current.blocks.append(Block("notes", text=text))
            i = end + 1
            continue
        if tok.type == "paragraph_open" and tok.level == 0:
            current.blocks.append(Block("paragraph", text=plain_text(tokens[i + 1])))
            i += 3
            continue
        if tok.type in ("bullet_list_open", "ordered_list_open") and tok.level == 0:
            end = _close_index(tokens, i, tok.type, tok.type.replace("_open", "_close"))
            items = []
            for j in range(i, end):
                if tokens[j].type == "inline" and tokens[j - 1].type == "paragraph_open":
                    depth = (tokens[j].level - 2) // 2  # 0 for top-level items
                    text = plain_text(tokens[j])
                    items.append(("  " * depth) + text)
                    current.bullets.append((tokens[j].map[0] + 1 if tokens[j].map else 0,
                                            text, heading_line))
            current.blocks.append(Block("bullets", items=tuple(items)))
            i = end + 1
            continue
        if tok.type == "table_open":
            end = _close_index(tokens, i, "table_open", "table_close")
            rows: list[tuple[int, list[str]]] = []
            cells: list[str] = []
            row_line = 0
            for j in range(i, end):
                t = tokens[j]
                if t.type == "tr_open":
                    cells, row_line = [], (t.map[0] + 1 if t.map else 0)
                elif t.type == "inline":
                    cells.append(plain_text(t) if t.children else t.content.strip())
                elif t.type == "tr_close":
                    rows.append((row_line, cells))
            current.tables.append((tok.map[0] + 1 if tok.map else 0, rows))
            current.blocks.append(Block("table", rows=tuple(tuple(c) for _, c in rows)))
            i = end + 1
            continue
        i += 1
    return result


def _close_index(tokens: list[Token], start: int, open_type: str, close_type: str) -> int:
    depth = 0
    for j in range(start, len(tokens)):
        if tokens[j].type == open_type:
            depth += 1
        elif tokens[j].type == close_type:
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1
