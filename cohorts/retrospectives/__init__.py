"""The end-of-program retrospective (``../shared/seeds/002_*.txt``: review each finished
project and carry its lessons into the next).

One ``Retrospective`` per cohort: several entries of what went well and of what to
change (each may quote what members said), a closing summary, draft → published. When a
cohort's last day has passed a beat job tells its core team and organizers, once, that
the retrospective waits; it stays in their queue until it is published. Publishing
queues the PDF (``printing``: cover, the health dashboard's charts, goals against
results, key numbers, the entries), cached per revision and language in private storage.
"""
