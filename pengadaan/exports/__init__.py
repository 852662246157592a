"""Writing the tracker's data for others: OCDS release packages, XLSX and CSV reports.

Pure builders over rows the use case read (:mod:`pengadaan.usecases.ekspor`).
"""
