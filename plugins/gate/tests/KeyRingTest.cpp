#include <gtest/gtest.h>

#include "KeyRing.h"

using namespace monban::gate;

namespace {

Key256 secretOf(const char* password) {
  return monban::controller::deriveInstallationSecret(password);
}

}  // namespace

TEST(KeyRingTest, KeyCheckIsStableShortAndDiffersPerSecret) {
  const Key256 a = secretOf("first-password-123"), b = secretOf("second-password-456");
  EXPECT_EQ(keyCheck(a), keyCheck(a));
  EXPECT_EQ(keyCheck(a).size(), 16u);
  EXPECT_NE(keyCheck(a), keyCheck(b));
}

TEST(KeyRingTest, EitherPasswordOpensTheOtherAfterAChange) {
  const Key256 old = secretOf("first-password-123"), next = secretOf("second-password-456");
  const std::vector<RingSeal> ring{sealInRing(next, old), sealInRing(old, next)};
  // gate.ini not yet updated: the old password recovers the new secret.
  const auto fromOld = openRing(old, ring);
  ASSERT_EQ(fromOld.count(keyCheck(next)), 1u);
  EXPECT_EQ(fromOld.at(keyCheck(next)), next);
  // gate.ini updated: the new password still recovers the old secret of a controller that missed the change.
  const auto fromNew = openRing(next, ring);
  ASSERT_EQ(fromNew.count(keyCheck(old)), 1u);
  EXPECT_EQ(fromNew.at(keyCheck(old)), old);
}

TEST(KeyRingTest, ChainsOfChangesOpenTransitivelyAndStrangersOpenNothing) {
  const Key256 a = secretOf("password-number-one"), b = secretOf("password-number-two"),
               c = secretOf("password-number-three"), stranger = secretOf("not-a-password-of-ours");
  const std::vector<RingSeal> ring{sealInRing(b, a), sealInRing(a, b), sealInRing(c, b), sealInRing(b, c)};
  const auto fromA = openRing(a, ring);
  EXPECT_EQ(fromA.size(), 3u);
  EXPECT_EQ(fromA.at(keyCheck(c)), c);
  const auto fromStranger = openRing(stranger, ring);
  EXPECT_EQ(fromStranger.size(), 1u);  // itself only
}

TEST(KeyRingTest, ADamagedSealIsLeftOut) {
  const Key256 a = secretOf("password-number-one"), b = secretOf("password-number-two");
  RingSeal seal = sealInRing(b, a);
  seal.sealed[20] ^= 0x01;
  EXPECT_EQ(openRing(a, {seal}).count(keyCheck(b)), 0u);
  RingSeal mislabelled = sealInRing(b, a);
  mislabelled.secret_check = "0123456789abcdef";  // claims to hold a secret it does not
  EXPECT_EQ(openRing(a, {mislabelled}).size(), 1u);
}
