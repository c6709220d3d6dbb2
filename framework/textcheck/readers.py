"""Reading the text to check: plain text, Markdown, a web page (HTML), .docx, PDF or standard input. The only I/O.

Every failure is a `ReadError` naming the file, which the CLI prints and exits 2 on: a file over the
size limit, a binary file, text that is not UTF-8, a corrupt .docx or PDF, a PDF without text.

- .docx: python-docx; the paragraphs (tables' cells too) in document order, one per line, a blank
  line between paragraphs; positions are lines of that text.
- PDF: pypdf, page by page; positions are a page and a line of that page's extracted text.
- HTML (.html, .htm, or any text that begins as a web page does): its visible text, one block a line
  (`html_text`); positions are lines of that text.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from ..kb.normalise import canonical
from .html_text import declared_charset, looks_like_html, visible_text
from .matcher import Unit

MAX_BYTES = 20_000_000
"""Largest file accepted (20 MB): a long bill or judgment is well under 5 MB as PDF."""
MAX_CHARACTERS = 5_000_000
"""Largest extracted text accepted (5 million characters)."""
MAX_PAGES = 2_000
MAX_UNPACKED = 200_000_000
"""Largest total size of a .docx's unpacked parts, so that a zip bomb is refused before it is read."""

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                 ".html": "html", ".htm": "html", ".xhtml": "html"}
FORMATS = "a .txt, .md, .html, .docx or .pdf file"


class ReadError(Exception):
    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}")
        self.name = name


def _limit(name: str, size: int) -> None:
    if size > MAX_BYTES:
        raise ReadError(name, f"the file is {size:,} bytes; the limit is {MAX_BYTES:,} ({MAX_BYTES // 1_000_000} MB)")


