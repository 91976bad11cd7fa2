#include "monban/host/PluginManager.h"

#include <dlfcn.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <tuple>

// Boost 1.74 Asio/DLL with GCC 12 in C++20 needs <utility> first.
#include <utility>

#include <Poco/Logger.h>
#include <boost/dll/shared_library.hpp>

#include <monban/sdk/plugin.h>

#include "monban/host/DependencyResolver.h"
#include "monban/host/EventBus.h"
#include "monban/host/HostError.h"
#include "monban/host/PluginContext.h"
#include "monban/host/PluginManifest.h"
#include "monban/host/ServiceRegistry.h"

namespace monban::host {

namespace fs = std::filesystem;

struct PluginManager::Record {
  PluginInfo info;
  fs::path manifest_path;
  fs::path library_path;
  PluginManifest manifest;
  std::vector<std::string> depends;
  boost::dll::shared_library library;
  const monban_plugin_descriptor* descriptor = nullptr;
  std::unique_ptr<monban_plugin_context> context;
  void* instance = nullptr;
};

namespace {

bool worldWritable(const fs::path& p) {
  std::error_code ec;
  const fs::perms perms = fs::status(p, ec).permissions();
  return !ec && (perms & fs::perms::others_write) != fs::perms::none;
}

std::string servicesText(const std::vector<ServiceRef>& refs) {
  std::string out;
  for (const ServiceRef& r : refs) out += (out.empty() ? "" : ", ") + r.text();
  return out.empty() ? "none" : out;
}

std::vector<ServiceRef> fromDescriptor(const monban_service_ref* refs, uint32_t count) {
  std::vector<ServiceRef> out;
  for (uint32_t i = 0; i < count; ++i)
    out.push_back({refs[i].name != nullptr ? refs[i].name : "", refs[i].major, refs[i].minor});
  return out;
}

bool sameServices(std::vector<ServiceRef> a, std::vector<ServiceRef> b) {
  auto key = [](const ServiceRef& r) { return std::tie(r.name, r.major, r.minor); };
  auto less = [&](const ServiceRef& x, const ServiceRef& y) { return key(x) < key(y); };
  std::sort(a.begin(), a.end(), less);
  std::sort(b.begin(), b.end(), less);
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](auto& x, auto& y) { return key(x) == key(y); });
}

/// The plugin's config schema, from its descriptor; throws HostError on a malformed key table.
ConfigSchema schemaOf(const monban_plugin_descriptor& d) {
  if (d.config_keys == nullptr && d.config_key_count != 0)
    throw HostError("config_keys is null but config_key_count is not 0");
  ConfigSchema schema;
  std::set<std::string> seen;
  for (uint32_t i = 0; i < d.config_key_count; ++i) {
    const monban_config_key& k = d.config_keys[i];
    if (k.key == nullptr || *k.key == '\0') throw HostError("config key " + std::to_string(i) + " has no name");
    if (!seen.insert(k.key).second) throw HostError(std::string("config key '") + k.key + "' is declared twice");
    // Config files are read case-insensitively, so a key with capitals could never be set.
    if (std::any_of(k.key, k.key + std::strlen(k.key), [](char c) {
          return !(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
                   c == '_' || c == '.');
        }))
      throw HostError(std::string("config key '") + k.key + "' must be lowercase letters, digits, '_' or '.'");
    ConfigKeySpec spec;
    spec.key = k.key;
    switch (k.type) {
      case MONBAN_CONFIG_STRING:
        spec.type = ConfigType::String;
        break;
      case MONBAN_CONFIG_INTEGER:
        spec.type = ConfigType::Integer;
        break;
      case MONBAN_CONFIG_BOOLEAN:
        spec.type = ConfigType::Boolean;
        break;
      default:
        throw HostError(std::string("config key '") + k.key + "' has unknown type " + std::to_string(k.type));
    }
    if (k.default_value != nullptr) spec.default_value = k.default_value;
    spec.min_value = k.min_value;
    spec.max_value = k.max_value;
    spec.description = k.description != nullptr ? k.description : "";
    schema.add(std::move(spec));
  }
  return schema;
}

std::string callFailure(monban_plugin_context& context, const char* step, monban_status status) {
  std::string reason = context.takeError();
  if (reason.empty()) reason = "returned status " + std::to_string(status);
  return std::string(step) + " failed: " + reason;
}

/// Runs a plugin entry point; a C++ exception that escapes it becomes a failure reason.
template <class Call>
std::optional<std::string> guarded(const char* step, Call&& call) {
  try {
    call();
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string(step) + " threw an exception across the SDK boundary: " + e.what();
  } catch (...) {
    return std::string(step) + " threw an exception across the SDK boundary";
  }
}

}  // namespace

