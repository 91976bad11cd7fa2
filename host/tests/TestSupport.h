#pragma once

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "monban/host/Database.h"

namespace monban::host::test {

/// A fresh directory removed at the end of the test.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

/// Copies the built fixture plugin `name` (library and manifest) into `pluginDir`.
void copyFixture(const std::string& name, const std::filesystem::path& pluginDir);

/// Writes `text` to `file`, creating directories.
void writeFile(const std::filesystem::path& file, const std::string& text);

/// A database of the given backend ("sqlite", "postgresql", "odbc") made for one test and
/// dropped after it. PostgreSQL and ODBC need MONBAN_TEST_PG_CONNINFO / MONBAN_TEST_ODBC
/// (./scripts/test starts a server and sets them); without them the test fails.
class TestDatabase {
public:
  explicit TestDatabase(const std::string& backend);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  DatabaseOptions options(int poolSize = 4) const;
  const std::string& backend() const { return backend_; }

private:
  std::string backend_;
  std::string connection_;
  std::string database_name_;
  std::unique_ptr<TempDir> dir_;
};

/// Sets the process time zone (TZ) for a test and restores it afterwards; POSIX rules such as
/// "JST-9" need no tzdata.
class LocalTimeZone {
public:
  explicit LocalTimeZone(const char* tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~LocalTimeZone() {
    old_ ? setenv("TZ", old_->c_str(), 1) : unsetenv("TZ");
    tzset();
  }
  LocalTimeZone(const LocalTimeZone&) = delete;
  LocalTimeZone& operator=(const LocalTimeZone&) = delete;

private:
  std::optional<std::string> old_;
};

}  // namespace monban::host::test
