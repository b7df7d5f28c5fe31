#include "pdf/canvas.hpp"

#include <algorithm>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/error.hpp"

namespace arx::pdf {
namespace {

constexpr const char *font_family = "DejaVu Sans";

struct gobject_unref {
  void operator()(void *p) const noexcept {
    if (p) g_object_unref(p);
  }
};
struct surface_destroy {
  void operator()(cairo_surface_t *s) const noexcept { cairo_surface_destroy(s); }
};
struct cairo_destroy_t {
  void operator()(cairo_t *c) const noexcept { cairo_destroy(c); }
};
struct font_description_free {
  void operator()(PangoFontDescription *d) const noexcept { pango_font_description_free(d); }
};

// cairo's write callback: the PDF grows in a std::string, no file involved.
// No exception may cross into cairo's C code.
cairo_status_t append_to_string(void *closure, const unsigned char *data, unsigned int length) {
  try {
    static_cast<std::string *>(closure)->append(reinterpret_cast<const char *>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

void check(cairo_status_t status, const char *what) {
  if (status != CAIRO_STATUS_SUCCESS)
    fail(ARX_E_INTERNAL, std::string("PDF rendering failed (") + what + "): " + cairo_status_to_string(status));
}

}  // namespace

struct canvas::item {
  enum class kind { text, line, rect } k = kind::text;
  text_block block;
  double x = 0, y = 0, w = 0, h = 0, line_width = 0, gray = 0;
};

struct canvas::impl {
  std::string out;
  std::unique_ptr<cairo_surface_t, surface_destroy> surface;
  std::unique_ptr<cairo_t, cairo_destroy_t> cr;
  std::unique_ptr<PangoContext, gobject_unref> context;
  std::unique_ptr<PangoFontDescription, font_description_free> regular, bold;
  bool finished = false;
};

canvas::canvas(metadata meta) : impl_(std::make_unique<impl>()) {
  auto &m = *impl_;
  m.surface.reset(cairo_pdf_surface_create_for_stream(append_to_string, &m.out, page_width, page_height));
  check(cairo_surface_status(m.surface.get()), "creating the PDF surface");
  cairo_pdf_surface_set_metadata(m.surface.get(), CAIRO_PDF_METADATA_TITLE, meta.title.c_str());
  cairo_pdf_surface_set_metadata(m.surface.get(), CAIRO_PDF_METADATA_CREATOR, "arx");
  if (!meta.author.empty())
    cairo_pdf_surface_set_metadata(m.surface.get(), CAIRO_PDF_METADATA_AUTHOR, meta.author.c_str());
  if (!meta.subject.empty())
    cairo_pdf_surface_set_metadata(m.surface.get(), CAIRO_PDF_METADATA_SUBJECT, meta.subject.c_str());
  m.cr.reset(cairo_create(m.surface.get()));
  check(cairo_status(m.cr.get()), "creating the drawing context");

  // One font map per thread, kept for the thread's life: loading the fonts
  // (fontconfig, FreeType) is most of a one-page render's time, and a font
  // map is not to be shared between threads. Renders on one thread reuse it;
  // each render still has its own context and surface.
  static thread_local std::unique_ptr<PangoFontMap, gobject_unref> thread_font_map(pango_cairo_font_map_new());
  if (!thread_font_map) fail(ARX_E_INTERNAL, "PDF rendering failed: no pango font map");
  m.context.reset(pango_font_map_create_context(thread_font_map.get()));
  pango_cairo_context_set_resolution(m.context.get(), 72.0);  // font sizes in PDF points
  cairo_font_options_t *options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(m.context.get(), options);
  cairo_font_options_destroy(options);
  pango_cairo_update_context(m.cr.get(), m.context.get());

  m.regular.reset(pango_font_description_new());
  pango_font_description_set_family(m.regular.get(), font_family);
  m.bold.reset(pango_font_description_copy(m.regular.get()));
  pango_font_description_set_weight(m.bold.get(), PANGO_WEIGHT_BOLD);
  pages_.emplace_back();
}

canvas::~canvas() = default;

text_block canvas::layout(std::string_view text, const style &st, double width, align a) {
  auto &m = *impl_;
  PangoLayout *raw = pango_layout_new(m.context.get());
  text_block b;
  b.layout_ = std::shared_ptr<void>(raw, gobject_unref{});
  PangoFontDescription *desc = st.bold ? m.bold.get() : m.regular.get();
  pango_font_description_set_size(desc, static_cast<int>(st.size * PANGO_SCALE));
  pango_layout_set_font_description(raw, desc);
  pango_layout_set_width(raw, static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(raw, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(raw, a == align::right    ? PANGO_ALIGN_RIGHT
                                  : a == align::center ? PANGO_ALIGN_CENTER
                                                       : PANGO_ALIGN_LEFT);
  pango_layout_set_text(raw, text.data(), static_cast<int>(text.size()));
  int w = 0, h = 0;
  pango_layout_get_size(raw, &w, &h);
  b.box_width_ = width;
  b.width_ = static_cast<double>(w) / PANGO_SCALE;
  b.height_ = static_cast<double>(h) / PANGO_SCALE;
  b.align_ = a;
  b.gray_ = st.gray;
  return b;
}

void canvas::place(const text_block &b, double x, double y) {
  item it;
  it.block = b;
  it.x = x;
  it.y = y;
  pages_[target_page_].push_back(std::move(it));
}

double canvas::text(std::string_view text, const style &st, double x, double y, double width, align a) {
  if (text.empty()) return 0;
  auto b = layout(text, st, width, a);
  place(b, x, y);
  return b.height();
}

void canvas::hline(double x1, double x2, double y, double line_width, double gray) {
  item it;
  it.k = item::kind::line;
  it.x = x1;
  it.w = x2 - x1;
  it.y = y;
  it.line_width = line_width;
  it.gray = gray;
  pages_[target_page_].push_back(std::move(it));
}

void canvas::fill_rect(double x, double y, double w, double h, double gray) {
  item it;
  it.k = item::kind::rect;
  it.x = x;
  it.y = y;
  it.w = w;
  it.h = h;
  it.gray = gray;
  pages_[target_page_].push_back(std::move(it));
}

void canvas::new_page() {
  pages_.emplace_back();
  target_page_ = pages_.size() - 1;
}

std::string canvas::finish(const std::function<void(canvas &, size_t, size_t)> &footer) {
  auto &m = *impl_;
  if (m.finished) fail(ARX_E_INTERNAL, "PDF canvas finished twice");
  m.finished = true;
  cairo_t *cr = m.cr.get();
  const size_t count = pages_.size();
  for (size_t p = 0; p < count; ++p) {
    target_page_ = p;
    if (footer) footer(*this, p + 1, count);
    for (const item &it : pages_[p]) {
      cairo_set_source_rgb(cr, it.gray, it.gray, it.gray);
      switch (it.k) {
      case item::kind::text:
        cairo_set_source_rgb(cr, it.block.gray_, it.block.gray_, it.block.gray_);
        cairo_move_to(cr, it.x, it.y);
        pango_cairo_show_layout(cr, static_cast<PangoLayout *>(it.block.layout_.get()));
        break;
      case item::kind::line:
        cairo_set_line_width(cr, it.line_width);
        cairo_move_to(cr, it.x, it.y);
        cairo_line_to(cr, it.x + it.w, it.y);
        cairo_stroke(cr);
        break;
      case item::kind::rect:
        cairo_rectangle(cr, it.x, it.y, it.w, it.h);
        cairo_fill(cr);
        break;
      }
    }
    pages_[p].clear();  // the layouts of a drawn page are no longer needed
    cairo_show_page(cr);
  }
  check(cairo_status(cr), "drawing");
  m.cr.reset();
  cairo_surface_finish(m.surface.get());
  check(cairo_surface_status(m.surface.get()), "writing the PDF");
  m.surface.reset();
  return std::move(m.out);
}

// ---------------------------------------------------------------------- flow

namespace {
constexpr double cell_pad_x = 3.0;
constexpr double cell_pad_y = 2.5;
}  // namespace

flow::flow(canvas &c, std::function<double(canvas &)> on_new_page) : c_(c), on_new_page_(std::move(on_new_page)) {}

void flow::break_page() {
  c_.new_page();
  y_ = on_new_page_ ? on_new_page_(c_) : margin_top;
  if (in_table_) draw_table_header();
}

bool flow::need(double height) {
  if (y_ + height <= content_bottom) return false;
  break_page();
  return true;
}

void flow::begin_table(std::vector<column> columns, const style &header_style, const style &body_style) {
  columns_ = std::move(columns);
  header_style_ = header_style;
  body_style_ = body_style;
  // The header and at least one row stay together.
  double h = 0;
  for (const auto &col : columns_)
    h = std::max(h, c_.layout(col.header, header_style_, col.width - 2 * cell_pad_x, col.a).height());
  need(h + 2 * cell_pad_y + 3 * body_style_.size);
  in_table_ = true;
  draw_table_header();
}

void flow::draw_table_header() {
  std::vector<text_block> cells;
  double h = 0;
  for (const auto &col : columns_) {
    cells.push_back(c_.layout(col.header, header_style_, col.width - 2 * cell_pad_x, col.a));
    h = std::max(h, cells.back().height());
  }
  h += 2 * cell_pad_y;
  c_.fill_rect(margin_left, y_, content_width, h, 0.90);
  double x = margin_left;
  for (size_t i = 0; i < columns_.size(); ++i) {
    c_.place(cells[i], x + cell_pad_x, y_ + cell_pad_y);
    x += columns_[i].width;
  }
  y_ += h;
}

void flow::row(const std::vector<std::string> &cells, bool bold) {
  style st = body_style_;
  st.bold = bold;
  std::vector<text_block> blocks;
  blocks.reserve(columns_.size());
  double h = 0;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const std::string &text = i < cells.size() ? cells[i] : std::string();
    blocks.push_back(c_.layout(text, st, columns_[i].width - 2 * cell_pad_x, columns_[i].a));
    h = std::max(h, blocks.back().height());
  }
  h += 2 * cell_pad_y;
  need(h);
  double x = margin_left;
  for (size_t i = 0; i < columns_.size(); ++i) {
    c_.place(blocks[i], x + cell_pad_x, y_ + cell_pad_y);
    x += columns_[i].width;
  }
  y_ += h;
  c_.hline(margin_left, margin_left + content_width, y_, 0.3, 0.75);
}

void flow::end_table() {
  in_table_ = false;
  columns_.clear();
}

void flow::paragraph(std::string_view text, const style &st, double space_after) {
  if (text.empty()) return;
  auto b = c_.layout(text, st, content_width);
  need(b.height());
  c_.place(b, margin_left, y_);
  y_ += b.height() + space_after;
}

void flow::heading(std::string_view text, double keep_with) {
  style st{.size = 10.5, .bold = true};
  auto b = c_.layout(text, st, content_width);
  need(b.height() + keep_with);
  c_.place(b, margin_left, y_);
  y_ += b.height() + 3;
}

}  // namespace arx::pdf
