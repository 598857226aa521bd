"""Printable PDF sheets of the knowledge base (app label ``kb_sheets``).

Every case (and every kind another module registers, ``registry.sheet_kind_register``)
renders to a branded A4 sheet from print CSS (``engine``), through ``learning.printing``'s
URL fetcher that reaches only the site's own static and media files, with fonts that
cover Chinese, Cyrillic and Greek, checked before every render. Sheets are cached
per (object, revision, language) in private storage (``models.Sheet``): Celery renders
one when a revision is published, a download reads it from storage, and a sheet of an
older revision is never served. HR exports collections as booklets (``booklets``).
"""
