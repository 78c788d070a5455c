"""What an uploaded document must be: its type checked by content, not by name alone.

Wagtail checks a document's extension (WAGTAILDOCS_EXTENSIONS, from `limits`) and its size
(WAGTAILDOCS_MAX_UPLOAD_SIZE); images are decoded by Willow, which refuses a file that is not
the image its name says. A document's content is never looked at: a renamed archive or
executable would be served as a PDF. `DocumentForm` (WAGTAILDOCS_DOCUMENT_FORM_BASE, used by
the single, multiple and chooser upload views) reads the few bytes that tell each type apart:
the PDF and RTF headers, the parts list of an Office Open XML package, the `mimetype` entry of
an OpenDocument file, the absence of binary bytes in a text file. Zip-based formats are
recognised from their central directory; nothing is extracted.
"""

import os
import zipfile

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.documents.forms import BaseDocumentForm

SNIFF_BYTES = 8192

OPENDOCUMENT_TYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
OFFICE_OPEN_XML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
BINARY_SIGNATURES = (b"PK\x03\x04", b"%PDF", b"MZ", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"Rar!")
TYPE_NAMES = {
    "pdf": "PDF",
    "rtf": "RTF",
    "txt": gettext_lazy("texte"),
    "csv": "CSV",
    "odt": "OpenDocument (texte)",
    "ods": "OpenDocument (tableur)",
    "odp": "OpenDocument (présentation)",
    "docx": "Word (docx)",
    "xlsx": "Excel (xlsx)",
    "pptx": "PowerPoint (pptx)",
}


def _zip_names(upload) -> list[str] | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _opendocument_mimetype(upload) -> bytes:
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo("mimetype")
            if info.file_size > 100:
                return b""
            return archive.read(info).strip()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return b""


def content_matches_extension(upload, extension: str) -> bool:
    """True when the file's first bytes (or zip directory) are those of `extension`'s type.

    Types this module does not know are accepted: the extension list decides which exist."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    try:
        if extension == "pdf":
            return head.startswith(b"%PDF-")
        if extension == "rtf":
            return head.startswith(b"{\\rtf")
        if extension in ("txt", "csv"):
            return b"\x00" not in head and not head.startswith(BINARY_SIGNATURES)
        if extension in OPENDOCUMENT_TYPES:
            return head.startswith(b"PK\x03\x04") and (
                _opendocument_mimetype(upload) == OPENDOCUMENT_TYPES[extension]
            )
        if extension in OFFICE_OPEN_XML_FOLDERS:
            names = _zip_names(upload) if head.startswith(b"PK\x03\x04") else None
            folder = OFFICE_OPEN_XML_FOLDERS[extension]
            return (
                bool(names)
                and "[Content_Types].xml" in names
                and any(name.startswith(folder) for name in names)
            )
        return True
    finally:
        upload.seek(0)


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, which also checks that the content is what the name says."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or "file" not in self.changed_data:
            return upload
        extension = os.path.splitext(upload.name)[1].lstrip(".").lower()
        if not content_matches_extension(upload, extension):
            raise forms.ValidationError(
                _(
                    "Le fichier « %(name)s » ne contient pas un document %(type)s : son contenu "
                    "ne correspond pas à son extension « .%(extension)s ». Enregistrez-le à "
                    "nouveau dans ce format depuis votre logiciel, ou donnez-lui la bonne "
                    "extension."
                )
                % {
                    "name": upload.name,
                    "type": TYPE_NAMES.get(extension, extension.upper()),
                    "extension": extension,
                },
                code="content_mismatch",
            )
        return upload
