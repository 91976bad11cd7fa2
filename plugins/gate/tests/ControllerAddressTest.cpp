#include <gtest/gtest.h>

#include "ControllerAddress.h"

using monban::gate::parseControllerAddress;

TEST(ControllerAddressTest, ReadsIPv4AndIPv6WithAndWithoutAPort) {
  auto e = parseControllerAddress("192.0.2.7:11005");
  EXPECT_EQ(e.address().to_string(), "192.0.2.7");
  EXPECT_EQ(e.port(), 11005);
  EXPECT_EQ(parseControllerAddress("192.0.2.7").port(), 11000);
  e = parseControllerAddress("[2001:db8::7]:12000");
  EXPECT_EQ(e.address().to_string(), "2001:db8::7");
  EXPECT_EQ(e.port(), 12000);
  EXPECT_EQ(parseControllerAddress("[::1]").port(), 11000);
  e = parseControllerAddress("2001:db8::7");
  EXPECT_TRUE(e.address().is_v6());
  EXPECT_EQ(e.port(), 11000);
}

TEST(ControllerAddressTest, RefusesWhatIsNotAnAddressAndAPortWithAReason) {
  for (const char* bad : {"door-7.example:11000", "192.0.2.7:0", "192.0.2.7:70000", "192.0.2.7:", "192.0.2.7:12x",
                          "[2001:db8::7", "[2001:db8::7]12000", "[2001:db8::7]:", "", "[door]:11000"}) {
    try {
      parseControllerAddress(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("\"") + bad + "\""), std::string::npos) << e.what();
    }
  }
}
