/* arx.h as a C99 host sees it: every type and macro used once. */
#include "arx.h"

#include <string.h>

static int32_t on_progress(void *host_data, const char *phase, uint64_t done, uint64_t total) {
  (void)host_data;
  (void)phase;
  return done > total;
}

int arx_header_c99_probe(const arx_api *api) {
  arx_context_options o;
  memset(&o, 0, sizeof o);
  o.struct_size = (uint32_t)sizeof o;
  o.abi_version = ARX_ABI_VERSION;
  o.progress = on_progress;
  return ARX_API_HAS(api, demo_generate) && ARX_ABI_MAJOR_OF(api->abi_version) == ARX_ABI_VERSION_MAJOR &&
         o.log_level == ARX_LOG_ERROR && ARX_E_NOT_IMPLEMENTED < ARX_OK;
}
