#include "app/widgets/matrix_view.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "app/i18n.h"
#include "app/widgets/item_rects.h"
#include "formats/matrix_text.h"

namespace vp::app {

namespace {

constexpr float kMaxTypedMagnitude = 1000.0f;  // keeps products and exp() of typed inputs finite
const ImU32 kHighlight = IM_COL32(255, 176, 32, 255);
const ImU32 kHover = IM_COL32(255, 255, 255, 255);
const ImU32 kErrorText = IM_COL32(255, 110, 100, 255);

float ui_scale() { return ImGui::GetFontSize() / 16.0f; }  // fonts are built at 16 px x scale

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

std::string label(const std::vector<std::string>& labels, int i) {
  return i < static_cast<int>(labels.size()) ? labels[i] : std::to_string(i);
}

std::string title_with_shape(const char* title, const Mat& m) {
  return std::string(title) + "  " + shape_str(m);
}

// The colour range: the caller's, or from the finite values (diverging: symmetric about 0).
void color_range(const Mat& m, const MatrixViewOptions& o, float* lo, float* hi) {
  if (o.range_min != o.range_max) {
    *lo = o.range_min;
    *hi = o.range_max;
    return;
  }
  float mn = INFINITY, mx = -INFINITY;
  for (Eigen::Index i = 0; i < m.size(); ++i)
    if (std::isfinite(m.data()[i])) {
      mn = std::min(mn, m.data()[i]);
      mx = std::max(mx, m.data()[i]);
    }
  if (mn > mx) mn = mx = 0;  // nothing finite
  if (o.color_map == ColorMap::diverging) {
    const float extent = std::max(std::abs(mn), std::abs(mx));
    *lo = extent > 0 ? -extent : -1;
    *hi = extent > 0 ? extent : 1;
  } else {
    *lo = mn;
    *hi = mx > mn ? mx : mn + 1;
  }
}

struct Layout {
  float cell_w = 0, cell_h = 0;  // one cell
  float row_label_w = 0;         // left of the grid
  float col_label_h = 0;         // above the grid
  float title_w = 0;
};

Layout layout_of(const char* title, const Mat& m, const MatrixViewOptions& o) {
  const float scale = ui_scale(), pad = 6 * scale;
  Layout l;
  l.cell_h = ImGui::GetTextLineHeight() + 8 * scale;
  float widest = 0;
  if (o.show_numbers)
    for (Eigen::Index i = 0; i < m.size(); ++i)
      widest = std::max(widest, ImGui::CalcTextSize(format_number(m.data()[i], o.format).c_str()).x);
  for (Eigen::Index c = 0; c < m.cols(); ++c)
    widest = std::max(widest, ImGui::CalcTextSize(label(o.col_labels, static_cast<int>(c)).c_str()).x);
  l.cell_w = o.cell_width > 0 ? o.cell_width * scale : std::max(widest + 2 * pad, l.cell_h * 1.4f);
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    l.row_label_w = std::max(l.row_label_w, ImGui::CalcTextSize(label(o.row_labels, static_cast<int>(r)).c_str()).x);
  l.row_label_w += pad;
  l.col_label_h = ImGui::GetTextLineHeight() + 2 * scale;
  l.title_w = ImGui::CalcTextSize(title_with_shape(title, m).c_str()).x;
  return l;
}

struct EditState {
  int row = -1, col = -1;  // the cell being typed into
  int started_frame = 0;
  char text[64] = {};
  std::string error;       // shown under the grid until the next edit
};
std::unordered_map<ImGuiID, EditState>& edit_states() {
  static std::unordered_map<ImGuiID, EditState> states;  // UI state, like ImGui's own InputText
  return states;
}

// Writes the typed text into cell (row, col), or leaves it and records why not.
bool commit(EditState& s, Mat& m) {
  const int row = s.row, col = s.col;
  s.row = s.col = -1;
  if (row < 0 || row >= m.rows() || col >= m.cols()) return false;
  float value = 0;
  std::string why = parse_cell_value(s.text, &value);
  if (!why.empty()) {
    s.error = why + " " + tr("Kept", "保留原值") + " " + format_number(m(row, col), {4, false, true}) + ".";
    return false;
  }
  s.error.clear();
  if (value == m(row, col)) return false;
  m(row, col) = value;
  return true;
}

// Right-click a matrix: copy it as TSV (spreadsheets), JSON or a NumPy literal (a canvas
// has no text selection). ImGui's clipboard is GLFW's natively and the browser's in the page.
void copy_menu(const Mat& m) {
  if (!ImGui::BeginPopupContextItem("copy")) return;
  ImGui::TextDisabled("%s", tr("Copy the matrix as", "复制矩阵为"));
  if (ImGui::MenuItem(tr("TSV (spreadsheets)", "TSV（电子表格）"))) ImGui::SetClipboardText(matrix_to_tsv(m).c_str());
  if (ImGui::MenuItem("JSON")) ImGui::SetClipboardText(matrix_to_json(m).c_str());
  if (ImGui::MenuItem("NumPy")) ImGui::SetClipboardText(matrix_to_numpy(m).c_str());
  note_item_rect("menu", "NumPy");
  ImGui::EndPopup();
}

// The shared body of matrix_view and matrix_edit. `editable` is null for a read-only view.
CellRef draw_matrix(const char* title, const Mat& m, const MatrixViewOptions& o, Mat* editable, bool* changed) {
  CellRef hovered;
  ImGui::PushID(title);
  ImGui::BeginGroup();
  ImGui::TextUnformatted(title);
  ImGui::SameLine();
  ImGui::TextDisabled("%s", shape_str(m).c_str());
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", tr("Right-click the matrix to copy it (TSV, JSON, NumPy).", "右键点击矩阵可复制（TSV、JSON、NumPy）。"));
  if (m.rows() == 0 || m.cols() == 0) {
    ImGui::TextDisabled("%s", tr("(empty)", "（空）"));
    ImGui::EndGroup();
    ImGui::PopID();
    return hovered;
  }

  const Layout l = layout_of(title, m, o);
  const float scale = ui_scale();
  const int rows = static_cast<int>(m.rows()), cols = static_cast<int>(m.cols());
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 label_color = ImGui::GetColorU32(ImGuiCol_TextDisabled);

  // column labels
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const ImVec2 grid_min(top.x + l.row_label_w, top.y + l.col_label_h);
  const ImVec2 grid_size(cols * l.cell_w, rows * l.cell_h);
  const ImVec2 grid_max(grid_min.x + grid_size.x, grid_min.y + grid_size.y);
  ImGui::Dummy(ImVec2(l.row_label_w + grid_size.x, l.col_label_h));
  for (int c = 0; c < cols; ++c) {
    const std::string text = label(o.col_labels, c);
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    draw->AddText(ImVec2(grid_min.x + c * l.cell_w + (l.cell_w - w) / 2, top.y),
                  contains(o.highlight_cols, c) ? kHighlight : label_color, text.c_str());
  }
  for (int r = 0; r < rows; ++r) {
    const std::string text = label(o.row_labels, r);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    draw->AddText(ImVec2(grid_min.x - size.x - 6 * scale, grid_min.y + r * l.cell_h + (l.cell_h - size.y) / 2),
                  contains(o.highlight_rows, r) ? kHighlight : label_color, text.c_str());
  }

  // the cells: colours from the GPU, then separating lines, numbers, outlines
  ImGui::SetCursorScreenPos(grid_min);
  const bool clicked = ImGui::InvisibleButton("grid", grid_size);
  ImGui::SetItemAllowOverlap();  // the cell editor is drawn on top
  const bool grid_hovered = ImGui::IsItemHovered();
  note_item_rect("matrix", title);
  float lo = 0, hi = 1;
  color_range(m, o, &lo, &hi);
  if (ImTextureID texture = heatmap_texture("cells", m, o.color_map, lo, hi))
    draw->AddImage(texture, grid_min, grid_max);
  const ImU32 line_color = ImGui::GetColorU32(ImGuiCol_WindowBg, 0.8f);
  for (int c = 1; c < cols; ++c)
    draw->AddLine(ImVec2(grid_min.x + c * l.cell_w, grid_min.y), ImVec2(grid_min.x + c * l.cell_w, grid_max.y),
                  line_color, scale);
  for (int r = 1; r < rows; ++r)
    draw->AddLine(ImVec2(grid_min.x, grid_min.y + r * l.cell_h), ImVec2(grid_max.x, grid_min.y + r * l.cell_h),
                  line_color, scale);
  auto cell_min = [&](int r, int c) { return ImVec2(grid_min.x + c * l.cell_w, grid_min.y + r * l.cell_h); };
  auto cell_max = [&](int r, int c) { return ImVec2(grid_min.x + (c + 1) * l.cell_w, grid_min.y + (r + 1) * l.cell_h); };
  if (o.show_numbers) {
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) {
        const float v = m(r, c);
        // black on bright cells, white on dark ones (perceived luminance of the cell colour)
        bool dark_text = false;
        if (std::isfinite(v)) {
          const ImU32 bg = colormap_color(o.color_map, (v - lo) / (hi - lo));
          const float lum = 0.299f * (bg & 0xFF) + 0.587f * ((bg >> 8) & 0xFF) + 0.114f * ((bg >> 16) & 0xFF);
          dark_text = lum > 150;
        }
        const std::string text = format_number(v, o.format);
        const ImVec2 size = ImGui::CalcTextSize(text.c_str());
        const ImVec2 p = cell_min(r, c);
        draw->AddText(ImVec2(p.x + (l.cell_w - size.x) / 2, p.y + (l.cell_h - size.y) / 2),
                      dark_text ? IM_COL32(20, 20, 24, 255) : IM_COL32(250, 250, 250, 255), text.c_str());
      }
  }
  const float thick = 2 * scale;
  for (int r : o.highlight_rows)
    if (r >= 0 && r < rows) draw->AddRect(cell_min(r, 0), cell_max(r, cols - 1), kHighlight, 0, 0, thick);
  for (int c : o.highlight_cols)
    if (c >= 0 && c < cols) draw->AddRect(cell_min(0, c), cell_max(rows - 1, c), kHighlight, 0, 0, thick);
  for (auto [r, c] : o.highlight_cells)
    if (r >= 0 && r < rows && c >= 0 && c < cols) draw->AddRect(cell_min(r, c), cell_max(r, c), kHighlight, 0, 0, thick);

