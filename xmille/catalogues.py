"""The interface catalogues: locale/<language>/LC_MESSAGES/django.po, compiled in pure Python.

Django's own `compilemessages` calls GNU msgfmt, which Xmille does not require (Python is the
only thing `make run` needs). Here polib (a dependency of wagtail-localize) writes the .mo
files; `manage.py compilemessages` (xmille/management/commands) is this module's front end,
run by `make run` and `make test`, and by the test suite itself when a catalogue changed.
The .mo files are build products, ignored by git.

`catalogue_problems` lists what would show French (or worse) to a reader: an empty or fuzzy
msgstr, a placeholder or an HTML tag that the translation lost or invented.
"""

import os
import re
import tempfile
from collections import Counter
from pathlib import Path

from django.conf import settings

import polib

DOMAINS = ("django",)
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]?\d*(?:\.\d+)?[sdifr]|%%")
# The tags a translatable string may hold (not "<identifier>" in a help text).
HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|br|code|em|i|kbd|li|ol|p|s|small|span|strong|sup|time|u|ul)\b[^>]*>"
)


def locale_dirs() -> list[Path]:
    return [Path(path) for path in settings.LOCALE_PATHS]


def po_files(languages: list[str] | None = None, exclude: list[str] | None = None) -> list[Path]:
    """Every catalogue of LOCALE_PATHS, optionally only (or all but) some languages."""
    found = []
    for base in locale_dirs():
        for domain in DOMAINS:
            for po in sorted(base.glob(f"*/LC_MESSAGES/{domain}.po")):
                language = po.parent.parent.name
                if languages and language not in languages:
                    continue
                if exclude and language in exclude:
                    continue
                found.append(po)
    return found


def is_stale(po: Path) -> bool:
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def compile_po(po: Path) -> Path:
    """Write the .mo next to the .po (atomically: parallel test workers may race) and return
    its path. Fuzzy and untranslated entries are left out, as msgfmt does."""
    mo = po.with_suffix(".mo")
    catalogue = polib.pofile(str(po))
    handle, temporary = tempfile.mkstemp(dir=po.parent, prefix=".django-", suffix=".mo")
    os.close(handle)
    try:
        catalogue.save_as_mofile(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, mo)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return mo


def compile_catalogues(
    languages: list[str] | None = None, exclude: list[str] | None = None, force: bool = False
) -> list[Path]:
    """Compile the catalogues whose .mo is missing or older than the .po; return the .mo written.

    Django reads a .mo once per process: a server started before must be restarted (runserver
    restarts itself when a .mo changes)."""
    written = [compile_po(po) for po in po_files(languages, exclude) if force or is_stale(po)]
    if written:
        # A process that already translated something keeps its catalogues in memory.
        from django.utils.translation import trans_real

        trans_real._translations = {}
        trans_real._default = None
    return written


def placeholders(text: str) -> Counter:
    return Counter(match.group(0) for match in PLACEHOLDER.finditer(text))


def tags(text: str) -> Counter:
    return Counter(HTML_TAG.findall(text))


def catalogue_problems(po: Path | str) -> list[str]:
    """What a reader would see wrong: untranslated, fuzzy, lost or invented placeholders
    (%(name)s, %d...) and HTML tags. Obsolete entries (#~) are ignored."""
    problems = []
    for entry in polib.pofile(str(po)):
        if entry.obsolete:
            continue
        where = f"{po}: {entry.msgid[:60]!r}"
        if entry.fuzzy:
            problems.append(f"{where}: fuzzy")
        if entry.msgid_plural:
            translations = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        else:
            translations = [entry.msgstr]
        for translation in translations:
            if not translation.strip():
                problems.append(f"{where}: empty translation")
                continue
            # Every plural form keeps the plural msgid's placeholders (the number included).
            source = entry.msgid_plural or entry.msgid
            expected, found = placeholders(source), placeholders(translation)
            if entry.msgid_plural:
                expected, found = set(expected), set(found)
            if found != expected:
                problems.append(
                    f"{where}: placeholders {sorted(found)} instead of {sorted(expected)}"
                )
            if tags(source) != tags(translation):
                problems.append(f"{where}: HTML tags differ")
    return problems
