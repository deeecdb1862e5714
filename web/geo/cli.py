"""`flask geo …`: import a population file from the command line, with a progress bar."""

from pathlib import Path

import click

from geo.errors import ImportRefused
from geo.population import TqdmProgress, import_population
from network import population_datasets
from network.clock import utcnow
from network.errors import ValidationError
from web.extensions import db


@click.group("geo")
def geo() -> None:
    """Geographic data: population grids."""


@geo.command("import-population")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", required=True, help="Name of the dataset, shown on the coverage page.")
@click.option("--column", "population_column", default=None,
              help="Population column (default: found by its usual names).")
@click.option("--layer", default=None, help="GeoPackage layer (default: the one with people).")
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpkg", "csv"]), default=None,
              help="File format (default: from the extension and the content).")
def import_population_command(file: Path, name: str, population_column: str | None,
                              layer: str | None, fmt: str | None) -> None:
    """Import a population grid (GeoJSON, GeoPackage or CSV) as a dataset; all or nothing."""
    try:
        population_datasets.check_name(name)
    except ValidationError as error:
        raise click.ClickException(f"--name: {error.message}") from error
    try:
        with TqdmProgress("Reading") as progress:
            result = import_population(file, fmt=fmt, population_column=population_column,
                                       layer=layer, progress=progress)
    except ImportRefused as refused:
        raise click.ClickException(f"{refused.reason} Nothing was saved.") from refused
    report = result.report
    south, west, north, east = report.bbox
    click.echo(f"Found {report.cells:,} cells ({report.geometry}"
               + (f", {report.cell_size:g} m" if report.cell_size else "") + "), "
               f"{report.total_population:,.0f} people, {report.crs}, "
               f"population column {report.population_column!r}"
               + (f", layer {report.layer!r}" if report.layer else "") + ".")
    click.echo(f"Area: {south:.4f}, {west:.4f} – {north:.4f}, {east:.4f} (lat, lon).")
    try:
        dataset = population_datasets.save_dataset(result, name=name, filename=file.name,
                                                   actor=None, now=utcnow())
    except ValidationError as error:
        db.session.rollback()
        raise click.ClickException(f"{error.message} Nothing was saved.") from error
    db.session.commit()
    click.echo(f"Saved as dataset {dataset.id}: {dataset.name}.")
