#include <gtest/gtest.h>

#include "TestSupport.h"
#include "monban/host/HostError.h"
#include "monban/host/PluginManifest.h"

namespace monban::host {
namespace {

std::string errorOf(const std::string& json) {
  test::TempDir dir;
  const auto file = dir.path() / "p.json";
  test::writeFile(file, json);
  try {
    readPluginManifest(file.string());
  } catch (const HostError& e) {
    std::string m = e.what();
    return m.substr(m.find(": ") + 2);
  }
  return "";
}

TEST(PluginManifest, ReadsEveryField) {
  test::TempDir dir;
  test::writeFile(dir.path() / "gate.json",
                  R"({"id":"gate","version":"1.2.3","description":"d","library":"gate.so","abi":{"major":1,"minor":0},
                      "requires":[{"name":"jobs","major":1,"minor":2}],"provides":[]})");
  PluginManifest m = readPluginManifest((dir.path() / "gate.json").string());
  EXPECT_EQ(m.id, "gate");
  EXPECT_EQ(m.version, "1.2.3");
  EXPECT_EQ(m.library, "gate.so");
  EXPECT_EQ(m.abi_major, 1u);
  ASSERT_EQ(m.requires_services.size(), 1u);
  EXPECT_EQ(m.requires_services[0].text(), "'jobs' 1.2");
  EXPECT_TRUE(m.provides_services.empty());
}

TEST(PluginManifest, RefusesBadFieldsWithTheirNames) {
  const std::string abi = R"("abi":{"major":1,"minor":0})";
  EXPECT_NE(errorOf("{").find("not valid JSON"), std::string::npos);
  EXPECT_EQ(errorOf("[1]"), "the top level must be an object");
  EXPECT_EQ(errorOf(R"({"version":"1.0.0","library":"a.so",)" + abi + "}"), "'id' must be a string");
  EXPECT_EQ(errorOf(R"({"id":"Gate!","version":"1.0.0","library":"a.so",)" + abi + "}"),
            "id 'Gate!' must be lowercase letters, digits, '-' or '_'");
  EXPECT_EQ(errorOf(R"({"id":"g","version":"1.0","library":"a.so",)" + abi + "}"),
            "version '1.0' is not MAJOR.MINOR.PATCH");
  EXPECT_EQ(errorOf(R"({"id":"g","version":"1.0.0","library":"../x.so",)" + abi + "}"),
            "library '../x.so' must be a plain file name beside the manifest");
  EXPECT_EQ(errorOf(R"({"id":"g","version":"1.0.0","library":"a.so"})"),
            "'abi' must be an object with major and minor");
  EXPECT_EQ(errorOf(R"({"id":"g","version":"1.0.0","library":"a.so",)" + abi +
                    R"(,"requires":[{"name":"x","major":-1,"minor":0}]})"),
            "requires[0]: 'major' is out of range");
}

TEST(PluginManifest, IdAndVersionRules) {
  EXPECT_TRUE(isValidPluginId("gate"));
  EXPECT_TRUE(isValidPluginId("finger-vein_2"));
  EXPECT_FALSE(isValidPluginId(""));
  EXPECT_FALSE(isValidPluginId("-gate"));
  EXPECT_FALSE(isValidPluginId("Gate"));
  EXPECT_FALSE(isValidPluginId(std::string(65, 'a')));
  EXPECT_TRUE(isValidVersion("10.0.3"));
  EXPECT_FALSE(isValidVersion("1.0"));
  EXPECT_FALSE(isValidVersion("1.0.0-beta"));
}

}  // namespace
}  // namespace monban::host
