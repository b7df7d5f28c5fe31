// The progress bar on stderr and the Ctrl-C handling of long runs.
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>

#include "cli.hpp"

namespace arx::cli {

namespace {

volatile std::sig_atomic_t interrupts = 0;
bool stderr_is_terminal = false; // set before the handler is installed

void write_stderr(const char *text) noexcept {
  // write() is async-signal-safe; a short write of a message is acceptable.
  const ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
}

extern "C" void on_sigint(int) {
  if (interrupts == 0) {
    interrupts = 1;
    if (stderr_is_terminal)
      write_stderr("\r\033[K"); // over the progress line
    write_stderr("arx: cancelling at the next safe point "
                 "(press Ctrl-C again to quit at once)\n");
  } else {
    write_stderr("\narx: interrupted\n");
    ::_exit(130);
  }
}

int terminal_columns() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 80;
}

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

void install_interrupt_handler() {
  stderr_is_terminal = ::isatty(STDERR_FILENO) == 1;
  struct sigaction action{};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
}

bool interrupt_requested() noexcept { return interrupts != 0; }

progress_line::progress_line() : enabled_(::isatty(STDERR_FILENO) == 1) {}

progress_line::~progress_line() { clear(); }

bool progress_line::update(std::string_view phase, uint64_t done, uint64_t total) {
  if (interrupt_requested())
    return false;
  if (!enabled_)
    return true;

  const int permille =
      total == 0 ? -1 : static_cast<int>(std::min<uint64_t>(done, total) * 1000 / total);
  const int64_t now = now_ms();
  const bool finished = total != 0 && done >= total;
  // Redraw on a new phase and at the end at once; otherwise at most every
  // 100 ms and only when the shown value moved.
  if (drawn_ && phase == last_phase_ && !finished &&
      (now - last_draw_ms_ < 100 || (total != 0 && permille == last_permille_)))
    return true;
  last_phase_.assign(phase);
  last_permille_ = permille;
  last_draw_ms_ = now;

  const int columns = terminal_columns();
  std::string counts = std::to_string(done);
  if (total != 0) {
    counts += "/" + std::to_string(total);
    const int percent = permille / 10;
    counts += "  " + std::to_string(percent) + "%";
  }
  // A fixed-width label, and a bar sized for the widest counts of this
  // total, keep the bar in place while phases and counts change.
  std::string label(phase.substr(0, 28));
  label.resize(28, ' ');
  std::string line = label;
  const std::size_t widest_counts =
      2 * std::to_string(total).size() + std::string("/  100%").size();
  // The bar gets what is left of the line (at least 10 cells, at most 40).
  const int fixed = static_cast<int>(label.size() + widest_counts) + 6;
  const int bar_width = std::clamp(columns - 1 - fixed, 0, 40);
  if (total != 0 && bar_width >= 10) {
    const int filled = static_cast<int>(static_cast<int64_t>(bar_width) * permille / 1000);
    line += "  [" + std::string(static_cast<std::size_t>(filled), '#') +
            std::string(static_cast<std::size_t>(bar_width - filled), '.') + "]";
  }
  line += "  " + counts;
  if (static_cast<int>(line.size()) > columns - 1)
    line.resize(static_cast<std::size_t>(std::max(columns - 1, 0)));
  std::cerr << "\r\033[K" << line << std::flush;
  drawn_ = true;
  return true;
}

void progress_line::clear() {
  if (drawn_) {
    std::cerr << "\r\033[K" << std::flush;
    drawn_ = false;
    last_phase_.clear();
    last_permille_ = -1;
  }
}

} // namespace arx::cli
