// Maps a scalar texture through a diverging colour map (placeholder until the widget lands).
in vec2 v_uv;
out vec4 frag_color;
uniform sampler2D u_values;
void main() { frag_color = vec4(texture(u_values, v_uv).rrr, 1.0); }
