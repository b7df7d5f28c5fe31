// A stand-in plugin for testing the host side (arx.hpp and the arx CLI)
// without a database: it speaks the arx C ABI with scripted answers.
//
// ARX_FAKE_MODE, read by every arx_get_api() call, selects the table:
//   (unset)        a complete ABI 1.0 table
//   refuse         arx_get_api fails with ARX_E_VERSION and a message
//   major2         a table that claims ABI 2.0
//   short          a table smaller than the ABI 1.0 table
//   no_dunning     a 1.0-sized table whose dunning_run is NULL
//
// Behaviour of the complete table:
//   context_open       fails with ARX_E_DATABASE for connection "fail"
//   schema_check       ARX_E_SCHEMA + {"state":"missing"} until schema_install
//   config_*           one integer key "dunning.grace_days" (0..60, default 3)
//   demo_generate      reports progress 0..10 (cancel -> ARX_E_CANCELLED),
//                      waiting $ARX_FAKE_STEP_MS between steps, then asks
//                      the business date and echoes it
//   invoice_validate   ARX_E_VALIDATION with a findings document
//   everything else    ARX_E_NOT_IMPLEMENTED
// arx_fake_live_buffers() counts buffers handed out and not yet freed.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <thread>

#include "arx.h"

namespace {

std::atomic<int> live_buffers{0};

struct fake_context {
  arx_context_options options{};
  std::string last_error;
  bool installed = false;
  std::string grace_days; // empty = default
};

fake_context *ctx_of(arx_context *ctx) { return reinterpret_cast<fake_context *>(ctx); }

arx_buffer *make_buffer(const std::string &text) {
  auto *buffer = new arx_buffer;
  char *data = new char[text.size() + 1];
  std::memcpy(data, text.c_str(), text.size() + 1);
  buffer->data = data;
  buffer->size = text.size();
  ++live_buffers;
  return buffer;
}

arx_status fail(arx_context *ctx, arx_status status, const std::string &message) {
  ctx_of(ctx)->last_error = message;
  return status;
}

arx_status ok(arx_context *ctx) {
  ctx_of(ctx)->last_error.clear();
  return ARX_OK;
}

const char *fake_version() { return "9.9.9-fake"; }

arx_status fake_context_open(const arx_context_options *options, arx_context **out,
                             const char **message) {
  if (out == nullptr || options == nullptr)
    return ARX_E_NULL_ARGUMENT;
  *out = nullptr;
  if (options->connection_string == nullptr ||
      std::strcmp(options->connection_string, "fail") == 0) {
    if (message != nullptr)
      *message = "fake: cannot connect to 'fail'";
    return ARX_E_DATABASE;
  }
  auto *ctx = new fake_context;
  ctx->options = *options;
  ctx->options.connection_string = nullptr; // borrowed for the call only
  ctx->options.profile = ctx->options.profile_dir = ctx->options.user = nullptr;
  if (ctx->options.log != nullptr)
    ctx->options.log(ctx->options.host_data, ARX_LOG_INFO, "fake: context opened");
  *out = reinterpret_cast<arx_context *>(ctx);
  return ARX_OK;
}

void fake_context_close(arx_context *ctx) { delete ctx_of(ctx); }

const char *fake_last_error(const arx_context *ctx) {
  return ctx == nullptr ? "fake: no context"
                        : reinterpret_cast<const fake_context *>(ctx)->last_error.c_str();
}

void fake_buffer_free(arx_buffer *buffer) {
  if (buffer == nullptr)
    return;
  delete[] buffer->data;
  delete buffer;
  --live_buffers;
}

arx_status fake_schema_install(arx_context *ctx, const arx_install_options *options,
                               arx_buffer **out) {
  ctx_of(ctx)->installed = (options->flags & ARX_INSTALL_UNINSTALL) == 0;
  *out = make_buffer("{\"applied\":[\"0001_fake\"],\"erp_schema\":" +
                     std::string((options->flags & ARX_INSTALL_ERP_SCHEMA) ? "true" : "false") +
                     "}");
  return ok(ctx);
}

arx_status fake_schema_check(arx_context *ctx, arx_buffer **out) {
  if (ctx_of(ctx)->installed) {
    *out = make_buffer(R"({"database_version":1,"plugin_version":1,"state":"current"})");
    return ok(ctx);
  }
  *out = make_buffer(R"({"database_version":null,"plugin_version":1,"state":"missing"})");
  return fail(ctx, ARX_E_SCHEMA, "fake: the arx schema is missing");
}

std::string grace_entry(const fake_context *c) {
  const std::string value = c->grace_days.empty() ? "3" : c->grace_days;
  return std::string(R"({"key":"dunning.grace_days","value":)") + value +
         R"(,"default":3,"type":"integer","source":")" +
         (c->grace_days.empty() ? "default" : "global") + R"("})";
}

arx_status fake_config_get(arx_context *ctx, const char *, const char *key, arx_buffer **out) {
  if (key == nullptr || std::strcmp(key, "dunning.grace_days") != 0)
    return fail(ctx, ARX_E_CONFIG,
                std::string("fake: unknown configuration key '") + (key ? key : "") + "'");
  *out = make_buffer(grace_entry(ctx_of(ctx)));
  return ok(ctx);
}

