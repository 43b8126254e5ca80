// A ViT-Ti/16 checkpoint at 224 in timm's naming (12 blocks, D = 192, 3 heads, 1000 ImageNet
// classes, deterministic random weights, 23 MB of float32) and timm's config.json for it: what
// the ViT checkpoint test and bench/page-engine.mjs open in the page.
export const DIM = 192, DEPTH = 12, MLP = 768, PATCH = 16, SIZE = 224, CLASSES = 1000;
const GRID = SIZE / PATCH;

// A small deterministic generator (mulberry32): the same weights on every run.
function uniforms(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// timm's tensors with their shapes and how each is filled: linear weights uniform with the
// variance 1/fan_in (activations keep their scale through 12 blocks), LayerNorms at 1 and 0,
// the position embeddings a 2-D sine/cosine table (nearby patches similar, as trained ones
// are), a head scaled so the softmax is peaked enough for a top-5 to mean something.
export function timmTensors({ wrongShape = null } = {}) {
  const t = [];
  const add = (name, shape, fill) => t.push({ name, shape: wrongShape?.name === name ? wrongShape.shape : shape, fill });
  const linear = (name, out, inp, scale = 1) => {
    add(`${name}.weight`, [out, inp], { uniform: scale * Math.sqrt(3 / inp) });
    add(`${name}.bias`, [out], { uniform: 0.02 });
  };
  const norm = (name) => {
    add(`${name}.weight`, [DIM], { constant: 1 });
    add(`${name}.bias`, [DIM], { constant: 0 });
  };
  add('patch_embed.proj.weight', [DIM, 3, PATCH, PATCH], { uniform: Math.sqrt(3 / (3 * PATCH * PATCH)) });
  add('patch_embed.proj.bias', [DIM], { uniform: 0.02 });
  add('cls_token', [1, 1, DIM], { uniform: 0.5 });
  add('pos_embed', [1, GRID * GRID + 1, DIM], { sincos: true });
  for (let b = 0; b < DEPTH; ++b) {
    norm(`blocks.${b}.norm1`);
    linear(`blocks.${b}.attn.qkv`, 3 * DIM, DIM, 2);  // sharper attention than 1/fan_in gives
    linear(`blocks.${b}.attn.proj`, DIM, DIM);
    norm(`blocks.${b}.norm2`);
    linear(`blocks.${b}.mlp.fc1`, MLP, DIM);
    linear(`blocks.${b}.mlp.fc2`, DIM, MLP);
  }
  norm('norm');
  linear('head', CLASSES, DIM, 3);
  return t;
}

// pos_embed [1, 197, 192]: the class token's row zero, patch (r, c) the sine/cosine of r and c
// at DIM/4 frequencies each (MAE's 2-D table), each column centred over the patches (the slow
// frequencies are nearly constant and would make every pair of positions look alike).
function sincosPositions(out) {
  const quarter = DIM / 4, S = GRID * GRID;
  for (let p = 0; p < S; ++p) {
    const row = out.subarray((p + 1) * DIM, (p + 2) * DIM), r = Math.floor(p / GRID), c = p % GRID;
    for (let k = 0; k < quarter; ++k) {
      const w = 1 / Math.pow(10000, k / quarter);
      row[k] = Math.sin(r * w);
      row[quarter + k] = Math.cos(r * w);
      row[2 * quarter + k] = Math.sin(c * w);
      row[3 * quarter + k] = Math.cos(c * w);
    }
  }
  for (let d = 0; d < DIM; ++d) {
    let mean = 0;
    for (let p = 1; p <= S; ++p) mean += out[p * DIM + d] / S;
    for (let p = 1; p <= S; ++p) out[p * DIM + d] -= mean;
  }
}

// The safetensors bytes: u64 header length, the JSON header, then every tensor's F32 data.
export function safetensors(tensors, seed = 7) {
  const header = {};
  let offset = 0;
  for (const t of tensors) {
    const bytes = 4 * t.shape.reduce((a, b) => a * b, 1);
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const file = Buffer.alloc(8 + json.length + offset);
  file.writeBigUInt64LE(BigInt(json.length), 0);
  file.write(json, 8, 'latin1');
  const data = new Float32Array(file.buffer, file.byteOffset + 8 + json.length, offset / 4);
  const random = uniforms(seed);
  for (const t of tensors) {
    const [begin, end] = header[t.name].data_offsets;
    const out = data.subarray(begin / 4, end / 4);
    if (t.fill.sincos) sincosPositions(out);
    else if (t.fill.constant !== undefined) out.fill(t.fill.constant);
    else for (let i = 0; i < out.length; ++i) out[i] = (2 * random() - 1) * t.fill.uniform;
  }
  return file;
}

// timm's config.json for vit_tiny_patch16_224 (the heads come from the architecture's name).
export const TIMM_CONFIG = Buffer.from(JSON.stringify({
  architecture: 'vit_tiny_patch16_224', num_classes: CLASSES, num_features: DIM, global_pool: 'token',
  pretrained_cfg: { input_size: [3, SIZE, SIZE], crop_pct: 0.9, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
}, null, 2));

