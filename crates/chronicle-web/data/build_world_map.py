#!/usr/bin/env python3
"""Build the web map's country outlines (crates/chronicle-web/assets/world.json).

Input: countries-110m.json of the npm package world-atlas 2.x (TopoJSON made from
Natural Earth's Admin 0 countries). Output: a small JSON object of our own format,

    {"source": "...", "licence": "...",
     "projection": "equirectangular: x = lon + 180, y = 90 - lat",
     "width": 360, "height": 180,
     "countries": [{"name": "Armenia", "iso": "ARM", "d": "M223.4,48.8L...Z"}, ...]}

where `d` is an SVG path in the projected 360 x 180 box. See README.md beside this file.

Usage:
    python3 build_world_map.py PATH/TO/world-atlas/countries-110m.json [--output FILE]

Python 3.11 standard library only. The output is deterministic: the same input gives the
same bytes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUTPUT = HERE.parent / "assets" / "world.json"

# The versions README.md and NOTICE name. A different input is converted all the same, with a
# warning, because those texts then need updating.
EXPECTED_WORLD_ATLAS_VERSION = "2.0.2"
EXPECTED_NATURAL_EARTH_VERSION = "4.1.0"

PROJECTION = "equirectangular: x = lon + 180, y = 90 - lat"
WIDTH = 360
HEIGHT = 180

# ISO 3166-1 numeric code -> alpha-3 code, all 249 officially assigned codes.
ISO_NUMERIC_TO_ALPHA3 = {
    "004": "AFG", "008": "ALB", "010": "ATA", "012": "DZA", "016": "ASM", "020": "AND",
    "024": "AGO", "028": "ATG", "031": "AZE", "032": "ARG", "036": "AUS", "040": "AUT",
    "044": "BHS", "048": "BHR", "050": "BGD", "051": "ARM", "052": "BRB", "056": "BEL",
    "060": "BMU", "064": "BTN", "068": "BOL", "070": "BIH", "072": "BWA", "074": "BVT",
    "076": "BRA", "084": "BLZ", "086": "IOT", "090": "SLB", "092": "VGB", "096": "BRN",
    "100": "BGR", "104": "MMR", "108": "BDI", "112": "BLR", "116": "KHM", "120": "CMR",
    "124": "CAN", "132": "CPV", "136": "CYM", "140": "CAF", "144": "LKA", "148": "TCD",
    "152": "CHL", "156": "CHN", "158": "TWN", "162": "CXR", "166": "CCK", "170": "COL",
    "174": "COM", "175": "MYT", "178": "COG", "180": "COD", "184": "COK", "188": "CRI",
    "191": "HRV", "192": "CUB", "196": "CYP", "203": "CZE", "204": "BEN", "208": "DNK",
    "212": "DMA", "214": "DOM", "218": "ECU", "222": "SLV", "226": "GNQ", "231": "ETH",
    "232": "ERI", "233": "EST", "234": "FRO", "238": "FLK", "239": "SGS", "242": "FJI",
    "246": "FIN", "248": "ALA", "250": "FRA", "254": "GUF", "258": "PYF", "260": "ATF",
    "262": "DJI", "266": "GAB", "268": "GEO", "270": "GMB", "275": "PSE", "276": "DEU",
    "288": "GHA", "292": "GIB", "296": "KIR", "300": "GRC", "304": "GRL", "308": "GRD",
    "312": "GLP", "316": "GUM", "320": "GTM", "324": "GIN", "328": "GUY", "332": "HTI",
    "334": "HMD", "336": "VAT", "340": "HND", "344": "HKG", "348": "HUN", "352": "ISL",
    "356": "IND", "360": "IDN", "364": "IRN", "368": "IRQ", "372": "IRL", "376": "ISR",
    "380": "ITA", "384": "CIV", "388": "JAM", "392": "JPN", "398": "KAZ", "400": "JOR",
    "404": "KEN", "408": "PRK", "410": "KOR", "414": "KWT", "417": "KGZ", "418": "LAO",
    "422": "LBN", "426": "LSO", "428": "LVA", "430": "LBR", "434": "LBY", "438": "LIE",
    "440": "LTU", "442": "LUX", "446": "MAC", "450": "MDG", "454": "MWI", "458": "MYS",
    "462": "MDV", "466": "MLI", "470": "MLT", "474": "MTQ", "478": "MRT", "480": "MUS",
    "484": "MEX", "492": "MCO", "496": "MNG", "498": "MDA", "499": "MNE", "500": "MSR",
    "504": "MAR", "508": "MOZ", "512": "OMN", "516": "NAM", "520": "NRU", "524": "NPL",
    "528": "NLD", "531": "CUW", "533": "ABW", "534": "SXM", "535": "BES", "540": "NCL",
    "548": "VUT", "554": "NZL", "558": "NIC", "562": "NER", "566": "NGA", "570": "NIU",
    "574": "NFK", "578": "NOR", "580": "MNP", "581": "UMI", "583": "FSM", "584": "MHL",
    "585": "PLW", "586": "PAK", "591": "PAN", "598": "PNG", "600": "PRY", "604": "PER",
    "608": "PHL", "612": "PCN", "616": "POL", "620": "PRT", "624": "GNB", "626": "TLS",
    "630": "PRI", "634": "QAT", "638": "REU", "642": "ROU", "643": "RUS", "646": "RWA",
    "652": "BLM", "654": "SHN", "659": "KNA", "660": "AIA", "662": "LCA", "663": "MAF",
    "666": "SPM", "670": "VCT", "674": "SMR", "678": "STP", "682": "SAU", "686": "SEN",
    "688": "SRB", "690": "SYC", "694": "SLE", "702": "SGP", "703": "SVK", "704": "VNM",
    "705": "SVN", "706": "SOM", "710": "ZAF", "716": "ZWE", "724": "ESP", "728": "SSD",
    "729": "SDN", "732": "ESH", "740": "SUR", "744": "SJM", "748": "SWZ", "752": "SWE",
    "756": "CHE", "760": "SYR", "762": "TJK", "764": "THA", "768": "TGO", "772": "TKL",
    "776": "TON", "780": "TTO", "784": "ARE", "788": "TUN", "792": "TUR", "795": "TKM",
    "796": "TCA", "798": "TUV", "800": "UGA", "804": "UKR", "807": "MKD", "818": "EGY",
    "826": "GBR", "831": "GGY", "832": "JEY", "833": "IMN", "834": "TZA", "840": "USA",
    "850": "VIR", "854": "BFA", "858": "URY", "860": "UZB", "862": "VEN", "876": "WLF",
    "882": "WSM", "887": "YEM", "894": "ZMB",
}

# Features world-atlas gives no id. Kosovo has no ISO 3166-1 code; XKX is the user-assigned
# code that GeoNames (and so our gazetteer, crates/chronicle-geo) uses for it. The others
# (N. Cyprus, Somaliland, and in the 50m file Siachen Glacier and Indian Ocean Ter.) stay null.
NAME_TO_ALPHA3 = {"Kosovo": "XKX"}

ANTARCTICA_ID = "010"

# A segment whose ends are more than this many degrees of longitude apart is taken to cross
# the antimeridian (no edge of a real outline spans half the world).
ANTIMERIDIAN_JUMP = 180.0


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as lists of (lon, lat); quantized arcs are delta-decoded."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for position in arc:
                x += position[0]
                y += position[1]
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def ring_coordinates(arc_indexes: list[int], arcs) -> list[tuple[float, float]]:
    """Join a ring's arcs; ~i (a negative index) is arc i reversed. Consecutive arcs share
    their joining point, which is kept once."""
    points: list[tuple[float, float]] = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["arcs"]]
    if kind == "MultiPolygon":
        return list(geometry["arcs"])
    if kind is None:  # a feature without geometry
        return []
    raise SystemExit(f"unsupported geometry type {kind!r} for {geometry.get('properties')}")


class Stats:
    def __init__(self) -> None:
        self.rings_in = 0
        self.rings_out = 0
        self.rings_degenerate = 0
        self.rings_across_antimeridian = 0
        self.rings_doubled = 0
        self.points_out = 0


def project_ring(coordinates, factor: int) -> list[tuple[int, int]]:
    """Project to x = lon + 180, y = 90 - lat on an integer grid of 1/factor degree (the
    rounding), dropping consecutive duplicates and the closing repeat of the first point."""
    out: list[tuple[int, int]] = []
    for lon, lat in coordinates:
        point = (round((lon + 180.0) * factor), round((90.0 - lat) * factor))
        if not out or out[-1] != point:
            out.append(point)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def twice_signed_area(ring: list[tuple[int, int]]) -> int:
    """Shoelace sum; with y pointing down (SVG), positive means clockwise on screen."""
    total = 0
    for i, (x0, y0) in enumerate(ring):
        x1, y1 = ring[(i + 1) % len(ring)]
        total += x0 * y1 - x1 * y0
    return total


def fix_antimeridian(ring: list[tuple[int, int]], factor: int) -> list[list[tuple[int, int]]]:
    """Mend a ring with a segment jumping more than 180 degrees in x, i.e. across the
    antimeridian. Natural Earth's 1:110m polygons are not all cut at 180°: in world-atlas
    2.0.2 an island of Fiji, Russia's Chukotka and Wrangel Island straddle it. Shift its points to be continuous. If the ring then fits in the map it
    is simply moved there; if it truly straddles 180° it runs past x = 360 (or below x = 0)
    and a copy moved by 360 degrees covers the other side, both clipped by the map's viewBox.
    A ring that goes once around the world (round a pole) is closed along the nearer pole."""
    jump = ANTIMERIDIAN_JUMP * factor
    full = 360 * factor
    if not any(abs(ring[i][0] - ring[i - 1][0]) > jump for i in range(len(ring))):
        return [ring]
    unwrapped = [ring[0]]
    shift = 0
    for (x0, _), (x1, y1) in zip(ring, ring[1:]):
        if x1 - x0 > jump:
            shift -= full
        elif x0 - x1 > jump:
            shift += full
        unwrapped.append((x1 + shift, y1))
    if abs(unwrapped[-1][0] - unwrapped[0][0]) > jump:
        # Circles a pole: close through the pole's edge of the map.
        mean_y = sum(y for _, y in ring) / len(ring)
        pole = 0 if mean_y < HEIGHT * factor / 2 else HEIGHT * factor
        return [unwrapped + [(unwrapped[-1][0], pole), (unwrapped[0][0], pole)]]
    low = min(x for x, _ in unwrapped)
    high = max(x for x, _ in unwrapped)
    for offset in (-full, 0, full):
        if 0 <= low + offset and high + offset <= full:
            return [[(x + offset, y) for x, y in unwrapped]]
    other = full if low < 0 else -full
    return [unwrapped, [(x + other, y) for x, y in unwrapped]]


def country_rings(polygons, arcs, factor: int, stats: Stats) -> list[list[tuple[int, int]]]:
    rings_out = []
    for polygon in polygons:
        for ring_number, arc_indexes in enumerate(polygon):
            stats.rings_in += 1
            ring = project_ring(ring_coordinates(arc_indexes, arcs), factor)
            pieces = fix_antimeridian(ring, factor) if len(ring) >= 3 else [ring]
            area = twice_signed_area(pieces[0]) if len(ring) >= 3 else 0
            if area == 0:
                # Collapsed by the rounding (or already without area in the source, like one
                # ring of North Korea in 110m). A lost exterior takes its holes with it.
                stats.rings_degenerate += 1
                if ring_number == 0:
                    stats.rings_degenerate += len(polygon) - 1
                    break
                continue
            if len(pieces) > 1 or pieces[0] is not ring:
                stats.rings_across_antimeridian += 1
            if len(pieces) > 1:
                stats.rings_doubled += 1
            # Exteriors clockwise on screen, holes anticlockwise, so that both the nonzero and
            # the evenodd fill rule leave holes (Lesotho in South Africa) empty.
            want_clockwise = ring_number == 0
            if (area > 0) != want_clockwise:
                pieces = [[piece[0]] + piece[:0:-1] for piece in pieces]
            rings_out.extend(pieces)
    return rings_out


def format_number(value: int, decimals: int) -> str:
    text = f"{value / 10 ** decimals:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def path_data(rings, decimals: int, stats: Stats) -> str:
    parts = []
    for ring in rings:
        stats.rings_out += 1
        stats.points_out += len(ring)
        coordinates = [
            f"{format_number(x, decimals)},{format_number(y, decimals)}" for x, y in ring
        ]
        parts.append("M" + "L".join(coordinates) + "Z")
    return "".join(parts)


def package_versions(input_path: Path) -> tuple[str, str]:
    """world-atlas's version (its package.json) and Natural Earth's (its README), read from
    the package folder the input file sits in."""
    atlas_version = natural_earth_version = "unknown"
    package_json = input_path.parent / "package.json"
    if package_json.is_file():
        package = json.loads(package_json.read_text(encoding="utf-8"))
        if package.get("name") == "world-atlas":
            atlas_version = package.get("version", "unknown")
    readme = input_path.parent / "README.md"
    if readme.is_file():
        found = re.search(r"version (\d+(?:\.\d+)+) as TopoJSON", readme.read_text("utf-8"))
        if found:
            natural_earth_version = found.group(1)
    return atlas_version, natural_earth_version


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, help="world-atlas's countries-110m.json")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help=f"where to write (default {DEFAULT_OUTPUT})")
    parser.add_argument("--decimals", type=int, default=1,
                        help="decimals kept in the projected coordinates (default 1)")
    parser.add_argument("--keep-antarctica", action="store_true",
                        help="keep Antarctica (dropped by default to save space)")
    args = parser.parse_args()
    if not 0 <= args.decimals <= 6:
        parser.error("--decimals must be between 0 and 6")

    topology = json.loads(args.input.read_text(encoding="utf-8"))
    if topology.get("type") != "Topology" or "countries" not in topology.get("objects", {}):
        raise SystemExit(f"{args.input}: not a world-atlas countries topology")
    arcs = decode_arcs(topology)
    factor = 10 ** args.decimals

    atlas_version, ne_version = package_versions(args.input)
    for what, got, expected in (("world-atlas", atlas_version, EXPECTED_WORLD_ATLAS_VERSION),
                                ("Natural Earth", ne_version, EXPECTED_NATURAL_EARTH_VERSION)):
        if got != expected:
            print(f"warning: {what} version {got}, README.md and NOTICE name {expected}: "
                  "update them", file=sys.stderr)
    scale = re.search(r"(\d+m)\.json$", args.input.name)
    scale_text = f", 1:{scale.group(1)}" if scale else ""

    stats = Stats()
    countries = []
    dropped = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = (geometry.get("properties") or {}).get("name") or ""
        numeric = geometry.get("id")
        if numeric == ANTARCTICA_ID and not args.keep_antarctica:
            dropped.append(f"{name} (Antarctica is left out; --keep-antarctica keeps it)")
            continue
        if numeric is not None:
            numeric = str(numeric).zfill(3)
            if numeric not in ISO_NUMERIC_TO_ALPHA3:
                raise SystemExit(f"unknown ISO 3166-1 numeric code {numeric} ({name})")
            iso = ISO_NUMERIC_TO_ALPHA3[numeric]
        else:
            iso = NAME_TO_ALPHA3.get(name)
        rings = country_rings(polygons_of(geometry), arcs, factor, stats)
        if not rings:
            dropped.append(f"{name} (nothing left after rounding to {args.decimals} decimals)")
            continue
        countries.append({"name": name, "iso": iso, "d": path_data(rings, args.decimals, stats)})
    countries.sort(key=lambda c: (c["name"].casefold(), c["name"]))

    header = {
        "source": (f"world-atlas {atlas_version} {args.input.name} (Natural Earth {ne_version} "
                   f"Admin 0 countries{scale_text}), reprojected and rounded by "
                   "crates/chronicle-web/data/build_world_map.py"),
        "licence": ("Natural Earth: public domain. world-atlas: ISC, Copyright 2013-2019 "
                    "Michael Bostock. See NOTICE."),
        "projection": PROJECTION,
        "width": WIDTH,
        "height": HEIGHT,
    }
    # One country a line, so that a rebuild's diff is readable.
    lines = ["{" + json.dumps(header, ensure_ascii=False)[1:-1] + ', "countries": [']
    for i, country in enumerate(countries):
        comma = "," if i + 1 < len(countries) else ""
        lines.append(json.dumps(country, ensure_ascii=False, separators=(",", ":")) + comma)
    lines.append("]}")
    text = "\n".join(lines) + "\n"
    json.loads(text)  # a last check that what is written parses

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    no_iso = [c["name"] for c in countries if c["iso"] is None]
    print(f"wrote {args.output}: {len(text.encode('utf-8'))} bytes, {len(countries)} countries, "
          f"{stats.rings_out} rings, {stats.points_out} points", file=sys.stderr)
    print(f"rings: {stats.rings_in} in, {stats.rings_degenerate} without area after rounding, "
          f"{stats.rings_across_antimeridian} across the antimeridian mended "
          f"({stats.rings_doubled} of them drawn twice, once each side)", file=sys.stderr)
    print(f"without an ISO code: {', '.join(no_iso) or 'none'}", file=sys.stderr)
    for line in dropped:
        print(f"dropped: {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
