"""Installs what the suite needs beyond Python packages: Chromium, Node packages."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*cmd: str, **kwargs) -> None:
    """Run a command, echoing it; stop on failure."""
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)  # noqa: S603


def ensure_chromium() -> None:
    """Debian's Chromium at /usr/bin/chromium, installed with apt-get when missing."""
    if Path("/usr/bin/chromium").exists():
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "chromium", env=env)
    else:
        print("Chromium is missing and cannot be installed here (needs root and apt-get);"
              " browser tests will skip, or fail under CI=true.", file=sys.stderr)


def ensure_pango() -> None:
    """Pango and a font, which WeasyPrint needs for the model document's PDF."""
    from ctypes.util import find_library

    if find_library("pango-1.0") and find_library("pangoft2-1.0") and Path(
            "/usr/share/fonts/truetype/dejavu").exists():
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "libpango-1.0-0", "libpangoft2-1.0-0",
            "fonts-dejavu-core", env=env)
    else:
        print("Pango is missing and cannot be installed here (needs root and apt-get);"
              " the PDF tests will fail.", file=sys.stderr)


def ensure_node_packages() -> None:
    """axe-core for the accessibility checks, from npm as pinned in package-lock.json."""
    folder = ROOT / "tests" / "browser"
    if (folder / "node_modules" / "axe-core" / "axe.min.js").exists():
        return
    if not shutil.which("npm"):
        print("npm is missing: the accessibility tests will skip, or fail under CI=true.",
              file=sys.stderr)
        return
    run("npm", "ci", "--no-audit", "--no-fund", "--silent", cwd=folder)


def main() -> None:
    """Everything the suite needs that pip does not install."""
    ensure_chromium()
    ensure_pango()
    ensure_node_packages()


if __name__ == "__main__":
    main()
