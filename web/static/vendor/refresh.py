"""Copy the browser libraries the maps use from node_modules into this folder.

The copies (with their licence files) are committed, so `make run` and the tests work without
npm and without the internet. To update a library: change its version in package.json, then

    cd web/static/vendor && npm install --ignore-scripts && python refresh.py

and commit package.json, package-lock.json and the copied files (node_modules stays ignored).
"""

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
# package -> files to copy, relative to the package folder in node_modules.
FILES = {
    "leaflet": [
        "LICENSE", "dist/leaflet.js", "dist/leaflet.js.map", "dist/leaflet.css",
        "dist/images/layers.png", "dist/images/layers-2x.png", "dist/images/marker-icon.png",
        "dist/images/marker-icon-2x.png", "dist/images/marker-shadow.png",
    ],
    "leaflet.markercluster": [
        "MIT-LICENCE.txt", "dist/leaflet.markercluster.js", "dist/leaflet.markercluster.js.map",
        "dist/MarkerCluster.css", "dist/MarkerCluster.Default.css",
    ],
}


def main() -> None:
    """Replace each package's folder here with the listed files from node_modules."""
    for package, files in FILES.items():
        source = HERE / "node_modules" / package
        if not source.is_dir():
            raise SystemExit(f"{source} is missing: run `npm install --ignore-scripts` here first")
        target = HERE / package
        shutil.rmtree(target, ignore_errors=True)
        for name in files:
            destination = target / name.removeprefix("dist/")
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, destination)
        print(f"{package}: {len(files)} files copied to {target.relative_to(HERE)}/")


if __name__ == "__main__":
    main()
