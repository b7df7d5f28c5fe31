// The state behind one arx_context handle: the database connection, the ERP
// profile, the host's callbacks and who is calling. Capabilities receive a
// context and reach the database and the host only through it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "arx.h"
#include "core/date.hpp"
#include "db/database.hpp"
#include "db/profile.hpp"

namespace arx::db {

struct host_callbacks {
  arx_log_fn log = nullptr;
  arx_progress_fn progress = nullptr;
  arx_business_date_fn business_date = nullptr;
  void *host_data = nullptr;
  int32_t log_level = ARX_LOG_INFO;
};

struct context_settings {
  std::string connection_string;
  std::string profile = "reference";
  std::string profile_dir;  // empty: the profiles compiled into the plugin
  std::string user = "host";
  bool check_schema = true;
  host_callbacks callbacks;
};

class context {
public:
  // Connects, loads the profile and (unless disabled) requires the arx schema
  // to be current. Throws arx::error.
  explicit context(context_settings settings);

  db::database &db() noexcept { return *db_; }

  // Called as each ABI call begins: when the driver reports the connection
  // dead (the server restarted, the backend was terminated, the network
  // dropped it), connects again, so a long-lived context outlives a database
  // restart. The call that met the failure has already failed with its error
  // and its transaction rolled back; nothing is retried here.
  void ensure_connected();

  // Called after a call failed with a database error: probes the connection
  // and, when it no longer answers, marks it for ensure_connected. True when
  // the connection is lost.
  bool connection_lost() noexcept;
  soci::session &sql() noexcept { return db_->session(); }
  const db::profile &profile() const noexcept { return profile_; }
  const std::string &user() const noexcept { return settings_.user; }
  const context_settings &settings() const noexcept { return settings_; }

  // The host's business date (or the system's local date without a callback).
  // Throws arx::error when the host reports a failure or an invalid date.
  core::date today() const;

  void log(int32_t level, std::string_view message) const noexcept;

  // Reports progress; throws arx::error(ARX_E_CANCELLED) when the host asks to
  // cancel, so the caller's transaction rolls back.
  void progress(std::string_view phase, uint64_t done, uint64_t total) const;

private:
  context_settings settings_;
  std::unique_ptr<db::database> db_;
  bool lost_ = false;
  db::profile profile_;
};

}  // namespace arx::db
