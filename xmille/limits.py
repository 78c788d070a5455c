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
"""Public forms (search, event proposals, page passwords) post text only."""
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
