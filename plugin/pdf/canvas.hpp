// Page layout shared by the PDF documents: an A4 canvas that lays text out
// with pango and writes a PDF with cairo into memory, a flow that moves down
// the page and starts new pages, and a table whose header repeats on every
// page it continues on.
//
// Every canvas has its own PangoFontMap, PangoContext and cairo surface: no
// state is shared between renders, so different documents render in parallel
// threads, and nothing is left behind when a render returns (the host that
// loads the plugin may run it from any thread, many times). The fonts come
// from fontconfig's configuration ("DejaVu Sans", Debian's fonts-dejavu-core).
//
// Text is laid out once, when it is added: items are kept per page and drawn
// when the document is finished, so the footer can say "Page 1 of 3".
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace arx::pdf {

// A4 in PDF points.
inline constexpr double page_width = 595.276;
inline constexpr double page_height = 841.89;
inline constexpr double margin_left = 51.0;
inline constexpr double margin_right = 51.0;
inline constexpr double margin_top = 48.0;
inline constexpr double content_bottom = page_height - 64.0;  // the footer lies below
inline constexpr double content_width = page_width - margin_left - margin_right;

enum class align { left, right, center };

struct style {
  double size = 9.0;  // points
  bool bold = false;
  double gray = 0.0;  // 0 black .. 1 white
};

struct metadata {
  std::string title;
  std::string author;
  std::string subject;
};

class canvas;

// Text laid out for a width; placed on a page by canvas::place.
class text_block {
public:
  text_block() = default;
  double width() const noexcept { return width_; }
  double height() const noexcept { return height_; }

private:
  friend class canvas;
  std::shared_ptr<void> layout_;  // PangoLayout, released with g_object_unref
  double box_width_ = 0, width_ = 0, height_ = 0;
  align align_ = align::left;
  double gray_ = 0;
};

class canvas {
public:
  explicit canvas(metadata meta);
  ~canvas();
  canvas(const canvas &) = delete;
  canvas &operator=(const canvas &) = delete;

  // Lays `text` out in a box `width` wide (lines wrap at word boundaries,
  // long words anywhere), aligned within the box.
  text_block layout(std::string_view text, const style &st, double width, align a = align::left);
  // Puts the block on the current page with its box's top left at (x, y).
  void place(const text_block &b, double x, double y);
  // Lays out and places; returns the height.
  double text(std::string_view text, const style &st, double x, double y, double width, align a = align::left);
  // A horizontal rule and a filled rectangle (gray 0 black .. 1 white).
  void hline(double x1, double x2, double y, double line_width = 0.5, double gray = 0.0);
  void fill_rect(double x, double y, double w, double h, double gray);

  void new_page();
  size_t page_count() const noexcept { return pages_.size(); }

  // Draws every page, calling `footer(page_number, page_count)` on each
  // (1-based; what it adds goes onto that page), and returns the PDF bytes.
  std::string finish(const std::function<void(canvas &, size_t, size_t)> &footer);

private:
  struct item;
  struct impl;
  std::unique_ptr<impl> impl_;
  std::vector<std::vector<item>> pages_;
  size_t target_page_ = 0;  // where place() puts items
};

// A column of a table.
struct column {
  std::string header;
  double width;
  align a = align::left;
};

// Moves down the pages of a canvas. on_new_page draws what follows pages
// after the first (a short heading) and returns the y where content starts.
class flow {
public:
  flow(canvas &c, std::function<double(canvas &)> on_new_page);
  canvas &page() noexcept { return c_; }
  double y() const noexcept { return y_; }
  void set_y(double y) noexcept { y_ = y; }
  void down(double dy) noexcept { y_ += dy; }
  double remaining() const noexcept { return content_bottom - y_; }
  // Starts a new page unless `height` still fits; true when it did.
  bool need(double height);
  void break_page();

  // Table rows. begin_table draws the header (and again on each new page
  // until end_table); row() keeps a row together on one page.
  void begin_table(std::vector<column> columns, const style &header_style, const style &body_style);
  void row(const std::vector<std::string> &cells, bool bold = false);
  void end_table();

  // A paragraph across the content width (heading: bold, kept with what follows).
  void paragraph(std::string_view text, const style &st, double space_after = 4.0);
  void heading(std::string_view text, double keep_with = 40.0);

private:
  void draw_table_header();
  canvas &c_;
  std::function<double(canvas &)> on_new_page_;
  double y_ = margin_top;
  bool in_table_ = false;
  std::vector<column> columns_;
  style header_style_, body_style_;
};

}  // namespace arx::pdf
