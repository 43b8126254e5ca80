// usage: node check_png.mjs FILE.png WIDTH HEIGHT
// Exits 0 when FILE is a WIDTHxHEIGHT PNG that is not blank (see ../browser/png.mjs).
import fs from 'node:fs';
import { decodePng, imageStats, blankReason } from '../browser/png.mjs';

const [file, width, height] = process.argv.slice(2);
try {
  const stats = imageStats(decodePng(fs.readFileSync(file)));
  const size = `${stats.width}x${stats.height}`;
  const why = size !== `${width}x${height}` ? `size ${size}, expected ${width}x${height}` : blankReason(stats);
  console.log(`${file}: ${size}, luminance ${stats.mean.toFixed(1)} +- ${stats.stddev.toFixed(1)}, ` +
              `${stats.colours}${stats.colours >= 4096 ? '+' : ''} colours${why ? `: BLANK? ${why}` : ''}`);
  process.exit(why ? 1 : 0);
} catch (e) {
  console.log(`${file}: ${e.message}`);
  process.exit(1);
}
