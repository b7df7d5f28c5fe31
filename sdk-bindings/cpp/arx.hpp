// arx.hpp - a header-only C++ wrapper around the arx C ABI (arx.h) for hosts.
//
// It loads libarx.so at run time, negotiates the ABI version, and turns the C
// conventions into C++ ones:
//
//   * arx::host::library  dlopen()s the plugin and asks it for its function
//                         table; the table must speak the same ABI major and
//                         hold at least every 1.0 function.
//   * arx::host::context  one open database connection (arx_context); closes
//                         itself. Every function of the 1.0 table is a member.
//   * arx::host::error    thrown for every status other than ARX_OK, carrying
//                         the status and the plugin's message.
//
// Results (JSON text for ERP screens) are copied into std::string and the
// plugin's buffer is released before the member returns, on every path.
// Log, progress and business-date callbacks are std::function objects; an
// exception a callback throws never travels through the plugin's C frames:
// it is caught at the boundary and, when the call fails because of it (a
// throwing progress callback cancels the run), rethrown to the caller.
//
// The header needs C++17 and a POSIX dlopen(); it is installed next to arx.h
// as <arx/arx.hpp>. A context is used by one thread at a time, like the
// arx_context underneath. A context keeps its library loaded, so the library
// object may be destroyed before the contexts opened from it.
#ifndef ARX_HPP
#define ARX_HPP

#include <dlfcn.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "arx.h"

namespace arx::host {

// The symbolic name of a status ("ARX_E_CONFIG"); "ARX_E_?" for a code this
// header does not know (a newer plugin may add codes).
inline const char *status_name(arx_status status) noexcept {
  switch (status) {
  case ARX_OK: return "ARX_OK";
  case ARX_E_ERROR: return "ARX_E_ERROR";
  case ARX_E_NULL_ARGUMENT: return "ARX_E_NULL_ARGUMENT";
  case ARX_E_INVALID_ARGUMENT: return "ARX_E_INVALID_ARGUMENT";
  case ARX_E_VERSION: return "ARX_E_VERSION";
  case ARX_E_INVALID_HANDLE: return "ARX_E_INVALID_HANDLE";
  case ARX_E_NOT_IMPLEMENTED: return "ARX_E_NOT_IMPLEMENTED";
  case ARX_E_DATABASE: return "ARX_E_DATABASE";
  case ARX_E_SCHEMA: return "ARX_E_SCHEMA";
  case ARX_E_CONFIG: return "ARX_E_CONFIG";
  case ARX_E_NOT_FOUND: return "ARX_E_NOT_FOUND";
  case ARX_E_CANCELLED: return "ARX_E_CANCELLED";
  case ARX_E_CONFLICT: return "ARX_E_CONFLICT";
  case ARX_E_PARSE: return "ARX_E_PARSE";
  case ARX_E_VALIDATION: return "ARX_E_VALIDATION";
  case ARX_E_OUT_OF_MEMORY: return "ARX_E_OUT_OF_MEMORY";
  case ARX_E_INTERNAL: return "ARX_E_INTERNAL";
  default: return "ARX_E_?";
  }
}

// "1.0" for an ARX_ABI_VERSION value.
inline std::string abi_version_text(uint32_t version) {
  return std::to_string(ARX_ABI_MAJOR_OF(version)) + "." +
         std::to_string(ARX_ABI_MINOR_OF(version));
}

// A failure reported by the plugin (or found by this wrapper), with the
// arx_status it stands for. details() holds a result document the plugin
// returned together with the failure, if it returned one ("" otherwise).
class error : public std::runtime_error {
public:
  error(arx_status status, const std::string &message, std::string details = {})
      : std::runtime_error(message), status_(status), details_(std::move(details)) {}
  arx_status status() const noexcept { return status_; }
  const std::string &details() const noexcept { return details_; }

private:
  arx_status status_;
  std::string details_;
};

// Size of a function table that holds every ABI 1.0 member.
inline constexpr std::size_t api_1_0_size =
    offsetof(arx_api, demo_generate) + sizeof(arx_api::demo_generate);

namespace detail {

// The loaded shared object and its negotiated table; shared by the library
// object and every context opened from it, unloaded with the last of them.
struct module {
  void *handle = nullptr;
  const arx_api *api = nullptr;
  std::string path;

