"""Offline validation against the OCDS 1.1.5 schema files (no network).

The release-package schema refers to the release schema by URL; a ``referencing``
registry maps that URL to the local file.
"""

from __future__ import annotations

import json
from pathlib import Path

from pengadaan.domain.errors import InvalidInput

RELEASE_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


def validator(schema_dir: Path):
    """A Draft 4 validator of release packages, resolving the release schema locally."""
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    try:
        package_schema = json.loads((schema_dir / "release-package-schema.json").read_text())
        release_schema = json.loads((schema_dir / "release-schema.json").read_text())
    except (OSError, json.JSONDecodeError) as err:
        raise InvalidInput(f"skema OCDS di {schema_dir} tidak dapat dibaca ({err})") from None
    registry = Registry().with_resources([
        (RELEASE_URL, Resource.from_contents(release_schema, default_specification=DRAFT4)),
        (package_schema["id"], Resource.from_contents(package_schema,
                                                      default_specification=DRAFT4)),
    ])
    return Draft4Validator(package_schema, registry=registry)


def problems(package: dict, schema_dir: Path, limit: int = 20) -> list[str]:
    """Up to ``limit`` schema violations as ``path: message`` (empty when valid)."""
    found = []
    for error in validator(schema_dir).iter_errors(package):
        where = "/".join(str(p) for p in error.absolute_path) or "(akar)"
        found.append(f"{where}: {error.message}")
        if len(found) >= limit:
            break
    return found
