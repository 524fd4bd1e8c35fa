#!/usr/bin/env node
// Draws the app icon with no image tools (a few shapes, 4×4 supersampling) and writes
//   build/icon.png   512×512 (Linux; macOS: electron-builder makes the .icns from it)
//   build/icon.ico   16, 24, 32, 48, 64 px as BMP entries + 128 and 256 px as PNG (Windows exe, installer,
//                    file associations)
// The output is committed; run `node build/make-icons.mjs` only when changing the design.
// Design: a blue rounded tile, a white certificate sheet with text lines, a red seal with two ribbons.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// Shapes in a 512×512 design space, painted in order. Colours are [r, g, b].
const shapes = [
  { kind: 'roundRect', x0: 16, y0: 16, x1: 496, y1: 496, r: 96, color: [0x1f, 0x5f, 0xae] },
  { kind: 'roundRect', x0: 104, y0: 84, x1: 408, y1: 412, r: 20, color: [0xff, 0xff, 0xff] },
  { kind: 'roundRect', x0: 144, y0: 140, x1: 368, y1: 164, r: 6, color: [0x1f, 0x5f, 0xae] },
  { kind: 'roundRect', x0: 144, y0: 196, x1: 368, y1: 212, r: 6, color: [0x9d, 0xb7, 0xd9] },
  { kind: 'roundRect', x0: 144, y0: 236, x1: 300, y1: 252, r: 6, color: [0x9d, 0xb7, 0xd9] },
  { kind: 'polygon', points: [[300, 340], [280, 452], [312, 432], [336, 460], [344, 344]], color: [0xb7, 0x1c, 0x1c] },
  { kind: 'polygon', points: [[352, 344], [360, 460], [384, 432], [416, 452], [392, 340]], color: [0xb7, 0x1c, 0x1c] },
  { kind: 'circle', cx: 346, cy: 318, r: 70, color: [0xff, 0xff, 0xff] },
  { kind: 'circle', cx: 346, cy: 318, r: 58, color: [0xe5, 0x39, 0x35] },
  { kind: 'circle', cx: 346, cy: 318, r: 30, color: [0xff, 0xcd, 0xd2] },
  { kind: 'circle', cx: 346, cy: 318, r: 22, color: [0xe5, 0x39, 0x35] },
];

function inside(shape, x, y) {
  switch (shape.kind) {
    case 'circle':
      return (x - shape.cx) ** 2 + (y - shape.cy) ** 2 <= shape.r ** 2;
    case 'roundRect': {
      const { x0, y0, x1, y1, r } = shape;
      if (x < x0 || x > x1 || y < y0 || y > y1) return false;
      const cx = Math.min(Math.max(x, x0 + r), x1 - r);
      const cy = Math.min(Math.max(y, y0 + r), y1 - r);
      return (x - cx) ** 2 + (y - cy) ** 2 <= r ** 2;
    }
    case 'polygon': {
      let hit = false;
      const p = shape.points;
      for (let i = 0, j = p.length - 1; i < p.length; j = i++) {
        if (p[i][1] > y !== p[j][1] > y && x < ((p[j][0] - p[i][0]) * (y - p[i][1])) / (p[j][1] - p[i][1]) + p[i][0]) hit = !hit;
      }
      return hit;
    }
    default:
      throw new Error(`unknown shape ${shape.kind}`);
  }
}

/** RGBA pixels, row-major, top row first. */
function render(size) {
  const out = Buffer.alloc(size * size * 4);
  const samples = 4;
  const scale = 512 / size;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const x = (px + (sx + 0.5) / samples) * scale;
          const y = (py + (sy + 0.5) / samples) * scale;
          let color = null;
          for (const shape of shapes) if (inside(shape, x, y)) color = shape.color;
          if (color) {
            r += color[0];
            g += color[1];
            b += color[2];
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
      out[i + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return out;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = [];
  for (let y = 0; y < size; y += 1) rows.push(Buffer.from([0]), rgba.subarray(y * size * 4, (y + 1) * size * 4));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 32-bit BMP icon entry: BITMAPINFOHEADER, BGRA rows bottom-up, then the 1-bit AND mask. */
function bmpEntry(size, rgba) {
  const info = Buffer.alloc(40);
  info.writeUInt32LE(40, 0);
  info.writeInt32LE(size, 4);
  info.writeInt32LE(size * 2, 8); // colour + mask
  info.writeUInt16LE(1, 12);
  info.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  return Buffer.concat([info, pixels, Buffer.alloc(maskRow * size)]); // all-zero mask: alpha decides
}

function ico(entries) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  let offset = 6 + 16 * entries.length;
  const directory = entries.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size;
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...directory, ...entries.map((e) => e.data)]);
}

writeFileSync(join(here, 'icon.png'), png(512, render(512)));
// Small sizes as BMP (every Windows and NSIS reads them), large ones as PNG (Vista+), to stay small.
const icoEntries = [16, 24, 32, 48, 64].map((size) => ({ size, data: bmpEntry(size, render(size)) }));
for (const size of [128, 256]) icoEntries.push({ size, data: png(size, render(size)) });
writeFileSync(join(here, 'icon.ico'), ico(icoEntries));
console.log('Wrote build/icon.png and build/icon.ico.');
