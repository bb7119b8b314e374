import fc from 'fast-check';
import { pointInBoundary } from '../../src/catalog/geo';
import type { Boundary, Position } from '../../src/catalog/types';

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A closed counter-clockwise ring (or clockwise when `reverse`). */
function ring({ x0, y0, x1, y1 }: Rect, reverse = false): Position[] {
  const corners: Position[] = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ];
  return reverse ? corners.reverse() : corners;
}

const within = (r: Rect, x: number, y: number): boolean => x > r.x0 && x < r.x1 && y > r.y0 && y < r.y1;
const onEdgeLine = (r: Rect, x: number, y: number): boolean => x === r.x0 || x === r.x1 || y === r.y0 || y === r.y1;

/** Integer corners in a city-sized box of degrees; lon in [-180, 180), lat in [-90, 90). */
const rect = fc
  .tuple(fc.integer({ min: -180, max: 170 }), fc.integer({ min: -90, max: 80 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }))
  .map(([x0, y0, w, h]): Rect => ({ x0, y0, x1: x0 + w, y1: y0 + h }));
const coordinate = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const point = fc.tuple(coordinate(-181, 181), coordinate(-91, 91));

describe('pointInBoundary', () => {
  it('rectangle: inside iff strictly within the bounds (either winding)', () => {
    fc.assert(
      fc.property(rect, point, fc.boolean(), (r, [x, y], reverse) => {
        fc.pre(!onEdgeLine(r, x, y));
        expect(pointInBoundary([[ring(r, reverse)]], y, x)).toBe(within(r, x, y));
      }),
    );
  });

  it('rectangle: points near it, including exact half-steps, follow the bounds', () => {
    fc.assert(
      fc.property(rect, fc.integer({ min: -4, max: 24 }), fc.integer({ min: -4, max: 24 }), (r, i, j) => {
        // Half-integer offsets never land on an integer edge.
        const x = r.x0 - 1.5 + i * 0.5 + 0.25;
        const y = r.y0 - 1.5 + j * 0.5 + 0.25;
        expect(pointInBoundary([[ring(r)]], y, x)).toBe(within(r, x, y));
      }),
    );
  });

  it('a hole is outside', () => {
    fc.assert(
      fc.property(rect, point, (outer, [x, y]) => {
        const hole: Rect = { x0: outer.x0 + 0.25, y0: outer.y0 + 0.25, x1: outer.x1 - 0.25, y1: outer.y1 - 0.25 };
        fc.pre(!onEdgeLine(outer, x, y) && !onEdgeLine(hole, x, y));
        const boundary: Boundary = [[ring(outer), ring(hole, true)]];
        expect(pointInBoundary(boundary, y, x)).toBe(within(outer, x, y) && !within(hole, x, y));
      }),
    );
  });

  it('a multipolygon is the union of its polygons', () => {
    fc.assert(
      fc.property(rect, rect, point, (a, b, [x, y]) => {
        fc.pre(!onEdgeLine(a, x, y) && !onEdgeLine(b, x, y));
        const inA = within(a, x, y);
        const inB = within(b, x, y);
        // Overlapping polygons are a union, not an even-odd cancellation.
        expect(pointInBoundary([[ring(a)], [ring(b)]], y, x)).toBe(inA || inB);
      }),
    );
  });

  it('does not depend on the ring repeating its first position', () => {
    fc.assert(
      fc.property(rect, point, (r, [x, y]) => {
        const open = ring(r).slice(0, 4);
        expect(pointInBoundary([[open]], y, x)).toBe(pointInBoundary([[ring(r)]], y, x));
      }),
    );
  });

  it('handles a concave (L-shaped) polygon', () => {
    const l: Position[] = [
      [0, 0],
      [2, 0],
      [2, 1],
      [1, 1],
      [1, 2],
      [0, 2],
      [0, 0],
    ];
    expect(pointInBoundary([[l]], 0.5, 0.5)).toBe(true);
    expect(pointInBoundary([[l]], 1.5, 0.5)).toBe(true);
    expect(pointInBoundary([[l]], 0.5, 1.5)).toBe(true);
    expect(pointInBoundary([[l]], 1.5, 1.5)).toBe(false);
  });

  it('is false for an empty boundary and for non-finite coordinates', () => {
    const square: Boundary = [[ring({ x0: 0, y0: 0, x1: 1, y1: 1 })]];
    expect(pointInBoundary([], 0.5, 0.5)).toBe(false);
    expect(pointInBoundary(square, Number.NaN, 0.5)).toBe(false);
    expect(pointInBoundary(square, 0.5, Number.POSITIVE_INFINITY)).toBe(false);
  });
});
