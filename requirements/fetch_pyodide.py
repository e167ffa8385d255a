"""Put the pinned Pyodide core under static/vendor/, from the npm registry, checked.

Pyodide (Python compiled to WebAssembly) runs coding questions' tests in the candidate's
browser. Its core is about 12 MB of binary files, so the repository pins it instead of holding
it: requirements/pyodide.json names the version, the tarball and its npm integrity hash
(sha512, as `npm view pyodide@<version> dist.integrity` prints it), and the files the site
serves. This script downloads that tarball (from $NPM_CONFIG_REGISTRY, default
registry.npmjs.org), refuses it unless its hash matches, and unpacks only those files into
static/vendor/pyodide-<version>/. `make run`, `make test` and the Docker build run it; when the
files are already there and were checked, it does nothing. Standard library only.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = json.loads((ROOT / "requirements" / "pyodide.json").read_text())
TARGET = ROOT / "static" / "vendor" / f"pyodide-{PIN['version']}"
STAMP = TARGET / ".integrity"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - a fixed https URL
        return response.read()


def verified(data: bytes, integrity: str) -> bool:
    algorithm, _, expected = integrity.partition("-")
    return base64.b64encode(hashlib.new(algorithm, data).digest()).decode() == expected


def main() -> int:
    checked = STAMP.exists() and STAMP.read_text().strip() == PIN["integrity"]
    if checked and all((TARGET / name).is_file() for name in PIN["files"]):
        return 0
    registry = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org/").rstrip("/")
    url = f"{registry}/{PIN['tarball']}"
    print(f"Fetching Pyodide {PIN['version']} from {url}", file=sys.stderr)
    data = fetch(url)
    if not verified(data, PIN["integrity"]):
        print(f"{url}: the download does not match the pinned integrity hash; nothing was written", file=sys.stderr)
        return 1
    partial = TARGET.with_name(TARGET.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for name in PIN["files"]:
            member = archive.getmember(f"package/{name}")
            source = archive.extractfile(member)
            if source is None:
                print(f"{url}: package/{name} is not a file", file=sys.stderr)
                return 1
            (partial / name).write_bytes(source.read())
    (partial / ".integrity").write_text(PIN["integrity"] + "\n")
    shutil.rmtree(TARGET, ignore_errors=True)
    partial.rename(TARGET)
    size = sum((TARGET / name).stat().st_size for name in PIN["files"])
    print(f"Pyodide {PIN['version']}: {len(PIN['files'])} files, {size:,} bytes in {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