  module() = default;
  module(const module &) = delete;
  module &operator=(const module &) = delete;
  ~module() {
    if (handle != nullptr)
      dlclose(handle);
  }
};

inline std::string dl_message(const char *fallback) {
  const char *message = dlerror();
  return message != nullptr ? std::string(message) : std::string(fallback);
}

inline const char *c_str_or_null(const std::optional<std::string> &text) {
  return text ? text->c_str() : nullptr;
}

// An options struct of the ABI, zeroed, with its size and version set.
template <class Options> Options versioned() noexcept {
  Options o{};
  o.struct_size = sizeof o;
  o.abi_version = ARX_ABI_VERSION;
  return o;
}

} // namespace detail

// The plugin shared library, loaded and negotiated. Move-only.
class library {
public:
  // Loads the plugin at `path` and asks it for its function table. Throws
  // error(ARX_E_ERROR) when the file cannot be loaded or lacks arx_get_api,
  // and error(ARX_E_VERSION or the plugin's status) when the versions do not
  // agree. `host_name` is passed to the plugin for its logs.
  explicit library(const std::string &path,
                   const std::string &host_name = "arx C++ host")
      : module_(std::make_shared<detail::module>()) {
    module_->path = path;
    dlerror(); // clear a stale message
    module_->handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module_->handle == nullptr)
      throw error(ARX_E_ERROR, "cannot load the arx plugin " + path + ": " +
                                   detail::dl_message("dlopen failed"));

    dlerror();
    void *symbol = dlsym(module_->handle, "arx_get_api");
    if (symbol == nullptr)
      throw error(ARX_E_ERROR,
                  path + " is not an arx plugin: " +
                      detail::dl_message("arx_get_api not found"));
    arx_get_api_fn get_api;
    static_assert(sizeof(get_api) == sizeof(symbol),
                  "function and object pointers differ in size");
    // POSIX guarantees that a dlsym() result converts to a function pointer.
    std::memcpy(&get_api, &symbol, sizeof get_api);

    arx_host_info info{};
    info.struct_size = sizeof(arx_host_info);
    info.abi_version = ARX_ABI_VERSION;
    info.api_size = sizeof(arx_api);
    info.reserved = 0;
    info.host_name = host_name.c_str();

    const arx_api *api = nullptr;
    const char *message = nullptr;
    const arx_status status = get_api(&info, &api, &message);
    if (status != ARX_OK)
      throw error(status, "the arx plugin " + path +
                              " refused this host (ABI " +
                              abi_version_text(ARX_ABI_VERSION) + "): " +
                              (message != nullptr ? message : status_name(status)));
    if (api == nullptr)
      throw error(ARX_E_VERSION, "the arx plugin " + path +
                                     " returned no function table");
    if (ARX_ABI_MAJOR_OF(api->abi_version) != ARX_ABI_VERSION_MAJOR)
      throw error(ARX_E_VERSION,
                  "the arx plugin " + path + " speaks ABI " +
                      abi_version_text(api->abi_version) +
                      ", this host needs ABI " +
                      std::to_string(ARX_ABI_VERSION_MAJOR) + ".x");
    if (api->struct_size < api_1_0_size)
      throw error(ARX_E_VERSION,
                  "the arx plugin " + path + " has a function table of " +
                      std::to_string(api->struct_size) +
                      " bytes, smaller than the ABI 1.0 table (" +
                      std::to_string(api_1_0_size) + " bytes)");
    module_->api = api;
  }

  library(library &&) noexcept = default;
  library &operator=(library &&) noexcept = default;
  library(const library &) = delete;
  library &operator=(const library &) = delete;
  ~library() = default; // dlclose() once the last context is gone as well