PluginManager::PluginManager(HostServices& services, fs::path pluginDir, fs::path pluginConfigDir, Poco::Logger& logger)
    : services_(services),
      plugin_dir_(std::move(pluginDir)),
      plugin_config_dir_(std::move(pluginConfigDir)),
      logger_(logger) {}

PluginManager::~PluginManager() {
  stopAll();
  // Libraries are loaded with RTLD_NODELETE: destroying the handles leaves them mapped, so
  // nothing a plugin made can outlive its code.
}

PluginManager::Record* PluginManager::find(const std::string& id) {
  for (auto& r : records_)
    if (r->info.id == id && r->info.state != PluginState::Failed) return r.get();
  return nullptr;
}

void PluginManager::fail(Record& record, const std::string& reason) {
  record.info.state = PluginState::Failed;
  record.info.reason = reason;
  logger_.error("plugin '%s' failed: %s", record.info.id, reason);
}

void PluginManager::prepare() {
  discover();
  resolve();
  load();
}

void PluginManager::discover() {
  std::error_code ec;
  if (!fs::is_directory(plugin_dir_, ec)) {
    logger_.warning("plugin directory %s does not exist; no plugins loaded", plugin_dir_.string());
    return;
  }
  const bool unsafeDir = worldWritable(plugin_dir_);
  std::vector<fs::path> manifests;
  std::set<fs::path> libraries;
  for (const auto& entry : fs::directory_iterator(plugin_dir_, ec)) {
    if (!entry.is_regular_file()) continue;
    if (entry.path().extension() == ".json") manifests.push_back(entry.path());
    if (entry.path().extension() == ".so") libraries.insert(entry.path());
  }
  std::sort(manifests.begin(), manifests.end());

  for (const fs::path& path : manifests) {
    auto record = std::make_unique<Record>();
    record->manifest_path = path;
    record->info.id = path.stem().string();
    try {
      record->manifest = readPluginManifest(path.string());
      record->info.id = record->manifest.id;
      record->info.version = record->manifest.version;
      record->info.description = record->manifest.description;
      record->info.library = record->manifest.library;
      record->library_path = plugin_dir_ / record->manifest.library;
      libraries.erase(record->library_path);
      record->info.state = PluginState::Discovered;
      if (unsafeDir) {
        fail(*record,
             "plugin directory " + plugin_dir_.string() + " is writable by every user; its plugins are refused");
      } else if (!fs::is_regular_file(record->library_path, ec)) {
        fail(*record, "library " + record->library_path.string() + " named by " + path.string() + " is missing");
      } else if (worldWritable(path) || worldWritable(record->library_path)) {
        fail(*record, record->library_path.filename().string() + " or its manifest is writable by every user; refused");
      } else if (record->manifest.abi_major != MONBAN_SDK_ABI_MAJOR ||
                 record->manifest.abi_minor > MONBAN_SDK_ABI_MINOR) {
        fail(*record, "built for SDK ABI " + std::to_string(record->manifest.abi_major) + "." +
                          std::to_string(record->manifest.abi_minor) + ", but this host runs ABI " +
                          std::to_string(MONBAN_SDK_ABI_MAJOR) + "." + std::to_string(MONBAN_SDK_ABI_MINOR) +
                          " (the major must match and the minor must not be newer)");
      }
    } catch (const std::exception& e) {
      fail(*record, e.what());
      libraries.erase(plugin_dir_ / (path.stem().string() + ".so"));  // reported with its manifest
    }
    records_.push_back(std::move(record));
  }
  for (const fs::path& library : libraries) {
    auto record = std::make_unique<Record>();
    record->info.id = library.filename().string();
    record->info.library = library.filename().string();
    record->library_path = library;
    fail(*record, "not a plugin: no manifest in " + plugin_dir_.string() + " names this library");
    records_.push_back(std::move(record));
  }

  // The same id twice: refuse every holder, since neither is more right than the other.
  std::map<std::string, std::vector<Record*>> byId;
  for (auto& r : records_)
    if (!r->manifest.id.empty()) byId[r->manifest.id].push_back(r.get());
  for (auto& [id, holders] : byId) {
    if (holders.size() < 2) continue;
    std::string files;
    for (Record* r : holders) files += (files.empty() ? "" : ", ") + r->manifest_path.filename().string();
    for (Record* r : holders)
      if (r->info.state != PluginState::Failed) fail(*r, "duplicate plugin id '" + id + "' (" + files + ")");
  }
}

