#include <gtest/gtest.h>

#include "monban/host/domain/AccessRights.h"
#include "monban/host/domain/DomainError.h"

namespace monban::host::domain {
namespace {

TEST(AccessRights, DefaultsFollowTheSeedTable) {
  const AccessRights general(OperatorType::GeneralAdministrator);
  const AccessRights system(OperatorType::SystemAdministrator);
  // General administrators: edit on these seven, none on the rest.
  for (Right r : {Right::History, Right::AccessUsers, Right::FingerVeinImport, Right::Gates, Right::GateParameters,
                  Right::GlobalAntiPassback})
    EXPECT_EQ(general.level(r), AccessLevel::Edit) << specOf(r).key;
  for (Right r : {Right::AccessUserImport, Right::ManagementGroups, Right::Affiliations, Right::Operators,
                  Right::CalendarsSchedules, Right::DataInterface, Right::PermissionTransfer,
                  Right::CalendarScheduleTransfer, Right::SystemLog, Right::UserSettingHistory, Right::SystemManagement,
                  Right::IcCardParameters, Right::MutualAuthPassword})
    EXPECT_EQ(general.level(r), AccessLevel::None) << specOf(r).key;
  // System administrators: edit on everything.
  for (const RightSpec& s : rightSpecs()) EXPECT_EQ(system.level(s.right), AccessLevel::Edit) << s.key;
}

TEST(AccessRights, TableIsCompleteAndIndexedByRight) {
  ASSERT_EQ(rightSpecs().size(), 19u);
  for (std::size_t i = 0; i < rightSpecs().size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(rightSpecs()[i].right), i + 1);
    EXPECT_EQ(rightFromKey(rightSpecs()[i].key), rightSpecs()[i].right);
  }
  EXPECT_FALSE(rightFromKey("root").has_value());
}

TEST(AccessRights, FixedRightsNeverChange) {
  for (Right r : {Right::ManagementGroups, Right::Affiliations, Right::Operators, Right::CalendarScheduleTransfer,
                  Right::UserSettingHistory}) {
    AccessRights general(OperatorType::GeneralAdministrator);
    AccessRights system(OperatorType::SystemAdministrator);
    EXPECT_THROW(general.set(r, AccessLevel::Edit), DomainError) << specOf(r).key;
    EXPECT_THROW(system.set(r, AccessLevel::View), DomainError) << specOf(r).key;
    EXPECT_NO_THROW(general.set(r, AccessLevel::None));  // setting the fixed value is no change
    EXPECT_EQ(general.level(r), AccessLevel::None);
    EXPECT_EQ(system.level(r), AccessLevel::Edit);
  }
  try {
    AccessRights(OperatorType::GeneralAdministrator).set(Right::Operators, AccessLevel::Edit);
    FAIL() << "a fixed right changed";
  } catch (const DomainError& e) {
    EXPECT_EQ(e.code(), "fixed_right");
    EXPECT_STREQ(e.what(), "the right 'operators' is fixed at 'none' for this operator type");
  }
}

TEST(AccessRights, OtherRightsChangeAndEditIncludesView) {
  AccessRights general(OperatorType::GeneralAdministrator);
  general.set(Right::SystemLog, AccessLevel::View);
  EXPECT_TRUE(general.allows(Right::SystemLog, AccessLevel::View));
  EXPECT_FALSE(general.allows(Right::SystemLog, AccessLevel::Edit));
  general.set(Right::Gates, AccessLevel::None);
  EXPECT_FALSE(general.allows(Right::Gates, AccessLevel::View));
  EXPECT_TRUE(general.allows(Right::History, AccessLevel::View));
}

TEST(AccessRights, TextRoundTripsAndBadEntriesAreNamed) {
  AccessRights general(OperatorType::GeneralAdministrator);
  general.set(Right::SystemLog, AccessLevel::View);
  general.set(Right::Gates, AccessLevel::None);
  const AccessRights back = AccessRights::fromText(OperatorType::GeneralAdministrator, general.toText());
  EXPECT_EQ(back.toText(), general.toText());
  EXPECT_EQ(back.level(Right::SystemLog), AccessLevel::View);
  try {
    AccessRights::fromText(OperatorType::GeneralAdministrator, "history=edit, gates=maybe");
    FAIL();
  } catch (const DomainError& e) {
    EXPECT_STREQ(e.what(), "right 'gates': 'maybe' is not none, view or edit");
  }
  EXPECT_THROW(AccessRights::fromText(OperatorType::GeneralAdministrator, "root=edit"), DomainError);
  EXPECT_THROW(AccessRights::fromText(OperatorType::GeneralAdministrator, "operators=edit"), DomainError);
}

}  // namespace
}  // namespace monban::host::domain
