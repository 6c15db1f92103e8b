"""Does the demo six-month report read like seed 000? (issue 14, acceptance)

Renders Khối thi đua 4A's 2020-H1 report from the database as `build_report bloc-summary --bloc
KTĐ4A --period 2020-H1 --format pdf` does (or reads --pdf), extracts its text with `pdftotext
-raw` (reading order, so a table row's cells stay together), and prints each of seed 000's
sentences with found / missing, then the percentages. Exit status 1 below 95 % of the body or
100 % of the Phụ lục 1 rows, else 0.

    DATABASE_URL=… .venv/bin/python scripts/compare_seed.py [--pdf report.pdf] [--missing-only]

How seed 000 is cut and compared (both sides NFC, every run of whitespace one space, and a line
broken after a hyphen inside a word, "11-⏎CT/TTg", joined as the PDF's line breaks decide it):

- Body: from "BÁO CÁO" to "Nơi nhận:", footnotes included, cut into sentences at ". ", "; ",
  ": " and at the footnote markers (the PDF prints a marker as a digit glued to the word).
  A leading "- " / "+ " / "1. " / "I. " and the closing punctuation are not part of a sentence.
  Not counted: the header ("Số: /BC-KTĐ4A", the date line) and the closing (Nơi nhận, signature),
  which the document computes from its number, date, recipients and signer rather than copies.
- Award lines ("+ Tặng Cờ thi đua cho …") are computed from the decisions in the registry and
  worded as the registry names the award; such a line counts as found when the PDF cites its
  decision for the same units (COMPUTED below).
- Phụ lục 1: each table row, a continuation line joined to its row. A row is found when each of
  its cells appears (the STT is left out: the appendix numbers its units itself, and the seed
  lists Sở Giao thông Vận tải twice). A unit row compares the unit's name without case or
  dashes ("Sở Giao thông - Vận tải" is the registry's "Sở Giao thông Vận tải"); a title row
  ("Cờ thi đua: 01 tập thể") compares the title as the importer reads it, named as the law names
  it, with its count ("Cờ thi đua của Ủy ban nhân dân tỉnh: 01 tập thể").
"""

import argparse
import io
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures/seed_000_bao_cao_6_thang_2020_khoi_4A.txt"
BODY_MIN, APPENDIX_MIN = 95.0, 100.0
MARKERS = "¹²³⁴⁵⁶⁷⁸⁹"
SENTENCE_END = re.compile(rf"(?<=[.;:])\s+|[{MARKERS}]+")
LIST_MARK = re.compile(r"^(?:[-+•]|\d{1,2}\.|[IVX]{1,4}\.)\s+")
LONE_NUMBER = re.compile(r"\s*\d{1,3}\s*")
HEADER = re.compile(r"^(Số:|.+, ngày .* năm \d{4}$)")
# Seed award lines → what the report prints for them: the decision cited for the same units.
COMPUTED = {
    "+ Tặng Cờ thi đua cho": "Sở Khoa học và Công nghệ tại Quyết định số 40/QĐ-UBND.KT ngày "
    "25/02/2020",
    "+ Tặng Bằng khen cho Ban Quản lý": "Ban Quản lý Khu kinh tế, Sở Công Thương, Sở Giao thông "
    "Vận tải, Sở Tài nguyên và Môi trường, Sở Xây dựng tại Quyết định số 41/QĐ-UBND.KT ngày "
    "25/02/2020",
}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("*", "")
    text = re.sub(r"(?<=\w)([-–/])\s+", r"\1", text)
    return " ".join(text.split())


def _loose(text: str) -> str:
    return " ".join(re.sub(r"[-–]", " ", text).casefold().split())


@dataclass
class Item:
    text: str  # as the seed writes it
    needles: list[str] = field(default_factory=list)  # what must appear in the PDF's text
    loose: bool = False  # compared without case and dashes
    found: bool = False


def _sentences(paragraph: str) -> list[str]:
    result = []
    for part in SENTENCE_END.split(LIST_MARK.sub("", paragraph)):
        part = part.strip().rstrip(" .;:,")
        if part.strip(" .…"):
            result.append(part)
    return result


