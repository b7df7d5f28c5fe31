// arx.h as a C++17 host sees it.
#include "arx.h"

int arx_header_cpp17_probe(const arx_api *api) {
  arx_dunning_options o{};
  o.struct_size = sizeof o;
  o.abi_version = ARX_ABI_VERSION;
  return ARX_API_HAS(api, dunning_run) && o.as_of.year == 0 ? 1 : 0;
}
