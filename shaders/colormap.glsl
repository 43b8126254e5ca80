// The playground's colour maps, defined once for both targets. The heatmap shader uses them
// on the GPU; the app reads them back into a small table (heatmap.cpp) for text and lines,
// so the CPU never keeps its own copy of the colours. t is in [0, 1].

// 0 = diverging: blue (negative) - light grey (zero) - red (positive), for weights and activations
vec3 colormap_diverging(float t) {
  const vec3 blue = vec3(0.16, 0.35, 0.72);
  const vec3 mid = vec3(0.93, 0.93, 0.91);
  const vec3 red = vec3(0.78, 0.20, 0.18);
  return t < 0.5 ? mix(blue, mid, t * 2.0) : mix(mid, red, t * 2.0 - 1.0);
}

// 1 = sequential: viridis' key colours (dark purple - blue - teal - green - yellow), for
// probabilities and attention weights
vec3 colormap_sequential(float t) {
  const vec3 c0 = vec3(0.267, 0.005, 0.329);
  const vec3 c1 = vec3(0.231, 0.322, 0.545);
  const vec3 c2 = vec3(0.129, 0.569, 0.549);
  const vec3 c3 = vec3(0.369, 0.788, 0.384);
  const vec3 c4 = vec3(0.992, 0.906, 0.145);
  float s = t * 4.0;
  if (s < 1.0) return mix(c0, c1, s);
  if (s < 2.0) return mix(c1, c2, s - 1.0);
  if (s < 3.0) return mix(c2, c3, s - 2.0);
  return mix(c3, c4, s - 3.0);
}

vec3 colormap(int map, float t) {
  return map == 0 ? colormap_diverging(t) : colormap_sequential(t);
}