  // The negotiated function table (valid while this library or a context
  // opened from it exists). Throws on a moved-from library.
  const arx_api &api() const { return *loaded().api; }
  const std::string &path() const { return loaded().path; }
  // The plugin's own version, e.g. "1.0.0".
  std::string version() const {
    const char *text = api().version != nullptr ? api().version() : nullptr;
    return text != nullptr ? text : "";
  }
  // The ABI version the plugin's table reports.
  uint32_t abi_version() const { return api().abi_version; }

private:
  friend class context;
  const detail::module &loaded() const {
    if (!module_ || module_->api == nullptr)
      throw error(ARX_E_INVALID_HANDLE, "this arx library object was moved from");
    return *module_;
  }
  std::shared_ptr<detail::module> module_;
};

// Callbacks of a context. Each may be empty.
//   log(level, message)          ARX_LOG_ERROR..ARX_LOG_DEBUG, no newline.
//   progress(phase, done, total) return false to cancel the running call; it
//                                then fails with ARX_E_CANCELLED after the
//                                plugin rolled back the current unit of work.
//   business_date()              the host's "today"; throw to refuse (an
//                                arx::host::error passes its status on).
using log_callback = std::function<void(int32_t level, std::string_view message)>;
using progress_callback =
    std::function<bool(std::string_view phase, uint64_t done, uint64_t total)>;
using business_date_callback = std::function<arx_date()>;

struct context_options {
  std::string connection_string;          // ODBC connection string; required
  std::optional<std::string> profile;     // ERP profile; none = "reference"
  std::optional<std::string> profile_dir; // none = the profiles built in
  std::optional<std::string> user;        // audit user; none = "host"
  uint32_t flags = 0;                     // ARX_CONTEXT_*
  int32_t log_level = ARX_LOG_INFO;       // highest level delivered to log
  log_callback log;
  progress_callback progress;
  business_date_callback business_date;
};

// schema_check() answers both for a current schema (status ARX_OK) and for a
// missing, outdated or newer one (status ARX_E_SCHEMA); json is the report.
struct schema_state {
  arx_status status = ARX_OK;
  std::string json;
  bool current() const noexcept { return status == ARX_OK; }
};

// One configuration change; value none resets the key to its default.
struct config_change {
  std::string key;
  std::optional<std::string> value;
  std::optional<std::string> company; // none = the default for all companies
  std::optional<std::string> reason;  // for the audit trail
};

// An ERP invoice, by id or (id 0) by number.
struct invoice_ref {
  std::string company;
  int64_t invoice_id = 0;
  std::string invoice_number;
};

// A bank statement file, read by the plugin from `path` or given as `data`.
struct statement_source {
  std::string company;                // empty: found by the statement's account
  std::optional<std::string> path;
  std::optional<std::string> data;   // used when path is none
  std::optional<std::string> format; // "camt.053", "mt940", ...; none detects
};

struct cashapp_run_request {
  std::string company;
  std::optional<std::string> currency; // none = every currency
  int64_t statement_id = 0;            // 0 = every statement with open lines
  uint32_t flags = 0;                  // ARX_CASHAPP_*
};

struct cashapp_list_request {
  std::string company;
  int64_t statement_id = 0;          // 0 = all
  std::optional<std::string> status; // "applied", "suggested", "unmatched"
  uint32_t limit = 0;                // 0 = no limit
  uint32_t offset = 0;
  uint32_t flags = 0;                // ARX_CASHAPP_SHADOW: the shadow decisions (ABI 1.3)
};

struct dunning_request {
  std::string company;
  arx_date as_of{0, 0, 0}; // year 0 = the host's business date
  std::optional<std::string> customer;
  bool summary = false;    // ABI 1.4: totals only
};

struct demo_request {
  uint64_t seed = 0;
  uint32_t customers = 0;  // per company; 0 = the plugin's default
  uint32_t invoices = 0;   // per company; 0 = the plugin's default
  arx_date as_of{0, 0, 0}; // year 0 = the business date
};

namespace detail {

// Lives on the heap so that its address (the host_data the plugin keeps)
// survives moves of the context object.
struct callback_state {
  log_callback log;
  progress_callback progress;
  business_date_callback business_date;
  // The first exception a progress or business-date callback threw during
  // the current call; rethrown when that call fails.
  std::exception_ptr pending;

