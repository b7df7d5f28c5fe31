// The extern "C" edge of arx: the only exported symbol, arx_get_api, and the
// function table behind it. Nothing but C crosses here. Each function checks
// its arguments, runs its body inside guard(), which turns every exception into
// a status and the context's message, and hands results out as arx_buffer.
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <optional>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <type_traits>
#include <unordered_set>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "arx.h"
#include "core/error.hpp"
#include "cashapp/run.hpp"
#include "core/date.hpp"
#include "core/text.hpp"
#include "db/context.hpp"
#include "runtime/service.hpp"

struct arx_context {
  uint64_t magic = 0;
  arx::db::context *impl = nullptr;
  std::string last_error;
#if defined(ARX_TEST_HOOKS)
  std::string fault; // "function:kind" from ARX_FAULT_INJECT (test builds only)
#endif
};

namespace {

using arx::error;
using json = nlohmann::json;

constexpr uint64_t context_magic = 0x6172785f63747831ull; // "arx_ctx1"

void api_buffer_free_impl(arx_buffer *buffer) noexcept { std::free(buffer); }

// -------------------------------------------------------------- handles

std::mutex &registry_mutex() {
  static std::mutex m;
  return m;
}
std::unordered_set<const arx_context *> &registry() {
  static std::unordered_set<const arx_context *> r;
  return r;
}
bool is_open(const arx_context *ctx) {
  if (!ctx) return false;
  std::lock_guard<std::mutex> lock(registry_mutex());
  return registry().count(ctx) != 0 && ctx->magic == context_magic;
}

// ------------------------------------------------------------- messages

thread_local std::string thread_message;

const char *remember(std::string message) noexcept {
  try {
    thread_message = std::move(message);
    return thread_message.c_str();
  } catch (...) {
    return "arx: out of memory while reporting an error";
  }
}

// Maps the exception in flight to a status and sets `message`. Building the
// message may itself run out of memory: then a fixed text is used.
arx_status status_of_current_exception(std::string &message) noexcept {
  arx_status st = ARX_E_INTERNAL;
  try {
    try {
      throw;
    } catch (const error &e) {
      st = e.status() < 0 ? e.status() : ARX_E_ERROR;
      message = e.what();
    } catch (const soci::soci_error &e) {
      // Without the statement and its bound values: they may hold personal data.
      st = ARX_E_DATABASE;
      message = "database error: " + e.get_error_message();
    } catch (const std::bad_alloc &) {
      st = ARX_E_OUT_OF_MEMORY;
      message = "out of memory";
    } catch (const std::exception &e) {
      st = ARX_E_INTERNAL;
      message = std::string("internal error: ") + e.what();
    } catch (...) {
      st = ARX_E_INTERNAL;
      message = "internal error: an unknown exception";
    }
  } catch (...) {
    message.clear(); // no memory for the message; the status still tells
    if (st == ARX_E_INTERNAL) st = ARX_E_OUT_OF_MEMORY;
  }
  return st;
}

// A fault injected by the ABI tests (ARX_FAULT_INJECT=function:kind) to prove
// that nothing escapes the edge. Only in a build with -DARX_TEST_HOOKS=ON: the
// packaged library neither reads the variable nor can throw these.
#if defined(ARX_TEST_HOOKS)
void inject_fault(const arx_context *ctx, const char *function) {
  if (ctx->fault.empty()) return;
  auto colon = ctx->fault.find(':');
  if (ctx->fault.compare(0, colon, function) != 0) return;
  std::string kind = colon == std::string::npos ? "std" : ctx->fault.substr(colon + 1);
  if (kind == "std") throw std::runtime_error(std::string("fault injected in ") + function);
  if (kind == "soci") throw soci::soci_error(std::string("fault injected in ") + function);
  if (kind == "alloc") throw std::bad_alloc();
  if (kind == "int") throw 42;
  throw error(ARX_E_ERROR, std::string("fault injected in ") + function);
}
#else
void inject_fault(const arx_context *, const char *) {}
#endif

// Runs `body` on the context's implementation and turns whatever it throws
// into a status (a body may also return one: a result handed out that still
// reports a refusal, see refuse()). `out`, when the function has a result, is set to NULL first,
// so it is NULL on every failure, a bad handle included.
template <class Body>
arx_status guard(arx_context *ctx, const char *function, arx_buffer **out, Body &&body) noexcept {
  if (out) *out = nullptr;
  if (!is_open(ctx)) return ARX_E_INVALID_HANDLE;
  try {
    ctx->last_error.clear();
    inject_fault(ctx, function);
    ctx->impl->ensure_connected();
    if constexpr (std::is_void_v<decltype(body(*ctx->impl))>) {
      body(*ctx->impl);
      return ARX_OK;
    } else {
      return body(*ctx->impl);
    }
  } catch (...) {
    std::string message;
    arx_status st = status_of_current_exception(message);
    if (out && *out) { // a result built before the failure is not handed out
      api_buffer_free_impl(*out);
      *out = nullptr;
    }
    try {
      if (st == ARX_E_DATABASE && ctx->impl->connection_lost())
        message += " (the database connection is lost: the transaction was rolled back, and the next call connects "
                   "again)";
      ctx->last_error = std::string(function) + ": " + (message.empty() ? "out of memory" : message);
      ctx->impl->log(ARX_LOG_ERROR, ctx->last_error);
    } catch (...) {
      ctx->last_error.clear();
    }
    return st;
  }
}

// --------------------------------------------------------------- checks

// What the edge knows of each options struct: its name, for messages, and its
// first published size (the end of its last field in the ABI version that
// added it: 1.0 unless noted). A host built against that version passes at
// least this much; fields appended later are read only when struct_size
// covers them (ARX_HAS_FIELD).
template <class T> struct abi_struct;
#define ARX_ABI_STRUCT(T, last)                                                                                      \
  template <> struct abi_struct<T> {                                                                                 \
    static constexpr const char *name = #T;                                                                          \
    static constexpr size_t first_size = offsetof(T, last) + sizeof(T::last);                                        \
  }
ARX_ABI_STRUCT(arx_context_options, flags);
ARX_ABI_STRUCT(arx_install_options, reserved);
ARX_ABI_STRUCT(arx_config_set_options, reason);
ARX_ABI_STRUCT(arx_invoice_options, reserved);
ARX_ABI_STRUCT(arx_statement_import_options, reserved);
ARX_ABI_STRUCT(arx_cashapp_run_options, reserved);
ARX_ABI_STRUCT(arx_cashapp_list_options, offset);
ARX_ABI_STRUCT(arx_cashapp_decision, reason);
ARX_ABI_STRUCT(arx_dunning_options, reserved);
ARX_ABI_STRUCT(arx_demo_options, reserved);
ARX_ABI_STRUCT(arx_render_options, reserved);                 // ABI 1.1
ARX_ABI_STRUCT(arx_delivery_preference_options, reserved);    // ABI 1.2
ARX_ABI_STRUCT(arx_delivery_run_options, now_unix);           // ABI 1.2
ARX_ABI_STRUCT(arx_delivery_status_options, reserved);        // ABI 1.2
ARX_ABI_STRUCT(arx_resend_options, reserved);                 // ABI 1.2
ARX_ABI_STRUCT(arx_attach_options, data_size);                // ABI 1.2
ARX_ABI_STRUCT(arx_statement_options, reserved);              // ABI 1.2
ARX_ABI_STRUCT(arx_demo_statement_options, on);               // ABI 1.3
ARX_ABI_STRUCT(arx_collections_request, reserved);            // ABI 1.4
ARX_ABI_STRUCT(arx_analytics_request, reserved);              // ABI 1.5

// Whether the host's struct is large enough to hold `field` (for fields
// appended after the struct's first version; check_struct covers the rest).
#define ARX_HAS_FIELD(p, T, field) ((p)->struct_size >= offsetof(T, field) + sizeof((p)->field))

template <class T> void check_struct(const T *p) {
  const std::string type = abi_struct<T>::name;
  if (!p) throw error(ARX_E_NULL_ARGUMENT, type + " is NULL");
  if (ARX_ABI_MAJOR_OF(p->abi_version) != ARX_ABI_VERSION_MAJOR)
    throw error(ARX_E_VERSION, type + ".abi_version is " + std::to_string(ARX_ABI_MAJOR_OF(p->abi_version)) + "." +
                                   std::to_string(ARX_ABI_MINOR_OF(p->abi_version)) + ", this plugin implements " +
                                   std::to_string(ARX_ABI_VERSION_MAJOR) + ".x");
  if (p->struct_size < abi_struct<T>::first_size)
    throw error(ARX_E_VERSION, type + ".struct_size is " + std::to_string(p->struct_size) +
                                   ", smaller than its ABI 1.0 size " + std::to_string(abi_struct<T>::first_size));
}

void require(const char *value, const std::string &what) {
  if (!value) throw error(ARX_E_NULL_ARGUMENT, what + " is NULL");
}

// Text the host hands in for the audit trail: UTF-8, and short enough for
// its column on every database.
void check_host_text(const char *s, const std::string &what, size_t max_bytes) {
  if (s) arx::core::require_text(s, what, max_bytes);
}

// "arx_resend_options.company": a field named as the host's header names it.
template <class T> std::string field_name(const T *, const char *field) {
  return std::string(abi_struct<T>::name) + "." + field;
}
#define ARX_REQUIRE(o, field) require((o)->field, field_name(o, #field))
#define ARX_HOST_TEXT(o, field, max_bytes) check_host_text((o)->field, field_name(o, #field), max_bytes)

void check_out(arx_buffer **out) {
  if (!out) throw error(ARX_E_NULL_ARGUMENT, "the result pointer 'out' is NULL");
  *out = nullptr;
}

std::string text(const char *s) { return s ? std::string(s) : std::string(); }
std::optional<std::string> optional_text(const char *s) {
  if (!s) return std::nullopt;
  return std::string(s);
}

// ---------------------------------------------------------------- buffers

// One allocation: the arx_buffer header, then the text and its terminator.
arx_buffer *make_buffer(const std::string &s) {
  void *mem = std::malloc(sizeof(arx_buffer) + s.size() + 1);
  if (!mem) throw std::bad_alloc();
  auto *b = static_cast<arx_buffer *>(mem);
  char *data = reinterpret_cast<char *>(b + 1);
  std::memcpy(data, s.data(), s.size());
  data[s.size()] = '\0';
  b->data = data;
  b->size = s.size();
  return b;
}

// Invalid UTF-8 from the database is replaced (U+FFFD) rather than failing.
void put(arx_buffer **out, const json &j) { *out = make_buffer(j.dump(-1, ' ', false, json::error_handler_t::replace)); }

// ------------------------------------------------------------- functions

const char *api_version() { return ARX_VERSION_STRING; }

arx_status api_context_open(const arx_context_options *options, arx_context **out_ctx,
                            const char **out_message) noexcept {
  auto fail = [&](arx_status st, std::string message) {
    const char *m = remember(std::move(message));
    if (out_message) *out_message = m;
    return st;
  };
  if (!out_ctx) return fail(ARX_E_NULL_ARGUMENT, "context_open: out_ctx is NULL");
  *out_ctx = nullptr;
  if (out_message) *out_message = "";
  arx_context *ctx = nullptr;
  try {
    check_struct(options);
    ARX_REQUIRE(options, connection_string);
    arx::db::context_settings s;
    s.connection_string = options->connection_string;
    if (options->profile) s.profile = options->profile;
    s.profile_dir = text(options->profile_dir);
    ARX_HOST_TEXT(options, user, 200);
    if (options->user && *options->user) s.user = options->user;
    s.check_schema = (options->flags & ARX_CONTEXT_NO_SCHEMA_CHECK) == 0;
    s.callbacks = {options->log, options->progress, options->business_date, options->host_data, options->log_level};
    ctx = new arx_context();
#if defined(ARX_TEST_HOOKS)
    if (const char *f = std::getenv("ARX_FAULT_INJECT")) ctx->fault = f;
#endif
    ctx->impl = new arx::db::context(std::move(s));
    ctx->magic = context_magic;
    {
      std::lock_guard<std::mutex> lock(registry_mutex());
      registry().insert(ctx);
    }
    *out_ctx = ctx;
    return ARX_OK;
  } catch (...) {
    if (ctx) {
      delete ctx->impl;
      delete ctx;
    }
    std::string message;
    arx_status st = status_of_current_exception(message);
    st = fail(st, "context_open: " + message);
    if (options && options->struct_size >= abi_struct<arx_context_options>::first_size && options->log &&
        options->log_level >= ARX_LOG_ERROR) {
      try {
        options->log(options->host_data, ARX_LOG_ERROR, thread_message.c_str());
      } catch (...) {
      }
    }
    return st;
  }
}

void api_context_close(arx_context *ctx) noexcept {
  if (!ctx) return;
  {
    std::lock_guard<std::mutex> lock(registry_mutex());
    if (registry().erase(ctx) == 0) return; // unknown or already closed: ignore
  }
  ctx->magic = 0;
  try {
    delete ctx->impl;
  } catch (...) {
  }
  delete ctx;
}

const char *api_last_error(const arx_context *ctx) noexcept {
  if (!ctx) return "arx: the context handle is NULL";
  if (!is_open(ctx)) return "arx: the context handle is not an open arx context";
  return ctx->last_error.c_str();
}

void api_buffer_free(arx_buffer *buffer) noexcept { api_buffer_free_impl(buffer); }

// The frame every function taking an options struct shares: the guard, then
// the struct's version and size, then `body`. With a result pointer, the
// pointer is checked first and what `body` returns (JSON, or a finished
// document) is handed out in it.
void hand_out(arx_buffer **out, const json &j) { put(out, j); }
void hand_out(arx_buffer **out, const std::string &document) { *out = make_buffer(document); }

template <class T, class Body>
arx_status call(arx_context *ctx, const char *function, const T *o, arx_buffer **out, Body &&body) noexcept {
  return guard(ctx, function, out, [&](arx::db::context &c) {
    check_out(out);
    check_struct(o);
    hand_out(out, body(c));
  });
}
template <class T, class Body>
arx_status call(arx_context *ctx, const char *function, const T *o, Body &&body) noexcept {
  return guard(ctx, function, nullptr, [&](arx::db::context &c) {
    check_struct(o);
    body(c);
  });
}
// The same for a function that takes plain arguments.
template <class Body> arx_status call(arx_context *ctx, const char *function, arx_buffer **out, Body &&body) noexcept {
  return guard(ctx, function, out, [&](arx::db::context &c) {
    check_out(out);
    hand_out(out, body(c));
  });
}

// A result that is handed out and still refused (a schema that is not current,
// an invoice with blocking findings): the status, and the context's message.
arx_status refuse(arx_context *ctx, arx_status status, int level, std::string message) {
  ctx->last_error = std::move(message);
  ctx->impl->log(level, ctx->last_error);
  return status;
}

// "field (rule): message" of a finding.
std::string finding_text(const json &f) {
  return f.at("field").get<std::string>() + " (" + f.at("rule").get<std::string>() +
         "): " + f.at("message").get<std::string>();
}

arx_status api_schema_install(arx_context *ctx, const arx_install_options *o, arx_buffer **out) noexcept {
  return call(ctx, "schema_install", o, out, [&](arx::db::context &c) { return arx::service::schema_install(c, o->flags); });
}

arx_status api_schema_check(arx_context *ctx, arx_buffer **out) noexcept {
  return guard(ctx, "schema_check", out, [&](arx::db::context &c) {
    check_out(out);
    json j = arx::service::schema_check(c);
    put(out, j);
    if (j.at("state") == "current") return ARX_OK;
    return refuse(ctx, ARX_E_SCHEMA, ARX_LOG_ERROR, "schema_check: " + j.at("detail").get<std::string>());
  });
}

arx_status api_config_get(arx_context *ctx, const char *company, const char *key, arx_buffer **out) noexcept {
  return call(ctx, "config_get", out, [&](arx::db::context &c) {
    require(key, "key");
    return arx::service::config_get(c, text(company), key);
  });
}

arx_status api_config_set(arx_context *ctx, const arx_config_set_options *o) noexcept {
  return call(ctx, "config_set", o, [&](arx::db::context &c) {
    ARX_REQUIRE(o, key);
    ARX_HOST_TEXT(o, company, 100);
    ARX_HOST_TEXT(o, key, 100);
    ARX_HOST_TEXT(o, value, 4000);
    ARX_HOST_TEXT(o, reason, 1000);
    arx::service::config_set(c, text(o->company), o->key, optional_text(o->value), text(o->reason));
  });
}

arx_status api_config_list(arx_context *ctx, const char *company, arx_buffer **out) noexcept {
  return call(ctx, "config_list", out, [&](arx::db::context &c) { return arx::service::config_list(c, text(company)); });
}

// Why the validate hook refuses an invoice: blocking findings; empty: it does not.
std::string validate_refusal(const json &j) {
  const auto blocking = j.at("blocking").get<size_t>();
  if (blocking == 0) return {};
  return std::to_string(blocking) + " blocking finding(s); first: " + finding_text(j.at("findings").at(0));
}
// Why the post hook refuses an invoice: no channel of the customer can take it.
std::string post_refusal(const json &j) {
  if (j.at("status") != "blocked") return {};
  const auto &f = j.at("findings");
  return "no channel of the customer can take invoice " + j.at("invoice").get<std::string>() +
         (f.empty() ? std::string() : "; first: " + finding_text(f.at(0)));
}

// invoice_validate and invoice_post: the invoice is named by id or number;
// the JSON result is handed out, and a refusal also becomes the status.
template <bool post>
arx_status api_invoice_hook(arx_context *ctx, const arx_invoice_options *o, arx_buffer **out) noexcept {
  const char *function = post ? "invoice_post" : "invoice_validate";
  return guard(ctx, function, out, [&](arx::db::context &c) {
    check_out(out);
    check_struct(o);
    ARX_REQUIRE(o, company);
    if (o->invoice_id == 0 && !o->invoice_number)
      throw error(ARX_E_NULL_ARGUMENT, "arx_invoice_options names no invoice (invoice_id 0, invoice_number NULL)");
    const json j = post ? arx::service::invoice_post(c, o->company, o->invoice_id, text(o->invoice_number))
                        : arx::service::invoice_validate(c, o->company, o->invoice_id, text(o->invoice_number));
    put(out, j);
    const std::string why = post ? post_refusal(j) : validate_refusal(j);
    if (why.empty()) return ARX_OK;
    return refuse(ctx, ARX_E_VALIDATION, ARX_LOG_INFO, std::string(function) + ": " + why);
  });
}

arx_status api_statement_import(arx_context *ctx, const arx_statement_import_options *o, arx_buffer **out) noexcept {
  return call(ctx, "statement_import", o, out, [&](arx::db::context &c) {
    arx::service::statement_import_request r;
    r.company = text(o->company);
    r.format = text(o->format);
    if (o->path) {
      // A file above the configured cap is refused before it is read.
      std::error_code size_error;
      const auto size = std::filesystem::file_size(o->path, size_error);
      if (!size_error) arx::service::statement_import_check_size(c, r.company, o->path, size);
      std::ifstream in(o->path, std::ios::binary);
      if (!in) throw error(ARX_E_NOT_FOUND, std::string("cannot read the bank file ") + o->path);
      r.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      if (in.bad()) throw error(ARX_E_ERROR, std::string("reading the bank file ") + o->path + " failed");
      r.source_name = o->path;
    } else {
      if (!o->data && o->data_size) throw error(ARX_E_NULL_ARGUMENT, "arx_statement_import_options.data is NULL");
      if (!o->data) throw error(ARX_E_NULL_ARGUMENT, "arx_statement_import_options names no file (path and data NULL)");
      r.bytes.assign(o->data, o->data_size);
      r.source_name = "bank file";
    }
    return arx::service::statement_import(c, r);
  });
}
arx_status api_cashapp_run(arx_context *ctx, const arx_cashapp_run_options *o, arx_buffer **out) noexcept {
  return call(ctx, "cashapp_run", o, out, [&](arx::db::context &c) {
    ARX_REQUIRE(o, company);
    if (o->flags & ~ARX_CASHAPP_SHADOW)
      throw error(ARX_E_INVALID_ARGUMENT, "arx_cashapp_run_options.flags has unknown bits");
    arx::cashapp::run_request r;
    r.company = o->company;
    r.currency = text(o->currency);
    r.statement_id = o->statement_id;
    r.shadow = (o->flags & ARX_CASHAPP_SHADOW) != 0;
    return arx::service::cashapp_run(c, r);
  });
}
arx_status api_cashapp_list(arx_context *ctx, const arx_cashapp_list_options *o, arx_buffer **out) noexcept {
  return call(ctx, "cashapp_list", o, out, [&](arx::db::context &c) {
    ARX_REQUIRE(o, company);
    arx::cashapp::results_request r;
    r.company = o->company;
    r.statement_id = o->statement_id;
    r.status = text(o->status);
    r.limit = o->limit;
    r.offset = o->offset;
    // ABI 1.3 appended flags; an older host's struct ends before them.
    if (ARX_HAS_FIELD(o, arx_cashapp_list_options, flags)) r.shadow = (o->flags & ARX_CASHAPP_SHADOW) != 0;
    return arx::service::cashapp_results(c, r);
  });
}
arx_status api_cashapp_decide(arx_context *ctx, const arx_cashapp_decision *o, arx_buffer **out) noexcept {
  return call(ctx, "cashapp_decide", o, out, [&](arx::db::context &c) {
    if (o->decision != ARX_DECISION_CONFIRM && o->decision != ARX_DECISION_REJECT)
      throw error(ARX_E_INVALID_ARGUMENT, "arx_cashapp_decision.decision must be ARX_DECISION_CONFIRM (1) or "
                                          "ARX_DECISION_REJECT (2), not " + std::to_string(o->decision));
    if (o->suggestion_id <= 0) throw error(ARX_E_INVALID_ARGUMENT, "arx_cashapp_decision.suggestion_id must be a line id");
    return arx::service::cashapp_decide(c, o->suggestion_id, o->decision == ARX_DECISION_CONFIRM, text(o->reason));
  });
}

// dunning_run and dunning_preview: one request, written or only shown.
template <bool preview>
arx_status api_dunning(arx_context *ctx, const arx_dunning_options *o, arx_buffer **out) noexcept {
  return call(ctx, preview ? "dunning_preview" : "dunning_run", o, out, [&](arx::db::context &c) {
    ARX_REQUIRE(o, company);
    arx::dunning::run_request r;
    r.company = o->company;
    r.as_of = arx::core::from_arx_date(o->as_of);
    r.customer = text(o->customer);
    r.preview = preview;
    r.summary = (o->flags & ARX_DUNNING_SUMMARY) != 0;
    return arx::service::dunning_run(c, r);
  });
}

arx_status api_demo_generate(arx_context *ctx, const arx_demo_options *o, arx_buffer **out) noexcept {
  return call(ctx, "demo_generate", o, out, [&](arx::db::context &c) {
    arx::service::demo_request r;
    r.seed = o->seed;
    r.customers = o->customers;
    r.invoices = o->invoices;
    r.as_of = o->as_of;
    return arx::service::demo_generate(c, r);
  });
}

arx_status api_invoice_render(arx_context *ctx, const arx_render_options *o, arx_buffer **out) noexcept {
  return call(ctx, "invoice_render", o, out, [&](arx::db::context &c) {
    ARX_REQUIRE(o, company);
    ARX_REQUIRE(o, invoice_number);
    ARX_REQUIRE(o, format);
    return arx::service::invoice_render(c, o->company, o->invoice_number, o->format);
  });
}

// ---- ABI 1.2: delivery ------------------------------------------------

arx_status api_delivery_preference_set(arx_context *ctx, const arx_delivery_preference_options *o) noexcept {
  return call(ctx, "delivery_preference_set", o, [&](arx::db::context &c) {
    ARX_REQUIRE(o, company);
    ARX_REQUIRE(o, customer);
    ARX_HOST_TEXT(o, channels, 200);
    ARX_HOST_TEXT(o, email, 400);
    if (o->flags & ~ARX_DELIVERY_ATTACH_XML)
      throw error(ARX_E_INVALID_ARGUMENT, "unknown arx_delivery_preference_options.flags bits");
    arx::service::delivery_preference_set(c, o->company, o->customer, text(o->channels), optional_text(o->email),
                                          (o->flags & ARX_DELIVERY_ATTACH_XML) != 0);
  });
}

arx_status api_delivery_preference_get(arx_context *ctx, const char *company, const char *customer,
                                       arx_buffer **out) noexcept {
  return call(ctx, "delivery_preference_get", out, [&](arx::db::context &c) {
    require(company, "company");
    require(customer, "customer");
    return arx::service::delivery_preference_get(c, company, customer);
  });
}

arx_status api_delivery_run(arx_context *ctx, const arx_delivery_run_options *o, arx_buffer **out) noexcept {
  return call(ctx, "delivery_run", o, out, [&](arx::db::context &c) {
    arx::service::delivery_run_request r;
    r.company = text(o->company);
    r.max_jobs = o->max_jobs;
    r.now_unix = o->now_unix;
    return arx::service::delivery_run(c, r);
  });
}

arx_status api_delivery_status(arx_context *ctx, const arx_delivery_status_options *o, arx_buffer **out) noexcept {
  return call(ctx, "delivery_status", o, out, [&](arx::db::context &c) {
    return arx::service::delivery_status(c, text(o->company), text(o->state), text(o->reference), o->limit);
  });
}

arx_status api_invoice_resend(arx_context *ctx, const arx_resend_options *o, arx_buffer **out) noexcept {
  return call(ctx, "invoice_resend", o, out, [&](arx::db::context &c) {
    ARX_REQUIRE(o, company);
    ARX_REQUIRE(o, invoice_number);
    ARX_HOST_TEXT(o, recipient, 400);
    return arx::service::invoice_resend(c, o->company, o->invoice_number, optional_text(o->channel),
                                        optional_text(o->recipient));
  });
}

arx_status api_invoice_attach(arx_context *ctx, const arx_attach_options *o, arx_buffer **out) noexcept {
  return call(ctx, "invoice_attach", o, out, [&](arx::db::context &c) {
    ARX_REQUIRE(o, company);
    ARX_REQUIRE(o, invoice_number);
    ARX_REQUIRE(o, filename);
    ARX_HOST_TEXT(o, filename, 200);
    if (!o->data && o->data_size) throw error(ARX_E_NULL_ARGUMENT, "arx_attach_options.data is NULL");
    return arx::service::invoice_attach(c, o->company, o->invoice_number, o->filename, text(o->content_type),
                                        std::string(o->data ? o->data : "", o->data_size));
  });
}

// statement_render and statement_send: one customer's statement, as a PDF
// handed back or sent through the customer's channels.
template <bool send>
arx_status api_statement(arx_context *ctx, const arx_statement_options *o, arx_buffer **out) noexcept {
  return call(ctx, send ? "statement_send" : "statement_render", o, out, [&](arx::db::context &c) {
    ARX_REQUIRE(o, company);
    ARX_REQUIRE(o, customer);
    if constexpr (send)
      return arx::service::statement_send(c, o->company, o->customer, o->as_of, text(o->currency));
    else
      return arx::service::statement_render(c, o->company, o->customer, o->as_of, text(o->currency));
  });
}

arx_status api_demo_bank_statement(arx_context *ctx, const arx_demo_statement_options *o, arx_buffer **out) noexcept {
  return call(ctx, "demo_bank_statement", o, out, [&](arx::db::context &c) {
    ARX_REQUIRE(o, company);
    const auto on = arx::core::from_arx_date(o->on);
    return arx::cashapp::demo_statement(c, o->company, o->seed, o->lines ? o->lines : 40, on ? *on : c.today());
  });
}

// collections and analytics: one action of a capability, its parameters JSON.
template <class T, class Action>
arx_status capability_action(arx_context *ctx, const char *function, const T *o, arx_buffer **out,
                             Action action) noexcept {
  return call(ctx, function, o, out, [&](arx::db::context &c) {
    ARX_REQUIRE(o, company);
    ARX_REQUIRE(o, action);
    return action(c, o->company, o->action, o->params ? o->params : "{}");
  });
}
arx_status api_collections(arx_context *ctx, const arx_collections_request *o, arx_buffer **out) noexcept {
  return capability_action(ctx, "collections", o, out, &arx::service::collections);
}
arx_status api_analytics(arx_context *ctx, const arx_analytics_request *o, arx_buffer **out) noexcept {
  return capability_action(ctx, "analytics", o, out, &arx::service::analytics);
}

const arx_api api_table = {
    sizeof(arx_api),
    ARX_ABI_VERSION,
    &api_version,
    &api_context_open,
    &api_context_close,
    &api_last_error,
    &api_buffer_free,
    &api_schema_install,
    &api_schema_check,
    &api_config_get,
    &api_config_set,
    &api_config_list,
    &api_invoice_hook<false>,
    &api_invoice_hook<true>,
    &api_statement_import,
    &api_cashapp_run,
    &api_cashapp_list,
    &api_cashapp_decide,
    &api_dunning<false>,
    &api_dunning<true>,
    &api_demo_generate,
    &api_invoice_render,
    &api_delivery_preference_set,
    &api_delivery_preference_get,
    &api_delivery_run,
    &api_delivery_status,
    &api_invoice_resend,
    &api_invoice_attach,
    &api_statement<false>,
    &api_statement<true>,
    &api_demo_bank_statement,
    &api_collections,
    &api_analytics,
};

}  // namespace

