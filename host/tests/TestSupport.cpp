#include "TestSupport.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

namespace monban::host::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device random;
  path_ = fs::temp_directory_path() / ("monban-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
                                       "-" + std::to_string(random() % 100000));
  fs::create_directories(path_);
  fs::permissions(path_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                             fs::perms::others_exec);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void copyFixture(const std::string& name, const fs::path& pluginDir) {
  const fs::path source = fs::path(MONBAN_FIXTURE_ROOT) / name;
  if (!fs::is_directory(source)) throw std::runtime_error("fixture " + source.string() + " was not built");
  fs::create_directories(pluginDir);
  for (const auto& entry : fs::directory_iterator(source)) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".so" || ext == ".json"))
      fs::copy_file(entry.path(), pluginDir / entry.path().filename(), fs::copy_options::overwrite_existing);
  }
}

void writeFile(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file);
  out << text;
}

namespace {

std::string requiredEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0')
    throw std::runtime_error(std::string(name) + " is not set: run ./scripts/test, which starts a PostgreSQL server");
  return value;
}

std::string replaceDatabase(std::string connection, const std::string& key, const std::string& name) {
  const auto at = connection.find(key);
  if (at == std::string::npos) throw std::runtime_error("connection string has no " + key + ": " + connection);
  const auto end = connection.find_first_of(" ;", at);
  return connection.replace(at, (end == std::string::npos ? connection.size() : end) - at, key + name);
}

}  // namespace

TestDatabase::TestDatabase(const std::string& backend) : backend_(backend) {
  static std::atomic<int> counter{0};
  if (backend_ == "sqlite") {
    dir_ = std::make_unique<TempDir>();
    connection_ = (dir_->path() / "test.db").string();
    return;
  }
  const std::string admin = requiredEnv("MONBAN_TEST_PG_CONNINFO");
  database_name_ = "monban_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  {
    soci::session session(soci::postgresql, admin);
    session << ("CREATE DATABASE " + database_name_);
  }
  if (backend_ == "postgresql")
    connection_ = replaceDatabase(admin, "dbname=", database_name_);
  else
    connection_ = replaceDatabase(requiredEnv("MONBAN_TEST_ODBC"), "DATABASE=", database_name_);
}

TestDatabase::~TestDatabase() {
  if (database_name_.empty()) return;
  try {
    soci::session session(soci::postgresql, requiredEnv("MONBAN_TEST_PG_CONNINFO"));
    session << ("DROP DATABASE IF EXISTS " + database_name_ + " WITH (FORCE)");
  } catch (...) {
  }
}

DatabaseOptions TestDatabase::options(int poolSize) const {
  return DatabaseOptions{backend_, connection_, poolSize, 5000, 5000};
}

}  // namespace monban::host::test