  static void on_log(void *host_data, int32_t level, const char *message) noexcept {
    auto *self = static_cast<callback_state *>(host_data);
    try {
      self->log(level, message != nullptr ? std::string_view(message)
                                          : std::string_view());
    } catch (...) {
      // A failing log sink must not abort the work it reports on.
    }
  }

  static int32_t on_progress(void *host_data, const char *phase, uint64_t done,
                             uint64_t total) noexcept {
    auto *self = static_cast<callback_state *>(host_data);
    try {
      const bool go_on = self->progress(
          phase != nullptr ? std::string_view(phase) : std::string_view(), done,
          total);
      return go_on ? 0 : 1;
    } catch (...) {
      if (!self->pending)
        self->pending = std::current_exception();
      return 1;
    }
  }

  static arx_status on_business_date(void *host_data, arx_date *out) noexcept {
    auto *self = static_cast<callback_state *>(host_data);
    try {
      if (out == nullptr)
        return ARX_E_NULL_ARGUMENT;
      *out = self->business_date();
      return ARX_OK;
    } catch (const error &e) {
      if (!self->pending)
        self->pending = std::current_exception();
      return e.status() < 0 ? e.status() : ARX_E_ERROR;
    } catch (...) {
      if (!self->pending)
        self->pending = std::current_exception();
      return ARX_E_ERROR;
    }
  }
};

} // namespace detail

// One open arx context: a database connection with its ERP profile.
// Move-only; closed by the destructor or close().
class context {
public:
  // Opens a context on `lib`. Throws error with the plugin's status and
  // message, e.g. ARX_E_DATABASE or ARX_E_SCHEMA.
  context(const library &lib, const context_options &options)
      : module_(lib.module_), api_(lib.loaded().api),
        callbacks_(std::make_unique<detail::callback_state>()) {
    callbacks_->log = options.log;
    callbacks_->progress = options.progress;
    callbacks_->business_date = options.business_date;

    arx_context_options c{};
    c.struct_size = sizeof(arx_context_options);
    c.abi_version = ARX_ABI_VERSION;
    c.connection_string = options.connection_string.c_str();
    c.profile = detail::c_str_or_null(options.profile);
    c.profile_dir = detail::c_str_or_null(options.profile_dir);
    c.user = detail::c_str_or_null(options.user);
    c.log = options.log ? &detail::callback_state::on_log : nullptr;
    c.progress = options.progress ? &detail::callback_state::on_progress : nullptr;
    c.business_date =
        options.business_date ? &detail::callback_state::on_business_date : nullptr;
    c.host_data = callbacks_.get();
    c.log_level = options.log_level;
    c.flags = options.flags;

    if (!ARX_API_HAS(api_, context_open))
      throw missing_member("context_open");
    const char *message = nullptr;
    arx_context *handle = nullptr;
    const arx_status status = api_->context_open(&c, &handle, &message);
    if (status != ARX_OK) {
      if (handle != nullptr && api_->context_close != nullptr)
        api_->context_close(handle);
      rethrow_pending();
      throw error(status, message != nullptr && *message != '\0'
                              ? std::string(message)
                              : std::string("cannot open an arx context (") +
                                    status_name(status) + ")");
    }
    if (handle == nullptr)
      throw error(ARX_E_INTERNAL, "context_open reported success but gave no context");
    ctx_ = handle;
  }

  context(context &&other) noexcept
      : module_(std::move(other.module_)), api_(std::exchange(other.api_, nullptr)),
        ctx_(std::exchange(other.ctx_, nullptr)),
        callbacks_(std::move(other.callbacks_)) {}

  context &operator=(context &&other) noexcept {
    if (this != &other) {
      close();
      module_ = std::move(other.module_);
      api_ = std::exchange(other.api_, nullptr);
      ctx_ = std::exchange(other.ctx_, nullptr);
      callbacks_ = std::move(other.callbacks_);
    }
    return *this;
  }

  context(const context &) = delete;
  context &operator=(const context &) = delete;
  ~context() { close(); }

