/** Plane geometry of a building footprint: checks, area and the inner outline of the exterior walls. */

export type Point2 = [number, number];

/** Signed area (m²) by the shoelace formula; positive for counter-clockwise polygons. */
export function signedArea(polygon: readonly Point2[]): number {
  let twice = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    twice += x0 * y1 - x1 * y0;
  }
  return twice / 2;
}

/**
 * Throws unless `polygon` is a usable footprint: at least 3 finite points, counter-clockwise, and every
 * edge longer than `minEdgeM` (walls of that thickness on a shorter edge would fold over each other).
 * A repeated closing point is an error rather than silently dropped, so callers see their data as written.
 */
export function checkFootprint(polygon: readonly Point2[], minEdgeM: number, what: string): void {
  if (polygon.length < 3) throw new Error(`ifc-writer: ${what}: footprint needs at least 3 points, got ${polygon.length}`);
  polygon.forEach(([x, y], i) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`ifc-writer: ${what}: footprint point ${i} is not finite`);
  });
  if (signedArea(polygon) <= 0) throw new Error(`ifc-writer: ${what}: footprint must be counter-clockwise with a positive area`);
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len <= minEdgeM) {
      throw new Error(`ifc-writer: ${what}: footprint edge ${i} is ${len.toFixed(3)} m long, must be longer than ${minEdgeM} m`);
    }
  }
  // A vertex where the outline doubles back on itself has no mitre point (insetPolygon would divide by ~0).
  const normals = outwardNormals(polygon);
  normals.forEach(([bx, by], i) => {
    const [ax, ay] = normals[(i + normals.length - 1) % normals.length];
    if (1 + ax * bx + ay * by < 0.01) throw new Error(`ifc-writer: ${what}: footprint turns back on itself at point ${i}`);
  });
}

/**
 * The polygon moved `distanceM` inwards with mitred corners: vertex i of the result is where the inward
 * offsets of the two edges meeting at vertex i cross. Walls built between the footprint and this outline
 * close their corners exactly, both convex and concave (an L-shaped tower), with no gaps or overlaps.
 */
export function insetPolygon(polygon: readonly Point2[], distanceM: number): Point2[] {
  const count = polygon.length;
  const normals = outwardNormals(polygon);
  return polygon.map(([x, y], i) => {
    const [ax, ay] = normals[(i + count - 1) % count];
    const [bx, by] = normals[i];
    const k = distanceM / (1 + ax * bx + ay * by);
    return [x - k * (ax + bx), y - k * (ay + by)];
  });
}

/** Outward unit normal of each edge i (vertex i to i+1) of a counter-clockwise polygon. */
function outwardNormals(polygon: readonly Point2[]): Point2[] {
  return polygon.map(([x0, y0], i) => {
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    const len = Math.hypot(x1 - x0, y1 - y0);
    return [(y1 - y0) / len, -(x1 - x0) / len];
  });
}
