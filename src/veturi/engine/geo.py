"""Geometry in the park: polygon areas and distances in metres.

Coordinates are WGS84 longitude/latitude (GeoJSON order). Areas and distances are computed in
ETRS-TM35FIN (EPSG:3067), the Finnish national projection, which is accurate to well under a
per mille across Finland; points far outside Finland fall back to geodesic distances.
"""

from __future__ import annotations

import math
from functools import lru_cache

from pyproj import Geod, Transformer
from shapely.geometry import mapping, shape
import shapely
from shapely.validation import explain_validity

__all__ = ["GeometryError", "polygon_area_m2", "validate_polygon", "distance_m", "to_etrs_tm35fin", "centroid"]

_GEOD = Geod(ellps="GRS80")


class GeometryError(ValueError):
    """A geometry that is not a valid polygon in WGS84."""


@lru_cache(maxsize=1)
def _to_3067() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True)


@lru_cache(maxsize=1)
def _from_3067() -> Transformer:
    # Building a Transformer costs about 0.1 s; centroids of every plot are taken per allocation.
    return Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)


def _project(geometry):
    """The same geometry in ETRS-TM35FIN metres."""
    return shapely.transform(geometry, lambda xy: _project_xy(xy))


def _project_xy(xy):
    import numpy as np

    x, y = _to_3067().transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def to_etrs_tm35fin(lon: float, lat: float) -> tuple[float, float]:
    """Project a WGS84 point to ETRS-TM35FIN easting and northing in metres.

    Examples
    --------
    >>> x, y = to_etrs_tm35fin(27.0, 61.0)
    >>> round(x), round(y / 1000)
    (500000, 6763)
    """
    return _to_3067().transform(lon, lat)


def validate_polygon(geometry: dict):
    """Return a shapely polygon for a GeoJSON Polygon or MultiPolygon, or raise GeometryError."""
    if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
        raise GeometryError("geometry must be a GeoJSON Polygon or MultiPolygon")
    try:
        polygon = shape(geometry)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise GeometryError(f"geometry coordinates are malformed: {exc}") from exc
    if polygon.is_empty:
        raise GeometryError("geometry is empty")
    minx, miny, maxx, maxy = polygon.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeometryError("coordinates must be WGS84 longitude, latitude (in that order)")
    if not polygon.is_valid:
        raise GeometryError(f"geometry is not a valid polygon: {explain_validity(polygon)}")
    return polygon


def polygon_area_m2(geometry: dict) -> float:
    """Area in square metres of a GeoJSON polygon given in WGS84, computed in EPSG:3067.

    Examples
    --------
    >>> square = {"type": "Polygon", "coordinates": [[(23.5, 61.5), (23.502, 61.5),
    ...     (23.502, 61.501), (23.5, 61.501), (23.5, 61.5)]]}
    >>> round(polygon_area_m2(square), -2)
    11900.0
    """
    polygon = validate_polygon(geometry)
    return float(_project(polygon).area)


def centroid(geometry: dict) -> tuple[float, float]:
    """The (lon, lat) centroid of a GeoJSON polygon, computed in EPSG:3067."""
    polygon = validate_polygon(geometry)
    projected = _project(polygon).centroid
    lon, lat = _from_3067().transform(projected.x, projected.y)
    return lon, lat


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Straight-line distance in metres between two WGS84 points (geodesic on GRS80).

    Examples
    --------
    >>> round(distance_m(23.5154, 61.5153, 23.9836, 61.5444) / 1000, 1)
    25.1
    """
    for name, value, bound in (("lon1", lon1, 180), ("lat1", lat1, 90), ("lon2", lon2, 180), ("lat2", lat2, 90)):
        if value is None or not math.isfinite(value) or abs(value) > bound:
            raise GeometryError(f"{name} must be a finite coordinate within ±{bound}; got {value!r}")
    _, _, metres = _GEOD.inv(lon1, lat1, lon2, lat2)
    return float(metres)


def as_geojson(polygon) -> dict:
    return mapping(polygon)