void PluginManager::resolve() {
  // Refused plugins with a readable manifest take part too, so that their dependents learn
  // which plugin failed rather than that nobody offers the service.
  std::vector<DependencyNode> nodes;
  std::map<std::string, std::string> refused;
  for (auto& r : records_) {
    if (r->manifest.id.empty()) continue;
    nodes.push_back({r->info.id, r->manifest.requires_services, r->manifest.provides_services});
    if (r->info.state == PluginState::Failed) refused.emplace(r->info.id, r->info.reason);
  }
  std::vector<ServiceRef> hostServices;
  for (const ServiceEntry& e : services_.registry.list())
    if (e.provider == kHostProvider) hostServices.push_back(e.ref);
  DependencyResolution resolution = resolveDependencies(nodes, refused, hostServices);
  for (auto& r : records_) {
    if (r->info.state != PluginState::Discovered) continue;
    auto failed = resolution.failed.find(r->info.id);
    if (failed != resolution.failed.end()) {
      fail(*r, failed->second);
    } else {
      r->info.state = PluginState::Resolved;
      r->depends = resolution.depends[r->info.id];
    }
  }
  order_ = resolution.order;
}

void PluginManager::forEachReady(PluginState from, PluginState providersIn, const std::function<void(Record&)>& step) {
  for (const std::string& id : order_) {
    Record* record = find(id);
    if (record == nullptr || record->info.state != from) continue;
    for (const std::string& dep : record->depends) {
      Record* provider = find(dep);
      if (provider == nullptr || provider->info.state != providersIn) {
        fail(*record, "depends on '" + dep + "', which failed");
        break;
      }
    }
    if (record->info.state == from) step(*record);
  }
}

void PluginManager::load() {
  forEachReady(PluginState::Resolved, PluginState::Loaded, [this](Record& r) { loadOne(r); });
}

void PluginManager::loadOne(Record& record) {
  namespace dll = boost::dll;
  try {
    const auto mode =
        static_cast<dll::load_mode::type>(dll::load_mode::rtld_local | dll::load_mode::rtld_now | RTLD_NODELETE);
    record.library = dll::shared_library(boost::dll::fs::path(record.library_path.string()), mode);
  } catch (const std::exception& e) {
    fail(record, "cannot load " + record.library_path.string() + ": " + e.what());
    return;
  }
  if (!record.library.has(MONBAN_PLUGIN_DESCRIPTOR_SYMBOL)) {
    fail(record, std::string("no '") + MONBAN_PLUGIN_DESCRIPTOR_SYMBOL + "' descriptor in " +
                     record.library_path.filename().string() + ": not a Monban plugin");
    return;
  }
  const auto& d = record.library.get<const monban_plugin_descriptor>(MONBAN_PLUGIN_DESCRIPTOR_SYMBOL);
  // Check the version fields before trusting anything else in the struct.
  if (d.abi_major != MONBAN_SDK_ABI_MAJOR || d.abi_minor > MONBAN_SDK_ABI_MINOR) {
    fail(record, "library built for SDK ABI " + std::to_string(d.abi_major) + "." + std::to_string(d.abi_minor) +
                     ", but this host runs ABI " + std::to_string(MONBAN_SDK_ABI_MAJOR) + "." +
                     std::to_string(MONBAN_SDK_ABI_MINOR));
    return;
  }
  if (d.struct_size < sizeof(monban_plugin_descriptor)) {
    fail(record, "descriptor is " + std::to_string(d.struct_size) + " bytes, smaller than ABI 1.0's " +
                     std::to_string(sizeof(monban_plugin_descriptor)));
    return;
  }
  const auto text = [](const char* s) { return std::string(s != nullptr ? s : ""); };
  if (text(d.id) != record.manifest.id || text(d.version) != record.manifest.version) {
    fail(record, "descriptor says '" + text(d.id) + "' " + text(d.version) + " but the manifest says '" +
                     record.manifest.id + "' " + record.manifest.version);
    return;
  }
  if ((d.requires_services == nullptr && d.requires_count != 0) ||
      (d.provides_services == nullptr && d.provides_count != 0) ||
      !sameServices(fromDescriptor(d.requires_services, d.requires_count), record.manifest.requires_services) ||
      !sameServices(fromDescriptor(d.provides_services, d.provides_count), record.manifest.provides_services)) {
    fail(record, "descriptor services (requires " +
                     servicesText(fromDescriptor(d.requires_services, d.requires_count)) + "; provides " +
                     servicesText(fromDescriptor(d.provides_services, d.provides_count)) +
                     ") differ from the manifest's");
    return;
  }
  if (d.create == nullptr || d.initialise == nullptr || d.start == nullptr || d.stop == nullptr ||
      d.destroy == nullptr) {
    fail(record, "descriptor lacks a lifecycle function");
    return;
  }
  record.descriptor = &d;
  try {
    const fs::path file = plugin_config_dir_ / (record.info.id + ".ini");
    record.context = std::make_unique<monban_plugin_context>();
    record.context->config = schemaOf(d).validate(file.string(), readIniFile(file.string(), true));
  } catch (const std::exception& e) {
    fail(record, e.what());
    return;
  }
  record.info.state = PluginState::Loaded;
}

