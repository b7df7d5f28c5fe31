// Finding libarx.so: --plugin, $ARX_PLUGIN, an installed copy next to the
// executable, or the plugin of the build tree this binary was built in.
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "cli.hpp"

// Set by sdk-bindings/cli/CMakeLists.txt; the fallbacks keep a standalone
// compile working.
#ifndef ARX_INSTALL_LIBDIR
#define ARX_INSTALL_LIBDIR "lib"
#endif
#ifndef ARX_MULTIARCH
#define ARX_MULTIARCH ""
#endif
#ifndef ARX_BUILD_PLUGIN_PATH
#define ARX_BUILD_PLUGIN_PATH ""
#endif
#ifndef ARX_BUILD_EXE_DIR
#define ARX_BUILD_EXE_DIR ""
#endif

namespace arx::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char *plugin_file = "libarx.so.1";

// The directory of the running executable with symlinks resolved, or empty.
fs::path executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::canonical("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

// True when this binary is the one the build tree produced, so the build
// tree's plugin is the matching one. An installed copy never looks there.
bool running_from_build_tree(const fs::path &exe_dir) {
  const std::string build_dir = ARX_BUILD_EXE_DIR;
  if (build_dir.empty() || exe_dir.empty())
    return false;
  std::error_code ec;
  return fs::equivalent(exe_dir, build_dir, ec) && !ec;
}

void add_unique(std::vector<std::string> &paths, const fs::path &path) {
  const std::string text = path.lexically_normal().string();
  for (const std::string &p : paths)
    if (p == text)
      return;
  paths.push_back(text);
}

} // namespace

std::vector<std::string> default_plugin_paths() {
  std::vector<std::string> paths;
  const fs::path dir = executable_dir();
  if (!dir.empty()) {
    // An installed copy: <prefix>/bin/arx next to <prefix>/<libdir>/libarx.so.1.
    const fs::path libdir = ARX_INSTALL_LIBDIR;
    if (!libdir.empty() && libdir.is_relative())
      add_unique(paths, dir / ".." / libdir / plugin_file);
    const std::string multiarch = ARX_MULTIARCH;
    if (!multiarch.empty())
      add_unique(paths, dir / ".." / "lib" / multiarch / plugin_file);
    add_unique(paths, dir / ".." / "lib" / plugin_file);
  }
  const std::string built = ARX_BUILD_PLUGIN_PATH;
  if (!built.empty() && running_from_build_tree(dir))
    add_unique(paths, built);
  return paths;
}

arx::host::library load_plugin(const std::optional<std::string> &option,
                               const std::string &host_name) {
  using arx::host::error;
  using arx::host::library;

  // An explicit choice is the only one tried: silently loading another
  // plugin than the one asked for would be worse than failing.
  if (option)
    return library(*option, host_name);
  if (const char *env = std::getenv("ARX_PLUGIN"); env != nullptr && *env != '\0') {
    try {
      return library(env, host_name);
    } catch (const error &e) {
      throw error(e.status(), std::string(e.what()) + " (from $ARX_PLUGIN)");
    }
  }

  std::string tried;
  arx_status status = ARX_E_NOT_FOUND;
  for (const std::string &path : default_plugin_paths()) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      tried += "\n  " + path + ": no such file";
      continue;
    }
    try {
      return library(path, host_name);
    } catch (const error &e) {
      // A file that exists but does not load is the likelier culprit.
      tried += std::string("\n  ") + e.what();
      status = e.status();
    }
  }
  if (tried.empty())
    tried = "\n  (no default location: the executable's own path is unknown)";
  throw error(status, "no arx plugin could be loaded; use --plugin PATH or set "
                      "ARX_PLUGIN. Tried:" + tried);
}

} // namespace arx::cli