  // Closes the connection now; later calls throw ARX_E_INVALID_HANDLE.
  void close() noexcept {
    if (ctx_ != nullptr && api_ != nullptr && api_->context_close != nullptr)
      api_->context_close(ctx_);
    ctx_ = nullptr;
  }

  bool is_open() const noexcept { return ctx_ != nullptr; }
  arx_context *handle() const noexcept { return ctx_; }
  const arx_api &api() const {
    if (api_ == nullptr)
      throw error(ARX_E_INVALID_HANDLE, "this arx context was moved from");
    return *api_;
  }

  // The message of the last failure on this context ("" after success).
  std::string last_error() const {
    if (ctx_ == nullptr || api_ == nullptr || api_->last_error == nullptr)
      return "";
    const char *text = api_->last_error(ctx_);
    return text != nullptr ? text : "";
  }

  // ---- schema ----------------------------------------------------------

  // Installs or upgrades arx's tables (ARX_INSTALL_* flags); JSON report.
  std::string schema_install(uint32_t flags = 0) {
    auto o = detail::versioned<arx_install_options>();
    o.flags = flags;
    return call_buffer(&arx_api::schema_install, "schema_install", &o);
  }

  // The schema state; does not throw for ARX_E_SCHEMA when the plugin gave
  // a report with it.
  schema_state schema_check() {
    require(has(&arx_api::schema_check), "schema_check");
    begin_call();
    buffer_guard out(api_);
    const arx_status status = api_->schema_check(ctx_, &out.buffer);
    if (status == ARX_E_SCHEMA && out.buffer != nullptr) {
      callbacks_->pending = nullptr;
      return schema_state{status, out.text()};
    }
    check(status, &out);
    return schema_state{status, out.text()};
  }

  // ---- configuration -----------------------------------------------------

  // One key's effective value (JSON object).
  std::string config_get(const std::string &key,
                         const std::optional<std::string> &company = std::nullopt) {
    return call_buffer(&arx_api::config_get, "config_get", detail::c_str_or_null(company), key.c_str());
  }

  void config_set(const config_change &change) {
    auto o = detail::versioned<arx_config_set_options>();
    o.company = detail::c_str_or_null(change.company);
    o.key = change.key.c_str();
    o.value = detail::c_str_or_null(change.value);
    o.reason = detail::c_str_or_null(change.reason);
    call_plain(&arx_api::config_set, "config_set", &o);
  }

  // Every key with its effective value and default (JSON array).
  std::string config_list(const std::optional<std::string> &company = std::nullopt) {
    return call_buffer(&arx_api::config_list, "config_list", detail::c_str_or_null(company));
  }

  // ---- invoice posting hook ----------------------------------------------

  std::string invoice_validate(const invoice_ref &invoice) {
    const arx_invoice_options o = invoice_options(invoice);
    return call_buffer(&arx_api::invoice_validate, "invoice_validate", &o);
  }

  std::string invoice_post(const invoice_ref &invoice) {
    const arx_invoice_options o = invoice_options(invoice);
    return call_buffer(&arx_api::invoice_post, "invoice_post", &o);
  }

  // One document of an invoice ("ubl", "xrechnung-ubl", "xrechnung-cii",
  // "cii", "pdf"), as its bytes. ABI 1.1: an older plugin answers
  // ARX_E_NOT_IMPLEMENTED through require().
  std::string invoice_render(const invoice_ref &invoice, const std::string &format) {
    auto o = detail::versioned<arx_render_options>();
    o.company = invoice.company.c_str();
    o.invoice_number = invoice.invoice_number.c_str();
    o.format = format.c_str();
    return call_buffer(&arx_api::invoice_render, "invoice_render", &o);
  }

  // ---- delivery (ABI 1.2) ----------------------------------------------

  // Sets a customer's fallback chain ("peppol,email,print"); an empty chain
  // returns the customer to the company default.
  void delivery_preference_set(const std::string &company, const std::string &customer,
                               const std::string &channels,
                               const std::optional<std::string> &email = std::nullopt,
                               bool attach_xml = false) {
    auto o = detail::versioned<arx_delivery_preference_options>();
    o.company = company.c_str();
    o.customer = customer.c_str();
    o.channels = channels.c_str();
    o.email = detail::c_str_or_null(email);
    o.flags = attach_xml ? ARX_DELIVERY_ATTACH_XML : 0u;
    call_plain(&arx_api::delivery_preference_set, "delivery_preference_set", &o);
  }

