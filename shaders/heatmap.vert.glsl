// One triangle covering the whole target (no vertex buffer: positions from gl_VertexID).
// v_uv runs over [0, 1] across the target, row 0 of the matrix at v = 0.
out vec2 v_uv;
void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));  // (0,0) (2,0) (0,2)
  v_uv = p;
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
