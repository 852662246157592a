"""pengadaan: procurement progress tracker for Indonesian regional governments.

Domain and use cases only; no user interface lives here.
"""

__version__ = "0.1.0"