  std::string delivery_preference_get(const std::string &company, const std::string &customer) {
    return call_buffer(&arx_api::delivery_preference_get, "delivery_preference_get", company.c_str(), customer.c_str());
  }

  std::string delivery_run(const std::optional<std::string> &company = std::nullopt, uint32_t max_jobs = 0,
                           int64_t now_unix = 0) {
    auto o = detail::versioned<arx_delivery_run_options>();
    o.company = detail::c_str_or_null(company);
    o.max_jobs = max_jobs;
    o.now_unix = now_unix;
    return call_buffer(&arx_api::delivery_run, "delivery_run", &o);
  }

  std::string delivery_status(const std::optional<std::string> &company = std::nullopt,
                              const std::optional<std::string> &state = std::nullopt,
                              const std::optional<std::string> &reference = std::nullopt, uint32_t limit = 0) {
    auto o = detail::versioned<arx_delivery_status_options>();
    o.company = detail::c_str_or_null(company);
    o.state = detail::c_str_or_null(state);
    o.reference = detail::c_str_or_null(reference);
    o.limit = limit;
    return call_buffer(&arx_api::delivery_status, "delivery_status", &o);
  }

  std::string invoice_resend(const invoice_ref &invoice, const std::optional<std::string> &channel = std::nullopt,
                             const std::optional<std::string> &recipient = std::nullopt) {
    auto o = detail::versioned<arx_resend_options>();
    o.company = invoice.company.c_str();
    o.invoice_number = invoice.invoice_number.c_str();
    o.channel = detail::c_str_or_null(channel);
    o.recipient = detail::c_str_or_null(recipient);
    return call_buffer(&arx_api::invoice_resend, "invoice_resend", &o);
  }

  std::string invoice_attach(const invoice_ref &invoice, const std::string &filename, const std::string &data,
                             const std::optional<std::string> &content_type = std::nullopt) {
    auto o = detail::versioned<arx_attach_options>();
    o.company = invoice.company.c_str();
    o.invoice_number = invoice.invoice_number.c_str();
    o.filename = filename.c_str();
    o.content_type = detail::c_str_or_null(content_type);
    o.data = data.data();
    o.data_size = data.size();
    return call_buffer(&arx_api::invoice_attach, "invoice_attach", &o);
  }

  // The statement of account: PDF bytes (render) or the queued e-mail job (send).
  std::string statement_render(const std::string &company, const std::string &customer, arx_date as_of,
                               const std::optional<std::string> &currency = std::nullopt) {
    const arx_statement_options o = statement_options(company, customer, as_of, currency);
    return call_buffer(&arx_api::statement_render, "statement_render", &o);
  }
  std::string statement_send(const std::string &company, const std::string &customer, arx_date as_of,
                             const std::optional<std::string> &currency = std::nullopt) {
    const arx_statement_options o = statement_options(company, customer, as_of, currency);
    return call_buffer(&arx_api::statement_send, "statement_send", &o);
  }

  // ---- payment matching hook ---------------------------------------------

  std::string statement_import(const statement_source &source) {
    auto o = detail::versioned<arx_statement_import_options>();
    o.company = source.company.empty() ? nullptr : source.company.c_str();
    o.path = detail::c_str_or_null(source.path);
    if (!source.path && source.data) {
      o.data = source.data->data();
      o.data_size = source.data->size();
    }
    o.format = detail::c_str_or_null(source.format);
    return call_buffer(&arx_api::statement_import, "statement_import", &o);
  }

  std::string cashapp_run(const cashapp_run_request &request) {
    auto o = detail::versioned<arx_cashapp_run_options>();
    o.company = request.company.c_str();
    o.currency = detail::c_str_or_null(request.currency);
    o.statement_id = request.statement_id;
    o.flags = request.flags;
    return call_buffer(&arx_api::cashapp_run, "cashapp_run", &o);
  }

