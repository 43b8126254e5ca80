// Colours a matrix: u_values holds one R32F texel per entry (NEAREST sampling, the only kind
// WebGL2 allows for float textures); colormap.glsl is prepended before this file.
in vec2 v_uv;
out vec4 frag_color;
uniform sampler2D u_values;
uniform float u_lo;
uniform float u_hi;
uniform int u_map;
void main() {
  float v = texture(u_values, v_uv).r;
  if (isnan(v) || isinf(v)) {  // masked (-inf) scores: a neutral dark grey, outside the scale
    frag_color = vec4(0.22, 0.22, 0.24, 1.0);
    return;
  }
  float t = clamp((v - u_lo) / max(u_hi - u_lo, 1e-30), 0.0, 1.0);
  frag_color = vec4(colormap(u_map, t), 1.0);
}