def seed_items(seed: str, title_label) -> tuple[list[Item], list[Item]]:
    """Seed 000 as body sentences and Phụ lục 1 rows (see the module docstring)."""
    lines = [line.rstrip() for line in seed.splitlines()]
    start = lines.index("BÁO CÁO")
    closing = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    appendix = next(i for i, line in enumerate(lines) if line.startswith("STT\t"))
    body = []
    for line in lines[start:closing]:
        line = line.strip()
        if not line or HEADER.match(line):
            continue
        computed = next((v for k, v in COMPUTED.items() if line.startswith(k)), None)
        if computed:
            body.append(Item(line, [normalise(computed)]))
            continue
        body.extend(Item(s, [normalise(s)]) for s in _sentences(line.lstrip(MARKERS)))
    rows: list[list[str]] = []
    for line in lines[appendix:]:
        cells = [c.strip() for c in line.split("\t")]
        if not any(cells):
            continue
        if not cells[0] and rows:  # a row continued on the next page
            rows[-1][1] = f"{rows[-1][1]} {cells[1]}"
            continue
        rows.append((cells + ["", ""])[:3])
    table = []
    for number, text, due in rows:
        if re.fullmatch(r"[IVX]+", number):
            table.append(Item("\t".join([number, text]), [_loose(text)], loose=True))
        elif label := title_label(text):
            table.append(Item(f"{number}\t{text}", [normalise(label)]))
        else:
            cells = [normalise(c) for c in (text, due) if c]
            table.append(Item("\t".join(filter(None, [number, text, due])), cells))
    return body, table


def check(items: list[Item], pdf_text: str) -> float:
    text = normalise(pdf_text)
    loose = _loose(text)
    for item in items:
        haystack = loose if item.loose else text
        item.found = all(needle in haystack for needle in item.needles)
    return 100 * sum(i.found for i in items) / len(items) if items else 100.0


def title_label(text: str) -> str | None:
    """ "Cờ thi đua: 01 tập thể" as the appendix prints it, or None if not a title row."""
    from campaigns import importer

    match = importer.TITLE_ROW.match(text)
    award_type = match and importer.title_catalogue().get(importer._title_key(match["name"]))
    if not award_type:
        return None
    return f"{award_type.name}: {int(match['count']):02d} {award_type.unit_word}"


def render_pdf(path: Path) -> None:
    from django.core.management import call_command

    call_command(
        "build_report", "bloc-summary", "--bloc", "KTĐ4A", "--period", "2020-H1",
        "--format", "pdf", "-o", str(path), stdout=io.StringIO(),
    )  # fmt: skip


def pdf_text(path: Path) -> str:
    return running_text(
        subprocess.run(  # noqa: S603 - fixed arguments
            ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],  # noqa: S607
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )


def running_text(raw: str) -> str:
    """The pages' text joined so that a sentence running over a page break reads on. `-raw`
    prints a page's number alone on a line, last (or first, should the layout draw it first),
    and the footnotes at the page's end, each after its number alone on a line. The page numbers
    are dropped; the footnotes move to the end."""
    body, notes = [], []
    for page in raw.split("\f"):
        lines = [line for line in page.splitlines() if line.strip()]
        if lines and LONE_NUMBER.fullmatch(lines[-1]):
            lines.pop()
        if lines and LONE_NUMBER.fullmatch(lines[0]):
            lines.pop(0)
        start = next((i for i, line in enumerate(lines) if LONE_NUMBER.fullmatch(line)), None)
        if start is None:
            start = len(lines)
        body += lines[:start]
        notes += [line for line in lines[start:] if not LONE_NUMBER.fullmatch(line)]
    return "\n".join(body + notes)


def main(argv=None, out=sys.stdout) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, help="a rendered report (default: render the demo's)")
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--missing-only", action="store_true", help="list only what is missing")
    args = parser.parse_args(argv)
    _django()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = args.pdf or Path(tmp) / "bao-cao-6-thang-2020.pdf"
        if args.pdf is None:
            render_pdf(pdf)
        text = pdf_text(pdf)
    body, table = seed_items(args.seed.read_text(encoding="utf-8"), title_label)
    scores = []
    parts = (("Thân báo cáo", body, BODY_MIN), ("Phụ lục 1", table, APPENDIX_MIN))
    for name, items, minimum in parts:
        score = check(items, text)
        scores.append(score >= minimum)
        print(f"== {name}", file=out)
        for item in items:
            if not (args.missing_only and item.found):
                print(f"{'có ' if item.found else 'THIẾU'} {item.text}", file=out)
        found = sum(i.found for i in items)
        print(f"{name}: {found}/{len(items)} = {score:.1f}% (cần ≥ {minimum:g}%)", file=out)
    return 0 if all(scores) else 1


def _django() -> None:
    """Set Django up when run as a script; a test has done it already."""
    import django
    from django.apps import apps

    if not apps.ready:
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_portal.settings")
        django.setup()


if __name__ == "__main__":
    sys.exit(main())