extern "C" ARX_EXPORT arx_status arx_get_api(const arx_host_info *host, const arx_api **out_api,
                                             const char **out_message) {
  auto fail = [&](arx_status st, std::string message) {
    const char *m = remember(std::move(message));
    if (out_message) *out_message = m;
    return st;
  };
  try {
    if (out_api) *out_api = nullptr;
    if (out_message) *out_message = "";
    if (!host) return fail(ARX_E_NULL_ARGUMENT, "arx_get_api: host info is NULL");
    if (!out_api) return fail(ARX_E_NULL_ARGUMENT, "arx_get_api: out_api is NULL");
    if (host->struct_size < sizeof(arx_host_info))
      return fail(ARX_E_VERSION, "arx_get_api: arx_host_info.struct_size " + std::to_string(host->struct_size) +
                                     " is smaller than its ABI 1.0 size " + std::to_string(sizeof(arx_host_info)));
    if (ARX_ABI_MAJOR_OF(host->abi_version) != ARX_ABI_VERSION_MAJOR)
      return fail(ARX_E_VERSION, "arx_get_api: the host speaks ABI " + std::to_string(ARX_ABI_MAJOR_OF(host->abi_version)) +
                                     "." + std::to_string(ARX_ABI_MINOR_OF(host->abi_version)) + ", this plugin ABI " +
                                     std::to_string(ARX_ABI_VERSION_MAJOR) + "." + std::to_string(ARX_ABI_VERSION_MINOR) +
                                     "; a different major version cannot be used");
    // The host's table must at least hold ABI 1.0; a larger one (a newer
    // host) is fine: it checks ARX_API_HAS before calling newer members.
    constexpr size_t v1_0_size = offsetof(arx_api, demo_generate) + sizeof(api_table.demo_generate);
    if (host->api_size < v1_0_size)
      return fail(ARX_E_VERSION, "arx_get_api: the host's arx_api size " + std::to_string(host->api_size) +
                                     " is smaller than the ABI 1.0 table (" + std::to_string(v1_0_size) + ")");
    *out_api = &api_table;
    return ARX_OK;
  } catch (...) {
    return ARX_E_INTERNAL;
  }
}