  std::string cashapp_list(const cashapp_list_request &request) {
    auto o = detail::versioned<arx_cashapp_list_options>();
    o.company = request.company.c_str();
    o.statement_id = request.statement_id;
    o.status = detail::c_str_or_null(request.status);
    o.limit = request.limit;
    o.offset = request.offset;
    o.flags = request.flags;
    return call_buffer(&arx_api::cashapp_list, "cashapp_list", &o);
  }

  // A demo camt.053 statement paying the company's open items (ABI 1.3).
  std::string demo_bank_statement(const std::string &company, uint64_t seed = 1, uint32_t lines = 0,
                                  arx_date on = arx_date{0, 0, 0}) {
    auto o = detail::versioned<arx_demo_statement_options>();
    o.company = company.c_str();
    o.seed = seed;
    o.lines = lines;
    o.on = on;
    return call_buffer(&arx_api::demo_bank_statement, "demo_bank_statement", &o);
  }

  // decision: ARX_DECISION_CONFIRM or ARX_DECISION_REJECT.
  std::string cashapp_decide(int64_t suggestion_id, int32_t decision,
                             const std::optional<std::string> &reason = std::nullopt) {
    auto o = detail::versioned<arx_cashapp_decision>();
    o.suggestion_id = suggestion_id;
    o.decision = decision;
    o.reason = detail::c_str_or_null(reason);
    return call_buffer(&arx_api::cashapp_decide, "cashapp_decide", &o);
  }

  // ---- dunning run hook --------------------------------------------------

  std::string dunning_run(const dunning_request &request) {
    const arx_dunning_options o = dunning_options(request);
    return call_buffer(&arx_api::dunning_run, "dunning_run", &o);
  }

  std::string dunning_preview(const dunning_request &request) {
    const arx_dunning_options o = dunning_options(request);
    return call_buffer(&arx_api::dunning_preview, "dunning_preview", &o);
  }

  // One collections action with its parameters as JSON text (ABI 1.4).
  std::string collections(const std::string &company, const std::string &action, const std::string &params_json) {
    return call_action<arx_collections_request>(&arx_api::collections, "collections", company, action, params_json);
  }

  // One analytics action with its parameters as JSON text (ABI 1.5): JSON,
  // or the HTML page for "dashboard".
  std::string analytics(const std::string &company, const std::string &action, const std::string &params_json) {
    return call_action<arx_analytics_request>(&arx_api::analytics, "analytics", company, action, params_json);
  }

  // ---- demo data ---------------------------------------------------------

  std::string demo_generate(const demo_request &request) {
    auto o = detail::versioned<arx_demo_options>();
    o.seed = request.seed;
    o.customers = request.customers;
    o.invoices = request.invoices;
    o.as_of = request.as_of;
    return call_buffer(&arx_api::demo_generate, "demo_generate", &o);
  }

private:
  // Frees a result buffer on every path out of a call.
  struct buffer_guard {
    const arx_api *api;
    arx_buffer *buffer = nullptr;
    explicit buffer_guard(const arx_api *a) : api(a) {}
    buffer_guard(const buffer_guard &) = delete;
    buffer_guard &operator=(const buffer_guard &) = delete;
    ~buffer_guard() {
      if (buffer != nullptr && api != nullptr && api->buffer_free != nullptr)
        api->buffer_free(buffer);
    }
    std::string text() const {
      if (buffer == nullptr || buffer->data == nullptr)
        return std::string();
      return std::string(buffer->data, buffer->size);
    }
  };

  // Throws when the plugin's table lacks `name` (an older plugin) or when
  // this object no longer holds an open context.
  void require(bool present, const char *name) const {
    if (api_ == nullptr)
      throw error(ARX_E_INVALID_HANDLE, "this arx context was moved from");
    if (!present)
      throw missing_member(name);
    if (ctx_ == nullptr)
      throw error(ARX_E_INVALID_HANDLE, std::string("cannot call ") + name +
                                            ": the arx context is closed");
  }

