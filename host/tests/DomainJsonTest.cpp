// The user list's JSON, written straight to text, is the same document as the DOM writes.
#include <sstream>

#include <gtest/gtest.h>

#include <Poco/JSON/Parser.h>

#include "monban/host/api/DomainJson.h"

namespace monban::host::api {
namespace {

std::string canonical(const std::string& json) {
  Poco::JSON::Parser parser;
  std::ostringstream out;
  parser.parse(json).extract<Poco::JSON::Object::Ptr>()->stringify(out);
  return out.str();
}

std::string canonical(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return canonical(out.str());
}

TEST(DomainJson, AccessUserTextIsTheSameDocumentAsTheObject) {
  domain::AccessUser full;
  full.id = 42;
  full.user_id = "U\"1\\";
  full.name = "名前 \x01 tab\t";
  full.reading = "なまえ";
  full.affiliation_id = 7;
  full.affiliation_code = "DEV";
  full.valid_from = "2026-01-01";
  full.valid_to = "2026-12-31";
  full.pin = "1234";
  full.free = {"a", "", "c/d"};
  full.cards = {"CA", "CB"};
  full.gates = {{3, "G1", 2}, {4, "G\"2", 8}};
  full.gate_groups = {{5, "GG", 1}};
  full.updated_at_ms = 1'767'225'600'000;
  domain::AccessUser bare;
  bare.id = 1;
  bare.user_id = "u";
  for (const domain::AccessUser& u : {full, bare}) {
    EXPECT_EQ(canonical(accessUserJson(u)), canonical(toJson(u))) << u.user_id;
    std::string appended = "[";
    appendAccessUserJson(appended, u);
    EXPECT_EQ(appended, "[" + accessUserJson(u));
  }
}

}  // namespace
}  // namespace monban::host::api
