"""Every size, count and time limit that protects Xmille, stated once.

Settings (Django's upload settings, Wagtail's image limits, django-axes), the upload forms,
the request-size middleware, the rendition guard and the page-password throttle read their
numbers here, and the messages people see quote the same numbers. This module imports nothing
from Django so that settings modules can import it.
"""

MB = 1024 * 1024

# Uploads
IMAGE_MAX_BYTES = 15 * MB
"""An image file larger than this is refused (a phone photo is 3 to 8 MB)."""
IMAGE_MAX_PIXELS = 50_000_000
"""More pixels than this (about 8,700 x 5,800) is refused before decoding: decompression bombs."""
DOCUMENT_MAX_BYTES = 20 * MB
"""A document larger than this is refused (a printed programme in PDF is rarely above 10 MB)."""
DOCUMENT_EXTENSIONS = ["csv", "docx", "odp", "ods", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
"""Document types editors may upload. No archives (zip), no executables, no HTML or SVG."""

# Request bodies, refused from their Content-Length before a byte of the body is read.
UPLOAD_OVERHEAD_BYTES = 1 * MB
"""Room for the multipart envelope and the form's other fields around an uploaded file."""
ADMIN_UPLOAD_REQUEST_MAX_BYTES = max(IMAGE_MAX_BYTES, DOCUMENT_MAX_BYTES) + UPLOAD_OVERHEAD_BYTES
"""Bodies posted to the admin's image and document views (one file per request)."""
ADMIN_UPLOAD_PATH_PREFIXES = ("/admin/images/", "/admin/documents/")
ADMIN_REQUEST_MAX_BYTES = 10 * MB
"""Any other admin body: a page editor's form with a long StreamField, a user's avatar."""
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
PUBLIC_REQUEST_MAX_BYTES = 1 * MB
"""Public forms (search, join requests, page passwords) post text only; event proposals carry
an image (`PROPOSAL_REQUEST_MAX_BYTES`)."""
FILE_UPLOAD_MAX_MEMORY_BYTES = 1 * MB
"""An uploaded file above this is streamed to a temporary file on disk, not held in memory."""

# Editorial line
TEASER_MAX_LENGTH = 300
"""The longest teaser a page can store. Each site's editorial line sets its own limit, at most
this one (`EditorialLine.teaser_max_length`); the editors' forms and the automated check both
apply the site's limit, so a teaser the form accepts is never refused by the check."""

# Renditions
RENDITION_MAX_SIDE = 4000
"""Largest width or height a rendition filter may ask for (fill-, max-, min-, width-, height-)."""
RENDITION_MAX_SCALE_PERCENT = 100
"""scale-N: N from 1 to this; renditions never enlarge an image past its original."""

# Throttling
LOGIN_FAILURE_LIMIT = 5
"""Wrong passwords in a row after which an account, or an address, is locked out."""
LOGIN_COOLOFF_MINUTES = 15
"""How long a lockout lasts after the last failed attempt."""
PAGE_PASSWORD_FAILURE_LIMIT = 5
"""Wrong passwords for one protected page (or document collection) from one address."""
PAGE_PASSWORD_ADDRESS_LIMIT = 20
"""Wrong passwords from one address over all protected pages and collections."""
PAGE_PASSWORD_COOLOFF_MINUTES = 15
"""How long the page password form stays closed, counted from the first failure."""

# Public API (xmille.api)
API_REQUESTS_PER_MINUTE = 120
"""Requests one address may make to /api/v1/ in a calendar minute; more answer 429."""
API_PAGE_SIZE = 50
"""Items per page of an API list by default."""
API_MAX_PAGE_SIZE = 200
"""The largest `page_size` a client may ask for."""
API_MAX_PAGE = 10_000
"""The highest page number accepted (deeper paging is a robot: filter with dates instead)."""

# Public forms without an account (join the network, propose an event: xmille.doors)
PUBLIC_FORM_SUBMISSIONS = 6
"""Posts one address may make to one public form in `PUBLIC_FORM_WINDOW_MINUTES`; more answer 429."""
PUBLIC_FORM_WINDOW_MINUTES = 5
PUBLIC_FORM_MIN_SECONDS = 3
"""A form sent sooner than this after it was shown was filled by a robot (a person takes longer)."""
PUBLIC_FORM_MAX_HOURS = 12
"""A form shown longer ago than this is sent again with a fresh token (its values kept)."""
PROPOSAL_IMAGE_MAX_BYTES = 5 * MB
"""The image of an event proposed without an account (a phone photo, reduced, fits)."""
PROPOSAL_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
"""Image types a proposal may carry, as Pillow names them (no SVG, no GIF, no PDF)."""
PROPOSAL_PATHS = ("/proposer-un-evenement/",)
"""Public paths that accept an image (with or without a /nl/, /de/, /en/ prefix)."""
PROPOSAL_REQUEST_MAX_BYTES = PROPOSAL_IMAGE_MAX_BYTES + UPLOAD_OVERHEAD_BYTES

# Exports and embedding (events.exports, events.widget)
CSV_MAX_ROWS = 5_000
"""Dates in one CSV export, the soonest first (a wider need: narrow the dates, or the API)."""
WIDGET_MAX_ITEMS = 50
"""The most dates an embedded agenda (widget) shows; 10 unless the snippet asks otherwise."""

# iCal import (events.ical_import)
ICAL_IMPORT_MAX_BYTES = 5 * MB
"""A calendar feed larger than this is refused (a year of a busy venue is well under 1 MB)."""
ICAL_IMPORT_TIMEOUT_SECONDS = 20
"""Connecting to, then each read from, an organizer's calendar server."""
ICAL_IMPORT_MAX_EVENTS = 500
"""Events (UIDs) one feed may bring; more is refused as a whole (not a partial import)."""
ICAL_IMPORT_MAX_DATES_PER_EVENT = 200
"""Dates one recurring event expands to, like the editor's "Répéter" (events.forms)."""