  error missing_member(const char *name) const {
    return error(ARX_E_NOT_IMPLEMENTED,
                 std::string("this plugin does not provide ") + name + " (ABI " +
                     abi_version_text(api_->abi_version) + ")");
  }

  void begin_call() noexcept { callbacks_->pending = nullptr; }

  void rethrow_pending() {
    if (callbacks_ && callbacks_->pending) {
      std::exception_ptr pending = std::exchange(callbacks_->pending, nullptr);
      std::rethrow_exception(pending);
    }
  }

  // Turns a failure status into an exception: the one a callback threw if
  // that caused the failure, else error with the plugin's message (and the
  // result document, should the plugin have sent one with the failure).
  void check(arx_status status, const buffer_guard *out = nullptr) {
    if (status == ARX_OK) {
      callbacks_->pending = nullptr; // the work completed regardless
      return;
    }
    rethrow_pending();
    std::string message = last_error();
    if (message.empty())
      message = std::string("the arx plugin reported ") + status_name(status);
    throw error(status, message, out != nullptr ? out->text() : std::string());
  }

  // ARX_API_HAS for a member of the table: the plugin's table is long enough
  // to hold it and it is set.
  template <class Fn> bool has(Fn arx_api::*member) const noexcept {
    if (api_ == nullptr)
      return false;
    // The member's end, measured on a table of this header's size (the
    // plugin's may be shorter).
    static const arx_api layout{};
    const std::size_t end = static_cast<std::size_t>(reinterpret_cast<const char *>(&(layout.*member)) -
                                                     reinterpret_cast<const char *>(&layout)) +
                            sizeof(Fn);
    return api_->struct_size >= end && api_->*member != nullptr;
  }

  // Calls the table's `member` (`name` in messages) with the context, `args`
  // and a result buffer; returns the result, the buffer freed on every path.
  template <class Fn, class... Args>
  std::string call_buffer(Fn arx_api::*member, const char *name, const Args &...args) {
    require(has(member), name);
    begin_call();
    buffer_guard out(api_);
    check((api_->*member)(ctx_, args..., &out.buffer), &out);
    return out.text();
  }

  // The same for a function without a result.
  template <class Fn, class... Args>
  void call_plain(Fn arx_api::*member, const char *name, const Args &...args) {
    require(has(member), name);
    begin_call();
    check((api_->*member)(ctx_, args...));
  }

  // An action request (company, action, JSON parameters) to the table's `member`.
  template <class Request, class Fn>
  std::string call_action(Fn arx_api::*member, const char *name, const std::string &company,
                          const std::string &action, const std::string &params_json) {
    auto o = detail::versioned<Request>();
    o.company = company.c_str();
    o.action = action.c_str();
    o.params = params_json.c_str();
    return call_buffer(member, name, &o);
  }

  static arx_invoice_options invoice_options(const invoice_ref &invoice) {
    auto o = detail::versioned<arx_invoice_options>();
    o.company = invoice.company.c_str();
    o.invoice_id = invoice.invoice_id;
    o.invoice_number = invoice.invoice_id == 0 ? invoice.invoice_number.c_str() : nullptr;
    return o;
  }

  static arx_statement_options statement_options(const std::string &company, const std::string &customer,
                                                  arx_date as_of, const std::optional<std::string> &currency) {
    auto o = detail::versioned<arx_statement_options>();
    o.company = company.c_str();
    o.customer = customer.c_str();
    o.currency = detail::c_str_or_null(currency);
    o.as_of = as_of;
    return o;
  }

  static arx_dunning_options dunning_options(const dunning_request &request) {
    auto o = detail::versioned<arx_dunning_options>();
    o.company = request.company.c_str();
    o.as_of = request.as_of;
    o.customer = detail::c_str_or_null(request.customer);
    o.flags = request.summary ? ARX_DUNNING_SUMMARY : 0u;
    return o;
  }

  std::shared_ptr<detail::module> module_; // keeps the plugin loaded
  const arx_api *api_ = nullptr;
  arx_context *ctx_ = nullptr;
  std::unique_ptr<detail::callback_state> callbacks_;
};

} // namespace arx::host

#endif // ARX_HPP
