"""Reading other systems' files (SiRUP RUP CSV/XLSX, OCDS JSON) into paket records.

Parsing only: no database. :mod:`pengadaan.usecases.impor` writes the records.
"""
