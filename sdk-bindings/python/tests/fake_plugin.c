/* A stand-in arx plugin for the Python binding's tests, for what the real
 * plugin cannot be made to do on demand. tests/support.py compiles it with
 * one of these defines:
 *
 *   FAKE_MAJOR2   arx_get_api succeeds with a table that claims ABI 2.0
 *   FAKE_REFUSE   arx_get_api fails with ARX_E_VERSION and a message
 *   (neither)     an ABI 1.0-sized table (so no function of 1.1 and later):
 *                 context_open fails for the connection string "fail";
 *                 config_list returns {"keys":[]}; config_get returns a
 *                 document with ARX_E_CONFIG; schema_check returns text that
 *                 is not JSON. fake_live_buffers() counts the buffers handed
 *                 out and not yet released with buffer_free.
 */
#include <stdlib.h>
#include <string.h>

#include "arx.h"

struct arx_context {
  const char *last_error;
};

static int live_buffers;

ARX_EXPORT int fake_live_buffers(void) { return live_buffers; }

static arx_buffer *make_buffer(const char *text) {
  arx_buffer *buffer = malloc(sizeof *buffer);
  char *data = malloc(strlen(text) + 1);
  strcpy(data, text);
  buffer->data = data;
  buffer->size = strlen(text);
  ++live_buffers;
  return buffer;
}

static void fake_buffer_free(arx_buffer *buffer) {
  if (buffer == NULL)
    return;
  free((void *)buffer->data);
  free(buffer);
  --live_buffers;
}

static const char *fake_version(void) { return "0.0.0-fake"; }

static arx_status fake_context_open(const arx_context_options *options, arx_context **out,
                                    const char **message) {
  *out = NULL;
  if (strcmp(options->connection_string, "fail") == 0) {
    *message = "fake: cannot connect to 'fail'";
    return ARX_E_DATABASE;
  }
  *out = calloc(1, sizeof **out);
  (*out)->last_error = "";
  return ARX_OK;
}

static void fake_context_close(arx_context *ctx) { free(ctx); }

static const char *fake_last_error(const arx_context *ctx) {
  return ctx != NULL ? ctx->last_error : "invalid handle";
}

static arx_status fake_config_list(arx_context *ctx, const char *company, arx_buffer **out) {
  (void)company;
  ctx->last_error = "";
  *out = make_buffer("{\"keys\":[]}");
  return ARX_OK;
}

static arx_status fake_config_get(arx_context *ctx, const char *company, const char *key,
                                  arx_buffer **out) {
  (void)company;
  (void)key;
  ctx->last_error = "fake: refused with a document";
  *out = make_buffer("{\"refused\":true}");
  return ARX_E_CONFIG;
}

static arx_status fake_schema_check(arx_context *ctx, arx_buffer **out) {
  ctx->last_error = "";
  *out = make_buffer("this is not JSON");
  return ARX_OK;
}

static arx_api table;

ARX_EXPORT arx_status arx_get_api(const arx_host_info *host, const arx_api **out_api,
                                  const char **out_message) {
  (void)host;
  table.struct_size = (uint32_t)(offsetof(arx_api, demo_generate) + sizeof table.demo_generate);
#if defined(FAKE_MAJOR2)
  table.abi_version = (2u << 16) | 0u;
#else
  table.abi_version = (1u << 16) | 0u;
#endif
  table.version = fake_version;
  table.context_open = fake_context_open;
  table.context_close = fake_context_close;
  table.last_error = fake_last_error;
  table.buffer_free = fake_buffer_free;
  table.config_list = fake_config_list;
  table.config_get = fake_config_get;
  table.schema_check = fake_schema_check;
#if defined(FAKE_REFUSE)
  (void)out_api;
  if (out_message != NULL)
    *out_message = "fake: this plugin refuses every host";
  return ARX_E_VERSION;
#else
  (void)out_message;
  *out_api = &table;
  return ARX_OK;
#endif
}
