// A minimal PNG reader (8-bit greyscale/RGB/RGBA, non-interlaced: what Chromium and
// stb_image_write produce) and the pixel statistics the tests use to call an image blank.
// No dependencies: node's zlib inflates the data.
import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Returns {width, height, channels, data}: data holds rows of width*channels bytes.
export function decodePng(buf) {
  if (!Buffer.isBuffer(buf) || buf.length < 8 || !buf.subarray(0, 8).equals(SIGNATURE))
    throw new Error('not a PNG file');
  let width = 0, height = 0, depth = 0, colorType = 0, interlace = 0;
  const idat = [];
  for (let pos = 8; pos + 8 <= buf.length;) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8];
      colorType = body[9];
      interlace = body[12];
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
    pos += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType];
  if (depth !== 8 || !channels || interlace !== 0)
    throw new Error(`unsupported PNG (bit depth ${depth}, colour type ${colorType}, interlace ${interlace})`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error('truncated PNG data');
  const data = Buffer.alloc(height * stride);
  for (let y = 0; y < height; ++y) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = data.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? data.subarray((y - 1) * stride, y * stride) : null;
    for (let i = 0; i < stride; ++i) {
      const a = i >= channels ? out[i - channels] : 0;
      const b = prev ? prev[i] : 0;
      const c = prev && i >= channels ? prev[i - channels] : 0;
      let v = src[i];
      switch (filter) {
        case 0: break;
        case 1: v += a; break;
        case 2: v += b; break;
        case 3: v += (a + b) >> 1; break;
        case 4: {
          const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter ${filter} in row ${y}`);
      }
      out[i] = v & 0xff;
    }
  }
  return { width, height, channels, data };
}

// Luminance mean and standard deviation, the number of distinct colours (counted up to
// 4096), and the share of pixels that differ from the most common colour. Large images
// are sampled (every k-th pixel, at most ~500,000).
export function imageStats(img) {
  const { width, height, channels, data } = img;
  const stride = Math.max(1, Math.floor((width * height) / 500000)) | 1;  // odd: no column aliasing
  let n = 0, sum = 0, sum2 = 0;
  const colours = new Map();
  for (let p = 0; p < width * height; p += stride, ++n) {
    const o = p * channels;
    const r = data[o], g = channels >= 3 ? data[o + 1] : r, b = channels >= 3 ? data[o + 2] : r;
    const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += lum;
    sum2 += lum * lum;
    const key = (r << 16) | (g << 8) | b;
    if (colours.size < 4096 || colours.has(key)) colours.set(key, (colours.get(key) || 0) + 1);
  }
  const mean = sum / n;
  let top = 0;
  for (const count of colours.values()) top = Math.max(top, count);
  return {
    width, height, mean,
    stddev: Math.sqrt(Math.max(0, sum2 / n - mean * mean)),
    colours: colours.size,
    nonBackground: 1 - top / n,
  };
}

// A drawn UI: some contrast, more than a handful of colours (anti-aliased text), and
// something other than the background on at least 1% of the pixels.
export function blankReason(stats) {
  if (stats.stddev < 4) return `luminance stddev ${stats.stddev.toFixed(2)} < 4`;
  if (stats.colours < 16) return `only ${stats.colours} colours`;
  if (stats.nonBackground < 0.01) return `only ${(stats.nonBackground * 100).toFixed(2)}% non-background pixels`;
  return '';
}