arx_status fake_config_set(arx_context *ctx, const arx_config_set_options *options) {
  if (options->key == nullptr || std::strcmp(options->key, "dunning.grace_days") != 0)
    return fail(ctx, ARX_E_CONFIG,
                std::string("fake: unknown configuration key '") +
                    (options->key ? options->key : "") + "'");
  if (options->value == nullptr) {
    ctx_of(ctx)->grace_days.clear();
    return ok(ctx);
  }
  char *end = nullptr;
  const long value = std::strtol(options->value, &end, 10);
  if (*options->value == '\0' || *end != '\0' || value < 0 || value > 60)
    return fail(ctx, ARX_E_CONFIG,
                std::string("fake: dunning.grace_days must be a whole number from 0 to 60, not '") +
                    options->value + "'");
  ctx_of(ctx)->grace_days = std::to_string(value);
  return ok(ctx);
}

arx_status fake_config_list(arx_context *ctx, const char *, arx_buffer **out) {
  *out = make_buffer("[" + grace_entry(ctx_of(ctx)) + "]");
  return ok(ctx);
}

arx_status fake_invoice_validate(arx_context *ctx, const arx_invoice_options *, arx_buffer **out) {
  *out = make_buffer(R"({"errors":[{"code":"E1","message":"no customer"}]})");
  return fail(ctx, ARX_E_VALIDATION, "fake: the invoice has 1 blocking error");
}

template <class Options>
arx_status not_implemented(arx_context *ctx, const Options *, arx_buffer **) {
  return fail(ctx, ARX_E_NOT_IMPLEMENTED, "fake: not implemented yet");
}

arx_status fake_demo_generate(arx_context *ctx, const arx_demo_options *options,
                              arx_buffer **out) {
  const arx_context_options &o = ctx_of(ctx)->options;
  const char *slow = std::getenv("ARX_FAKE_STEP_MS");
  const long step_ms = slow != nullptr ? std::atol(slow) : 0;
  for (uint64_t step = 0; step <= 10; ++step) {
    if (o.progress != nullptr && o.progress(o.host_data, "fake demo", step, 10) != 0)
      return fail(ctx, ARX_E_CANCELLED, "fake: cancelled by the host");
    if (step_ms > 0 && step < 10)
      std::this_thread::sleep_for(std::chrono::milliseconds(step_ms));
  }
  arx_date today{0, 0, 0};
  if (o.business_date != nullptr) {
    const arx_status status = o.business_date(o.host_data, &today);
    if (status != ARX_OK)
      return fail(ctx, status, "fake: the host gave no business date");
  }
  char text[160];
  std::snprintf(text, sizeof text,
                "{\"seed\":%llu,\"customers\":%u,\"as_of\":\"%04d-%02d-%02d\"}",
                static_cast<unsigned long long>(options->seed), options->customers,
                static_cast<int>(today.year), static_cast<int>(today.month),
                static_cast<int>(today.day));
  *out = make_buffer(text);
  return ok(ctx);
}

arx_api make_table() {
  arx_api api{};
  api.struct_size = sizeof(arx_api);
  api.abi_version = ARX_ABI_VERSION;
  api.version = fake_version;
  api.context_open = fake_context_open;
  api.context_close = fake_context_close;
  api.last_error = fake_last_error;
  api.buffer_free = fake_buffer_free;
  api.schema_install = fake_schema_install;
  api.schema_check = fake_schema_check;
  api.config_get = fake_config_get;
  api.config_set = fake_config_set;
  api.config_list = fake_config_list;
  api.invoice_validate = fake_invoice_validate;
  api.invoice_post = not_implemented<arx_invoice_options>;
  api.statement_import = not_implemented<arx_statement_import_options>;
  api.cashapp_run = not_implemented<arx_cashapp_run_options>;
  api.cashapp_list = not_implemented<arx_cashapp_list_options>;
  api.cashapp_decide = not_implemented<arx_cashapp_decision>;
  api.dunning_run = not_implemented<arx_dunning_options>;
  api.dunning_preview = not_implemented<arx_dunning_options>;
  api.demo_generate = fake_demo_generate;
  return api;
}

const arx_api full_table = make_table();

const arx_api major2_table = [] {
  arx_api api = make_table();
  api.abi_version = (2u << 16) | 0u;
  return api;
}();

const arx_api short_table = [] {
  arx_api api = make_table();
  api.struct_size = static_cast<uint32_t>(offsetof(arx_api, config_list));
  return api;
}();

const arx_api no_dunning_table = [] {
  arx_api api = make_table();
  api.dunning_run = nullptr;
  return api;
}();

} // namespace

extern "C" ARX_EXPORT arx_status arx_get_api(const arx_host_info *host, const arx_api **out,
                                             const char **message) {
  if (host == nullptr || out == nullptr)
    return ARX_E_NULL_ARGUMENT;
  const char *mode = std::getenv("ARX_FAKE_MODE");
  const std::string m = mode != nullptr ? mode : "";
  if (m == "refuse") {
    if (message != nullptr)
      *message = "fake: this plugin refuses every host";
    return ARX_E_VERSION;
  }
  *out = m == "major2"       ? &major2_table
         : m == "short"      ? &short_table
         : m == "no_dunning" ? &no_dunning_table
                             : &full_table;
  return ARX_OK;
}

extern "C" ARX_EXPORT int arx_fake_live_buffers(void) { return live_buffers.load(); }