void PluginManager::startAll() {
  forEachReady(PluginState::Loaded, PluginState::Running, [this](Record& r) { startOne(r); });
}

void PluginManager::startOne(Record& record) {
  const auto began = std::chrono::steady_clock::now();
  monban_plugin_context& context = *record.context;
  context.plugin_id = record.info.id;
  context.services = &services_;
  context.declared_requires = record.manifest.requires_services;
  context.declared_provides = record.manifest.provides_services;
  context.logger = &Poco::Logger::get("plugin." + record.info.id);
  const monban_plugin_descriptor& d = *record.descriptor;

  // Subscriptions end before the instance goes, so no handler runs on a destroyed plugin.
  auto cleanUp = [&] {
    services_.events.unsubscribeOwner(record.info.id);
    if (record.instance != nullptr) {
      auto* instance = std::exchange(record.instance, nullptr);
      guarded("destroy", [&] { d.destroy(instance); });
    }
    services_.registry.removeProvider(record.info.id);
  };

  monban_status status = MONBAN_OK;
  context.takeError();  // a reason left from an earlier, successful call is no reason
  std::optional<std::string> thrown =
      guarded("create", [&] { status = d.create(&hostApiTable(), &context, &record.instance); });
  if (thrown || status != MONBAN_OK || record.instance == nullptr) {
    cleanUp();
    fail(record, thrown ? *thrown : callFailure(context, "create", status));
    return;
  }

  context.takeError();
  context.registration_open = true;
  thrown = guarded("initialise", [&] { status = d.initialise(record.instance); });
  context.registration_open = false;
  if (thrown || status != MONBAN_OK) {
    cleanUp();
    fail(record, thrown ? *thrown : callFailure(context, "initialise", status));
    return;
  }
  for (const ServiceRef& declared : record.manifest.provides_services) {
    if (std::find(context.registered_services.begin(), context.registered_services.end(), declared.name) ==
        context.registered_services.end()) {
      cleanUp();
      fail(record, "initialise did not register the declared service " + declared.text());
      return;
    }
  }
  record.info.state = PluginState::Initialised;

  context.takeError();
  thrown = guarded("start", [&] { status = d.start(record.instance); });
  if (thrown || status != MONBAN_OK) {
    cleanUp();
    fail(record, thrown ? *thrown : callFailure(context, "start", status));
    return;
  }
  record.info.state = PluginState::Running;
  record.info.startup_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
  started_.push_back(&record);
  logger_.information("plugin '%s' %s running (started in %.1f ms)", record.info.id, record.info.version,
                      record.info.startup_ms);
}

void PluginManager::stopAll() {
  while (!started_.empty()) {
    Record& record = *started_.back();
    started_.pop_back();
    const monban_plugin_descriptor& d = *record.descriptor;
    if (auto thrown = guarded("stop", [&] { d.stop(record.instance); }))
      logger_.error("plugin '%s': %s", record.info.id, *thrown);
    services_.events.unsubscribeOwner(record.info.id);
    auto* instance = std::exchange(record.instance, nullptr);
    if (auto thrown = guarded("destroy", [&] { d.destroy(instance); }))
      logger_.error("plugin '%s': %s", record.info.id, *thrown);
    services_.registry.removeProvider(record.info.id);
    record.info.state = PluginState::Stopped;
    logger_.information("plugin '%s' stopped", record.info.id);
  }
}

std::vector<PluginInfo> PluginManager::list() const {
  std::vector<PluginInfo> out;
  for (const auto& r : records_) {
    out.push_back(r->info);
    if (r->context) out.back().health_problem = r->context->healthProblem();
  }
  std::sort(out.begin(), out.end(), [](const PluginInfo& a, const PluginInfo& b) { return a.id < b.id; });
  return out;
}

std::vector<std::string> PluginManager::orphanConfigFiles() const {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(plugin_config_dir_, ec)) return out;
  for (const auto& entry : fs::directory_iterator(plugin_config_dir_, ec)) {
    if (entry.path().extension() != ".ini") continue;
    const std::string id = entry.path().stem().string();
    bool known = std::any_of(records_.begin(), records_.end(), [&](const auto& r) { return r->info.id == id; });
    if (!known) out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace monban::host