  if (grid_hovered) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    hovered.col = std::clamp(static_cast<int>((mouse.x - grid_min.x) / l.cell_w), 0, cols - 1);
    hovered.row = std::clamp(static_cast<int>((mouse.y - grid_min.y) / l.cell_h), 0, rows - 1);
    draw->AddRect(cell_min(hovered.row, hovered.col), cell_max(hovered.row, hovered.col), kHover, 0, 0, thick);
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
    ImGui::Text("%s[%s, %s] = %.6g", title, label(o.row_labels, hovered.row).c_str(),
                label(o.col_labels, hovered.col).c_str(), m(hovered.row, hovered.col));
    if (o.explain) {
      const std::string why = o.explain(hovered.row, hovered.col);
      if (!why.empty()) {
        ImGui::Separator();
        ImGui::TextUnformatted(why.c_str());
      }
    }
    if (editable) ImGui::TextDisabled("%s", tr("Click to type a new value.", "点击后输入新的数值。"));
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }

  // editing: a text field over the clicked cell
  if (editable) {
    EditState& s = edit_states()[ImGui::GetID("grid")];
    if (clicked && hovered.valid()) {
      if (s.row >= 0) *changed |= commit(s, *editable);  // clicking on moves on, like a spreadsheet
      s.row = hovered.row;
      s.col = hovered.col;
      s.started_frame = ImGui::GetFrameCount();
      std::snprintf(s.text, sizeof(s.text), "%g", m(s.row, s.col));
      s.error.clear();
    }
    if (s.row >= rows || s.col >= cols) s.row = s.col = -1;  // the matrix shrank meanwhile
    if (s.row >= 0) {
      ImGui::SetCursorScreenPos(cell_min(s.row, s.col));
      ImGui::SetNextItemWidth(l.cell_w);
      if (ImGui::GetFrameCount() == s.started_frame) ImGui::SetKeyboardFocusHere();
      ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(3 * scale, (l.cell_h - ImGui::GetFontSize()) / 2));
      ImGui::PushID(s.row * cols + s.col);  // a fresh text field per cell, never a stale buffer
      const bool enter = ImGui::InputText("##cell", s.text, sizeof(s.text),
                                          ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
      ImGui::PopID();
      ImGui::PopStyleVar();
      const bool escape = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
      if (enter || (ImGui::IsItemDeactivated() && !escape)) *changed |= commit(s, *editable);
      else if (escape || (!ImGui::IsItemActive() && ImGui::GetFrameCount() > s.started_frame + 1))
        s.row = s.col = -1;  // cancelled, or focus went elsewhere
    }
    ImGui::SetCursorScreenPos(ImVec2(top.x, grid_max.y + ImGui::GetStyle().ItemSpacing.y));
    ImGui::Dummy(ImVec2(0, 0));
    if (!s.error.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, kErrorText);
      ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + std::max(l.row_label_w + grid_size.x, ImGui::GetFontSize() * 14));
      ImGui::TextUnformatted(s.error.c_str());
      ImGui::PopTextWrapPos();
      ImGui::PopStyleColor();
    }
  }
  if (o.show_legend) {
    ImGui::SetCursorScreenPos(ImVec2(grid_min.x, ImGui::GetCursorScreenPos().y));
    colormap_legend(o.color_map, lo, hi, std::max(grid_size.x, ImGui::GetFontSize() * 7));
  }
  ImGui::EndGroup();
  copy_menu(m);
  ImGui::PopID();
  return hovered;
}

}  // namespace

