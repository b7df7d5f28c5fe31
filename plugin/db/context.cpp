#include "db/context.hpp"

#include <chrono>
#include <ctime>

#include "core/error.hpp"
#include "db/migrations.hpp"

namespace arx::db {

context::context(context_settings settings)
    : settings_(std::move(settings)),
      db_(std::make_unique<db::database>(settings_.connection_string)),
      profile_(db::profile::load(settings_.profile, db_->kind(), settings_.profile_dir)) {
  if (settings_.check_schema) db::require_current_schema(*db_);
}

void context::ensure_connected() {
  if (!lost_ && db_->session().is_connected()) return;
  log(ARX_LOG_WARN, "the database connection was lost; connecting again");
  db_ = std::make_unique<db::database>(settings_.connection_string);
  lost_ = false;
}

bool context::connection_lost() noexcept {
  if (lost_) return true;
  try {
    int one = 0;
    db_->session() << "SELECT 1", soci::into(one);
  } catch (...) {
    lost_ = true;
  }
  return lost_;
}

core::date context::today() const {
  if (settings_.callbacks.business_date) {
    arx_date d{0, 0, 0};
    arx_status st = settings_.callbacks.business_date(settings_.callbacks.host_data, &d);
    if (st != ARX_OK)
      throw error(st < 0 ? st : ARX_E_ERROR,
                  "the host's business date callback failed with status " + std::to_string(st));
    core::date ymd{std::chrono::year{d.year}, std::chrono::month{static_cast<unsigned>(d.month)},
                   std::chrono::day{static_cast<unsigned>(d.day)}};
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 || !ymd.ok())
      throw error(ARX_E_INVALID_ARGUMENT, "the host's business date " + std::to_string(d.year) + "-" +
                                              std::to_string(d.month) + "-" + std::to_string(d.day) +
                                              " is not a valid date");
    return ymd;
  }
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return core::date{std::chrono::year{local.tm_year + 1900}, std::chrono::month{static_cast<unsigned>(local.tm_mon + 1)},
                    std::chrono::day{static_cast<unsigned>(local.tm_mday)}};
}

void context::log(int32_t level, std::string_view message) const noexcept {
  const auto &cb = settings_.callbacks;
  if (!cb.log || level > cb.log_level) return;
  try {
    std::string text(message);
    cb.log(cb.host_data, level, text.c_str());
  } catch (...) {
    // Logging never fails a call.
  }
}

void context::progress(std::string_view phase, uint64_t done, uint64_t total) const {
  const auto &cb = settings_.callbacks;
  if (!cb.progress) return;
  std::string p(phase);
  if (cb.progress(cb.host_data, p.c_str(), done, total) != 0)
    throw error(ARX_E_CANCELLED, "cancelled by the host during '" + p + "'; nothing of the current step was written");
}

}  // namespace arx::db
