"""Writing text into DrawingML: runs per script with proofing languages, bullets, fixed boxes."""

from __future__ import annotations

import re

from lxml import etree
from pptx.oxml.ns import qn

from app.decks.builder.metrics import CYRILLIC, LATIN
from app.decks.builder.pager import BULLET_INDENT, PARA_GAP_PT, Para, _indent


def _proofing_lang(text: str) -> str:
    return "uk-UA" if CYRILLIC.search(text) else "en-US"


def _script_runs(text: str) -> list[str]:
    """Text cut where the script changes (Cyrillic/Latin), so each run gets its own proofing
    language; spaces, digits, punctuation and the apostrophe stay with the run before them."""
    if not CYRILLIC.search(text) or not LATIN.search(text):
        return [text]  # one script: the common case, no need to walk the characters
    runs: list[str] = []
    current, script = "", None
    for char in text:
        char_script = "uk" if CYRILLIC.match(char) else "en" if LATIN.match(char) else None
        if char_script is not None:
            if script is not None and char_script != script and current:
                runs.append(current)
                current = ""
            script = char_script
        current += char
    runs.append(current)
    return runs


A_P, A_PPR, A_R, A_RPR, A_T = qn("a:p"), qn("a:pPr"), qn("a:r"), qn("a:rPr"), qn("a:t")
A_END_PARA, A_BODY_PR, P_TX_BODY, P_SP = qn("a:endParaRPr"), qn("a:bodyPr"), qn("p:txBody"), qn(
    "p:sp")
AUTOFITS = (qn("a:noAutofit"), qn("a:normAutofit"), qn("a:spAutoFit"))
A_LN_SPC, A_SPC_BEF, A_SPC_PCT, A_SPC_PTS = qn("a:lnSpc"), qn("a:spcBef"), qn("a:spcPct"), qn(
    "a:spcPts")
A_BU_CLR, A_SCHEME_CLR, A_BU_FONT, A_BU_CHAR, A_BU_NONE = (
    qn("a:buClr"), qn("a:schemeClr"), qn("a:buFont"), qn("a:buChar"), qn("a:buNone"))
A_SOLID_FILL, A_SRGB_CLR = qn("a:solidFill"), qn("a:srgbClr")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _write(p_element, text: str, size: float, bold: bool = False, colour: str = "") -> None:
    """Runs appended to an a:p, one per script, each with its proofing language and size;
    `colour` is a theme colour name (accent1) or an RGB hex value."""
    end = p_element.find(A_END_PARA)
    clean = NOT_XML.sub("", text).replace("\n", " ").replace("\r", " ")
    for piece in _script_runs(clean):
        run = etree.SubElement(p_element, A_R)
        rpr = etree.SubElement(run, A_RPR, lang=_proofing_lang(piece), sz=str(round(size * 100)))
        if bold:
            rpr.set("b", "1")
        if colour:
            fill = etree.SubElement(rpr, A_SOLID_FILL)
            if colour.startswith("accent") or colour in ("tx1", "bg1", "tx2", "bg2"):
                etree.SubElement(fill, A_SCHEME_CLR, val=colour)
            else:
                etree.SubElement(fill, A_SRGB_CLR, val=colour)
        etree.SubElement(run, A_T).text = piece
        if end is not None:
            end.addprevious(run)


def _format_paragraph(p_element, para: Para) -> None:
    """Bullets and indents set on the paragraph itself, so any template renders them alike."""
    ppr = etree.SubElement(p_element, A_PPR)
    marker = para.bullet and para.marker
    ppr.set("marL", str(_indent(para)))
    ppr.set("indent", str(-BULLET_INDENT if marker else 0))
    etree.SubElement(etree.SubElement(ppr, A_LN_SPC), A_SPC_PCT, val="100000")
    etree.SubElement(etree.SubElement(ppr, A_SPC_BEF), A_SPC_PTS, val=str(PARA_GAP_PT * 100))
    if marker:
        etree.SubElement(etree.SubElement(ppr, A_BU_CLR), A_SCHEME_CLR, val="accent1")
        etree.SubElement(ppr, A_BU_FONT, typeface="Arial")
        etree.SubElement(ppr, A_BU_CHAR, char="•" if para.level == 0 else "–")
    else:
        etree.SubElement(ppr, A_BU_NONE)


def _paragraphs(tx_body, count: int) -> list:
    """`count` new empty a:p elements replacing a text body's paragraphs."""
    for old in tx_body.findall(A_P):
        tx_body.remove(old)
    return [etree.SubElement(tx_body, A_P) for _ in range(max(count, 1))]


def _fill_paras(tx_body, paras: list[Para]) -> None:
    for p_element, para in zip(_paragraphs(tx_body, len(paras)), paras, strict=False):
        _format_paragraph(p_element, para)
        if para.label:
            _write(p_element, para.label + " ", para.size, bold=True, colour="accent1")
        key = para.style == "key"
        _write(p_element, para.text, para.size, bold=key, colour="accent1" if key else "")


def _fill_lines(tx_body, lines: list[tuple[str, float]], bold: bool = False,
                colour: str = "") -> None:
    for p_element, (text, size) in zip(_paragraphs(tx_body, len(lines)), lines, strict=False):
        _write(p_element, text, size, bold, colour)


def _fixed_text_box(sp) -> None:
    """Wrap inside the box and never autofit: we size the text ourselves."""
    body_pr = sp.find(f"{P_TX_BODY}/{A_BODY_PR}")
    if body_pr is None:
        return
    for child in list(body_pr):
        if child.tag in AUTOFITS:
            body_pr.remove(child)
    body_pr.set("wrap", "square")
    warp = body_pr.find(qn("a:prstTxWarp"))
    body_pr.insert(0 if warp is None else 1, etree.Element(qn("a:noAutofit")))


def _set_height(sp, height: int) -> None:
    sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:ext')}").set("cy", str(height))