std::string format_number(float value, const NumberFormat& f) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  char text[48];
  const int decimals = std::clamp(f.decimals, 0, 8);
  std::snprintf(text, sizeof(text), f.scientific ? "%.*e" : "%.*f", decimals, value);
  std::string s = text;
  if (f.trim_zeros && !f.scientific && s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  // "-0.00": a tiny negative number rounded to zero reads as plain zero
  const std::string mantissa = s.substr(0, s.find_first_of("eE"));
  if (s[0] == '-' && mantissa.find_first_of("123456789") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string parse_cell_value(const std::string& typed, float* value) {
  std::string text = typed;
  for (char& ch : text)
    if (ch == ',') ch = '.';  // a decimal comma is meant as a point here
  // the typographic minus (U+2212), as pasted from the article or a math text
  for (size_t at; (at = text.find("\xE2\x88\x92")) != std::string::npos;) text.replace(at, 3, "-");
  const size_t first = text.find_first_not_of(" \t"), last = text.find_last_not_of(" \t");
  text = first == std::string::npos ? "" : text.substr(first, last - first + 1);
  const std::string quoted = "'" + typed + "'";
  if (text.empty()) return tr("Empty input is not a number.", "空输入不是数字。");
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size())
    return quoted + tr(" is not a number.", " 不是数字。");
  if (!std::isfinite(v)) return quoted + tr(" is not a finite number.", " 不是有限的数。");
  if (std::abs(v) > kMaxTypedMagnitude)
    return quoted + tr(" is too large: values here are between -1000 and 1000.", " 太大：这里的数值须在 -1000 到 1000 之间。");
  *value = static_cast<float>(v);
  return "";
}

CellRef matrix_view(const char* title, const Mat& m, const MatrixViewOptions& options) {
  return draw_matrix(title, m, options, nullptr, nullptr);
}

bool matrix_edit(const char* title, Mat& m, const MatrixViewOptions& options) {
  bool changed = false;
  draw_matrix(title, m, options, &m, &changed);
  return changed;
}

ImVec2 matrix_view_size(const Mat& m, const MatrixViewOptions& options, const char* title) {
  const Layout l = layout_of(title ? title : "", m, options);
  const ImGuiStyle& style = ImGui::GetStyle();
  const float line = ImGui::GetTextLineHeight();
  const float grid_w = l.row_label_w + m.cols() * l.cell_w;
  float w = std::max(grid_w, l.title_w);
  float h = line + style.ItemSpacing.y + l.col_label_h + m.rows() * l.cell_h + style.ItemSpacing.y;
  if (options.show_legend) {
    w = std::max(w, l.row_label_w + ImGui::GetFontSize() * 7);
    h += line + style.ItemSpacing.y;
  }
  return ImVec2(w, h);
}

void same_line_if_fits(float next_width) {
  const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x * 2 + next_width;
  const float limit = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (right <= limit) ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
}

void matrix_view_beside(const char* title, const Mat& m, const MatrixViewOptions& options) {
  same_line_if_fits(matrix_view_size(m, options, title).x);
  matrix_view(title, m, options);
}

std::vector<std::string> index_labels(int n) {
  std::vector<std::string> labels;
  for (int i = 0; i < n; ++i) labels.push_back(std::to_string(i));
  return labels;
}

}  // namespace vp::app
