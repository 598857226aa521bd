"""Printing HTML to A4 PDFs, for any layer above (layer 0, no app of its own).

- ``documents``: HTML → WeasyPrint document → PDF bytes (``html_print``), the page's
  margin boxes (``page_margins`` for ``templates/learning/printing/page.css``: brand,
  facts, address, "page X of Y"), inline QR codes, the ``lang`` of a language.
- ``fonts``: Noto Sans and Noto Sans CJK SC, checked through fontconfig before every
  layout; a missing one raises ``PrintFontsMissing`` (downloads answer 503).
- ``fetcher``: WeasyPrint's URL fetcher, the site's own ``/static/`` and ``/media/``
  files and ``data:`` URLs only; never the network.
- ``files``: private storage for rendered files, one render at a time under a lock in
  the shared cache (``printed_get_or_render``), the download response and the 503s.

The knowledge base's sheets (``knowledge_base.sheets``) and the cohorts' retrospectives
print through it; each keeps its own cache of files per revision and language.
"""