def _decoded(data: bytes, name: str, html: bool = False) -> str:
    if b"\x00" in data[:65536]:
        raise ReadError(name, f"this looks like a binary file, not text (give {FORMATS})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        declared = declared_charset(data) if html else None
        if declared is None:
            raise ReadError(name, f"not UTF-8 text ({e.reason} at byte {e.start}); save it as UTF-8, or give a .docx or .pdf") from None
        try:
            text = data.decode(declared)
        except UnicodeDecodeError as e2:
            raise ReadError(name, f"not {declared} text, as the page declares ({e2.reason} at byte {e2.start})") from None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > 8:
        raise ReadError(name, "this looks like a binary file, not text")
    return text


def _text_units(data: bytes, name: str) -> list[Unit]:
    return [Unit(_checked(canonical(_decoded(data, name)), name))]


def _html_units(data: bytes, name: str) -> list[Unit]:
    try:
        text = visible_text(_decoded(data, name, html=True))
    except ReadError:
        raise
    except Exception as e:  # the standard parser is lenient; a page it still cannot read must not give a traceback
        raise ReadError(name, f"not a readable web page ({type(e).__name__})") from None
    if not text.strip():
        raise ReadError(name, "the web page has no visible text")
    return [Unit(_checked(canonical(text), name))]


def _checked(text: str, name: str) -> str:
    if len(text) > MAX_CHARACTERS:
        raise ReadError(name, f"the text has {len(text):,} characters; the limit is {MAX_CHARACTERS:,}")
    return text


CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An OLE compound file: what Word saves a password-protected (encrypted) .docx as, and the old .doc format."""


def open_docx(data: bytes, name: str) -> Any:
    """The python-docx Document of a .docx file's bytes; a ReadError for an encrypted, corrupt or oversized one."""
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(CFB_SIGNATURE):
        raise ReadError(name, "this is an encrypted (password-protected) Word file or an old .doc file, not a readable .docx; "
                              "save an unprotected copy as .docx and check that")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise ReadError(name, f"not a readable .docx file ({type(e).__name__}: {e})") from None
    if unpacked > MAX_UNPACKED:
        raise ReadError(name, f"the .docx unpacks to {unpacked:,} bytes; the limit is {MAX_UNPACKED:,}")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ReadError(name, f"not a readable .docx file ({type(e).__name__}: {e})") from None
    except Exception as e:  # lxml and zip errors of every kind: a corrupt file, never a traceback
        raise ReadError(name, f"not a readable .docx file ({type(e).__name__})") from None
    return document


def _docx_units(data: bytes, name: str) -> list[Unit]:
    text = "".join(piece for _, piece in docx_pieces(open_docx(data, name)))
    return [Unit(_checked(text, name))]


DocxPiece = tuple[Any, str]
"""A stretch of the text read from a .docx: the w:t element it comes from (None for a separator the
reader puts between paragraphs or a table cell's paragraphs) and its canonical text."""


def docx_pieces(document: Any) -> list[DocxPiece]:
    """The text `check` reads from a .docx, in pieces that say where each character is in the XML.

    The body's paragraphs and table cells in document order (a cell's paragraphs joined by a space),
    empty ones left out, a blank line between them; each w:t element's text is canonical (NFC) on its
    own. Deleted text of tracked changes (w:delText) is not read; inserted text is. The Word review
    (`outputs.review`) anchors its comments through these pieces, so its positions are the check's."""
    blocks: list[list[DocxPiece]] = []

    def texts(element: Any) -> list[DocxPiece]:
        return [(t, canonical(t.text or "")) for t in element.iter() if t.tag.endswith("}t") and t.text]

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(texts(child))
        elif tag == "tbl":
            for cell in child.iter():
                if cell.tag.endswith("}tc"):
                    block: list[DocxPiece] = []
                    for i, para in enumerate(p for p in cell.iter() if p.tag.endswith("}p")):
                        if i:
                            block.append((None, " "))
                        block += texts(para)
                    blocks.append(block)
    out: list[DocxPiece] = []
    for block in blocks:
        if "".join(t for _, t in block).strip():
            if out:
                out.append((None, "\n\n"))
            out += block
    return out


def _pdf_units(data: bytes, name: str) -> list[Unit]:
    import logging

    import pypdf
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise ReadError(name, "the PDF is encrypted") from None
        if len(reader.pages) > MAX_PAGES:
            raise ReadError(name, f"the PDF has {len(reader.pages)} pages; the limit is {MAX_PAGES}")
        units = []
        total = 0
        for i, page in enumerate(reader.pages):
            text = canonical(page.extract_text() or "")
            total += len(text)
            if total > MAX_CHARACTERS:
                raise ReadError(name, f"the PDF's text has more than {MAX_CHARACTERS:,} characters")
            units.append(Unit(text, page=i + 1))
    except ReadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as e:
        raise ReadError(name, f"not a readable PDF ({type(e).__name__}: {e})") from None
    except Exception as e:  # a corrupt PDF must never give a traceback
        raise ReadError(name, f"not a readable PDF ({type(e).__name__})") from None
    if not any(u.text.strip() for u in units):
        raise ReadError(name, "the PDF has no extractable text (a scan needs OCR first)")
    return units


def kind_of(name: str, data: bytes) -> str:
    """text, markdown, html, docx or pdf: by the content's signature first, then the file name (a .txt or
    standard input that begins as a web page does is read as one)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    suffix = Path(name).suffix.lower()
    if data.startswith(b"PK\x03\x04") and suffix in (".docx", ""):
        return "docx"
    if suffix == ".docx":
        return "docx"
    if suffix == ".pdf":
        return "pdf"
    kind = TEXT_SUFFIXES.get(suffix, "text")
    return "html" if kind == "text" and looks_like_html(data) else kind


def read_bytes(data: bytes, name: str) -> tuple[list[Unit], dict[str, Any]]:
    """Units of text and a description of the source, from a file's bytes."""
    _limit(name, len(data))
    kind = kind_of(name, data)
    if kind == "pdf":
        units = _pdf_units(data, name)
    elif kind == "docx":
        units = _docx_units(data, name)
    elif kind == "html":
        units = _html_units(data, name)
    else:
        units = _text_units(data, name)
    characters = sum(len(u.text) for u in units)
    words = sum(len(u.text.split()) for u in units)
    source: dict[str, Any] = {"name": name, "kind": kind, "bytes": len(data), "characters": characters, "words": words}
    if kind == "pdf":
        source["pages"] = len(units)
    return units, source


def read_path(path: str, stdin: Any = None) -> tuple[list[Unit], dict[str, Any]]:
    """Read a file, or standard input for '-'."""
    if path == "-":
        stream = stdin.buffer if stdin is not None and hasattr(stdin, "buffer") else stdin
        data = stream.read(MAX_BYTES + 1) if stream is not None else b""
        return read_bytes(data, "<stdin>")
    p = Path(path)
    try:
        if not p.is_file():
            raise ReadError(path, f"no such file (give {FORMATS}, or '-' for standard input)")
        size = p.stat().st_size
        _limit(path, size)
        data = p.read_bytes()
    except OSError as e:
        raise ReadError(path, f"cannot be read ({e.strerror})") from None
    return read_bytes(data, path)
