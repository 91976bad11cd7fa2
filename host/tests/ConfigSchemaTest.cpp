#include <gtest/gtest.h>

#include "TestSupport.h"
#include "monban/host/ConfigSchema.h"
#include "monban/host/HostError.h"
#include "monban/host/HostSettings.h"

namespace monban::host {
namespace {

ConfigSchema sampleSchema() {
  ConfigSchema s;
  s.add({"name", ConfigType::String, "gate", 0, 0, {}, ""});
  s.add({"port", ConfigType::Integer, "11000", 1, 65535, {}, ""});
  s.add({"enabled", ConfigType::Boolean, "true", 0, 0, {}, ""});
  s.add({"mode", ConfigType::Choice, "card", 0, 0, {"card", "pin"}, ""});
  s.add({"key", ConfigType::String, std::nullopt, 0, 0, {}, ""});
  return s;
}

std::string errorOf(const ConfigSchema& schema, const ConfigValues& raw) {
  try {
    schema.validate("gate.ini", raw);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigSchema, AppliesDefaultsAndNormalisesBooleans) {
  ConfigValues v = sampleSchema().validate("gate.ini", {{"key", "k"}, {"enabled", "No"}});
  EXPECT_EQ(v.at("name"), "gate");
  EXPECT_EQ(v.at("port"), "11000");
  EXPECT_EQ(v.at("enabled"), "false");
  EXPECT_EQ(v.at("mode"), "card");
  EXPECT_EQ(v.at("key"), "k");
}

TEST(ConfigSchema, UnknownKeyNamesFileAndKey) {
  EXPECT_EQ(errorOf(sampleSchema(), {{"key", "k"}, {"prot", "1"}}), "gate.ini: unknown key 'prot'");
}

TEST(ConfigSchema, ReportsEveryBadValueAtOnce) {
  const std::string e = errorOf(sampleSchema(), {{"port", "70000"}, {"enabled", "maybe"}, {"mode", "face"}});
  EXPECT_NE(e.find("gate.ini: key 'port': '70000' is outside 1..65535"), std::string::npos) << e;
  EXPECT_NE(e.find("gate.ini: key 'enabled': 'maybe' is not a boolean"), std::string::npos) << e;
  EXPECT_NE(e.find("gate.ini: key 'mode': 'face' is not one of card, pin"), std::string::npos) << e;
  EXPECT_NE(e.find("gate.ini: required key 'key' is missing"), std::string::npos) << e;
}

TEST(ConfigSchema, RejectsNonIntegers) {
  EXPECT_NE(errorOf(sampleSchema(), {{"key", "k"}, {"port", "12ab"}}).find("'12ab' is not an integer"),
            std::string::npos);
  EXPECT_NE(errorOf(sampleSchema(), {{"key", "k"}, {"port", ""}}).find("is not an integer"), std::string::npos);
}

TEST(IniFile, ReadsSectionsAsDottedKeys) {
  test::TempDir dir;
  test::writeFile(dir.path() / "a.ini", "; comment\ntop = 1\n[database]\nBackend = sqlite\npool_size = 4 \n");
  ConfigValues v = readIniFile((dir.path() / "a.ini").string(), false);
  EXPECT_EQ(v.at("top"), "1");
  EXPECT_EQ(v.at("database.backend"), "sqlite");
  EXPECT_EQ(v.at("database.pool_size"), "4");
  EXPECT_EQ(v.size(), 3u);
}

TEST(IniFile, MalformedLineNamesFileAndLine) {
  test::TempDir dir;
  const auto file = dir.path() / "bad.ini";
  test::writeFile(file, "[host]\nname = x\njust words\n");
  try {
    readIniFile(file.string(), false);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), file.string() + ":3: expected 'key = value', got 'just words'");
  }
}

TEST(IniFile, HashCommentsAreCommentsAndRepeatedKeysAreErrors) {
  test::TempDir dir;
  const auto file = dir.path() / "a.ini";
  test::writeFile(file, "# comment = not a key\n[log]\nlevel = debug\n");
  EXPECT_EQ(readIniFile(file.string(), false), (ConfigValues{{"log.level", "debug"}}));
  test::writeFile(file, "[log]\nlevel = debug\n[LOG]\nLevel = trace\n");
  try {
    readIniFile(file.string(), false);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), file.string() + ":4: key 'log.level' is set twice");
  }
}

TEST(IniFile, MissingFileIsEmptyOnlyWhenOptional) {
  EXPECT_TRUE(readIniFile("/nonexistent/monban.ini", true).empty());
  EXPECT_THROW(readIniFile("/nonexistent/monban.ini", false), ConfigError);
}

TEST(HostSettings, ResolvesPathsAgainstTheConfigDirectory) {
  test::TempDir dir;
  test::writeFile(
      dir.path() / "conf" / "monban.ini",
      "[host]\ndata_dir = ../state\nplugin_dir = /opt/plugins\n[database]\nconnection = x.db\npool_size = 3\n");
  HostSettings s = loadHostSettings(dir.path() / "conf");
  EXPECT_EQ(s.data_dir, dir.path() / "state");
  EXPECT_EQ(s.plugin_dir, "/opt/plugins");
  EXPECT_EQ(s.plugin_config_dir, dir.path() / "conf" / "plugins");
  EXPECT_EQ(s.db_connection, (dir.path() / "state" / "x.db").string());
  EXPECT_EQ(s.control_socket, dir.path() / "state" / "monban.sock");
  EXPECT_EQ(s.db_pool_size, 3);
  EXPECT_EQ(s.db_backend, "sqlite");
}

TEST(HostSettings, BadKeyInHostFileIsAnErrorNamingIt) {
  test::TempDir dir;
  test::writeFile(dir.path() / "monban.ini", "[database]\nbakend = sqlite\npool_size = 0\n");
  try {
    loadHostSettings(dir.path());
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("monban.ini: unknown key 'database.bakend'"), std::string::npos) << m;
    EXPECT_NE(m.find("monban.ini: key 'database.pool_size': '0' is outside 1..64"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace monban::host
