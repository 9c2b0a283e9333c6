#!/usr/bin/env python3
"""Parses Folio's BibTeX and RIS downloads with independent parsers (bibtexparser, rispy).

Usage: python3 check_bib_ris.py DIR
  DIR/expected.json  {id: {"title": ..., "url": ..., "archive": ..., "archive_location": ...,
                          "bibtex_type": ..., "bibtex_library": ...}}
  DIR/**/*.bib       every cite.bib (one per document, and the edition's)
  DIR/**/*.ris       every cite.ris
Checks that each file parses, that every entry is a manuscript (@unpublished, or @misc for a
document without an author) with the expected title, URL and archive with its reference
(`library`), and that each expected id appears. Prints one line per
check and "N passed, N failed"; exits 1 on any failure.
Needs: pip install bibtexparser rispy
"""

import json
import pathlib
import sys

import bibtexparser
import rispy


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    root = pathlib.Path(sys.argv[1])
    expected = json.loads((root / "expected.json").read_text(encoding="utf-8"))
    passed = failed = 0

    def check(ok: bool, label: str, detail: str = "") -> None:
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok   {label}")
        else:
            failed += 1
            print(f"FAIL {label} {detail}")

    for path in sorted(root.rglob("*.bib")):
        text = path.read_text(encoding="utf-8")
        library = parse_bibtex(text)
        entries = library_entries(library)
        check(len(entries) > 0 and not parse_failed(library), f"{path.name} parses", str(path))
        for entry in entries:
            key, fields, entry_type = entry
            want = expected.get(key)
            check(want is not None, f"{path.name} {key} is a document")
            if want is None:
                continue
            check(entry_type.lower() == want["bibtex_type"], f"{path.name} {key} @{want['bibtex_type']}", entry_type)
            title = fields.get("title", "").strip("{}")
            check(title == want["bibtex_title"], f"{path.name} {key} title", repr(title))
            check(fields.get("url") == want["url"], f"{path.name} {key} url", repr(fields.get("url")))
            check(fields.get("library") == want["bibtex_library"],
                  f"{path.name} {key} archive and reference (library)", repr(fields.get("library")))

    for path in sorted(root.rglob("*.ris")):
        text = path.read_text(encoding="utf-8")
        records = rispy.loads(text)
        check(len(records) > 0, f"{path.name} parses", str(path))
        for record in records:
            key = record.get("id")
            want = expected.get(key)
            check(want is not None, f"{path.name} {key} is a document")
            if want is None:
                continue
            check(record.get("type_of_reference") == "MANSCPT", f"{path.name} {key} TY MANSCPT",
                  repr(record.get("type_of_reference")))
            check(record.get("title") == want["title"], f"{path.name} {key} title", repr(record.get("title")))
            urls = record.get("urls") or [record.get("url")]
            check(want["url"] in urls, f"{path.name} {key} url", repr(urls))
            check(record.get("name_of_database") == want["archive"], f"{path.name} {key} archive (DB)",
                  repr(record.get("name_of_database")))
            check(record.get("accession_number") == want["archive_location"],
                  f"{path.name} {key} archive location (AN)", repr(record.get("accession_number")))

    for key in expected:
        seen = any(key in p.read_text(encoding="utf-8") for p in root.rglob("*.bib"))
        check(seen, f"{key} has a BibTeX entry")

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


def parse_bibtex(text: str):
    """bibtexparser 2 (parse_string) or 1 (loads)."""
    if hasattr(bibtexparser, "parse_string"):
        return bibtexparser.parse_string(text)
    return bibtexparser.loads(text)


def parse_failed(library) -> bool:
    return bool(getattr(library, "failed_blocks", []))


def library_entries(library):
    """(key, {field: value}, entry type) for both bibtexparser APIs."""
    out = []
    for entry in library.entries:
        if hasattr(entry, "fields_dict"):
            fields = {name: field.value for name, field in entry.fields_dict.items()}
            out.append((entry.key, fields, entry.entry_type))
        else:
            fields = {k: v for k, v in entry.items() if k not in ("ID", "ENTRYTYPE")}
            out.append((entry["ID"], fields, entry["ENTRYTYPE"]))
    return out


if __name__ == "__main__":
    sys.exit(main())
