// CSV import and export of access users and affiliations: per-row results, file-level refusals
// that change nothing, dry run, strict mode, encodings and a lossless round trip.
#include <iconv.h>

#include <sstream>

#include "DomainTestSupport.h"

namespace monban::host::domain::test {
namespace {

class UserCsvTest : public DomainTest {
protected:
  void SetUp() override {
    const auto mg = group("MG1");
    gate("G1", mg.id);
    gate("G2", mg.id);
    GateGroup gg;
    gg.code = "LOBBY";
    gg.name = "Lobby";
    gg.gate_ids = {domain().gates().listGates(admin(), {}).items[0].id};
    domain().gates().createGateGroup(admin(), gg);
    affiliation("QA");
  }
  ImportReport import(const std::string& csv, ImportOptions options = {}) {
    return domain().userImport().run(admin(), csv, options);
  }
  std::string exported() {
    std::ostringstream out;
    domain().userExport().run(admin(), out);
    return out.str();
  }
  int64_t users() { return count("SELECT COUNT(*) FROM access_users"); }
  static const ImportRowResult& row(const ImportReport& report, std::size_t line) {
    for (const auto& r : report.rows)
      if (r.line == line) return r;
    throw std::runtime_error("no result for line " + std::to_string(line));
  }
  static std::string reason(const ImportReport& report, std::size_t line) {
    const auto& r = row(report, line);
    return r.problems.empty() ? "" : r.problems[0].field + ": " + r.problems[0].reason;
  }
};

const char* kHeader = "operation,user_id,name,affiliation,cards,gates,gate_groups,pin\n";

TEST_P(UserCsvTest, ValidRowsApplyAndEachBadRowIsReportedWithLineAndColumn) {
  const std::string csv = std::string(kHeader) +
                          "add,u1,Alice,QA,C1,G1:2;G2,LOBBY,1234\n"  // line 2: fine
                          "add,u2,Bob,NOPE,,,,\n"                    // 3: unknown affiliation
                          "add,u3,Carol,QA,C1,,,\n"                  // 4: card of u1
                          "add,u1,Again,QA,,,,\n"                    // 5: duplicate ID
                          "add,u<4,Dan,QA,,,,\n"                     // 6: forbidden character
                          "add,u5," +
                          std::string(65, 'x') +
                          ",QA,,,,\n"                   // 7: over-long name
                          "frobnicate,u6,Eve,QA,,,,\n"  // 8: unknown operation
                          "add,u7,Fay,QA,,G9,,\n"       // 9: unknown gate
                          "add,u8,Gus,QA\n";            // 10: too few fields
  const auto report = import(csv);
  EXPECT_TRUE(report.applied);
  EXPECT_EQ(report.added, 1);
  EXPECT_EQ(report.failed, 8);
  EXPECT_EQ(reason(report, 3), "affiliation: is not a known affiliation code");
  EXPECT_EQ(reason(report, 4), "cards: is already registered to access user 'u1'");
  EXPECT_EQ(reason(report, 5), "user_id: is also on line 2");
  EXPECT_EQ(reason(report, 6), "user_id: has the forbidden character <");
  EXPECT_EQ(reason(report, 7), "name: is longer than 64 characters");
  EXPECT_EQ(reason(report, 8), "operation: is not add, change, delete or set");
  EXPECT_EQ(reason(report, 9), "gates: is not a known gate code");
  EXPECT_NE(reason(report, 10).find("the row has 4 fields; the header has 8"), std::string::npos);
  EXPECT_EQ(row(report, 9).problems[0].value, "G9");
  EXPECT_EQ(users(), 1);
  const auto u1 = domain().users().findByUserId(admin(), "u1");
  ASSERT_TRUE(u1);
  ASSERT_EQ(u1->gates.size(), 2u);
  EXPECT_EQ(u1->gates[0].level, 2);
  EXPECT_EQ(u1->gate_groups.size(), 1u);
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_setting_history WHERE action = 'import-add'"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM system_log WHERE action = 'import' AND outcome = 'partial'"), 1);
}

TEST_P(UserCsvTest, FileLevelProblemsChangeNothing) {
  import(std::string(kHeader) + "add,keep,Keeper,QA,,,,\n");
  auto refused = [&](const std::string& bytes, const std::string& expected) {
    try {
      import(bytes);
      ADD_FAILURE() << "accepted: " << expected;
    } catch (const DomainError& e) {
      EXPECT_EQ(e.code(), "invalid");
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
    EXPECT_EQ(users(), 1);
  };
  refused("operation,name\nadd,x\n", "no 'user_id' column");
  refused("operation,user_id,shoe_size\nadd,x,42\n", "unknown column 'shoe_size'");
  refused("operation,user_id,user_id\nadd,x,y\n", "appears twice");
  refused(std::string(kHeader) + "add,x,\"unterminated,QA,,,,\n", "may be truncated");
  refused(std::string(kHeader) + "add,x,bad\"quote,QA,,,,\n", "line 2");
  refused(
      "\xFF\xFE"
      "o\0p\0",
      "UTF-16");
  refused(std::string(kHeader) + "add,x,\x80\x80\xFF,QA,,,,\n", "line 2");
  refused("", "empty");
  ImportOptions utf8;
  utf8.encoding = TextEncoding::Utf8;
  try {
    import(std::string(kHeader) + "add,x,\x82\xA0,QA,,,,\n", utf8);  // Shift_JIS bytes declared UTF-8
    ADD_FAILURE();
  } catch (const DomainError& e) {
    EXPECT_NE(std::string(e.what()).find("not valid UTF-8: line 2"), std::string::npos) << e.what();
  }
}

TEST_P(UserCsvTest, TruncatedLastRowIsRefusedAlone) {
  const auto report = import(std::string(kHeader) + "add,u1,Alice,QA,,,,\nadd,u2,Bo,QA,,,,");
  EXPECT_EQ(report.added, 1);
  EXPECT_NE(reason(report, 3).find("may be truncated"), std::string::npos);
}

TEST_P(UserCsvTest, DryRunAndStrictChangeNothing) {
  const std::string csv = std::string(kHeader) + "add,u1,Alice,QA,,,,\nadd,u2,Bob,NOPE,,,,\n";
  ImportOptions dry;
  dry.dry_run = true;
  const auto preview = import(csv, dry);
  EXPECT_EQ(preview.added, 1);
  EXPECT_EQ(preview.failed, 1);
  EXPECT_FALSE(preview.applied);
  ImportOptions strict;
  strict.strict = true;
  EXPECT_FALSE(import(csv, strict).applied);
  EXPECT_EQ(users(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM user_setting_history WHERE target_kind = 'access_user'"), 0);
}

TEST_P(UserCsvTest, ChangeAndDeleteRowsAndSetUpserts) {
  import(std::string(kHeader) + "add,u1,Alice,QA,C1,G1,,\nadd,u2,Bob,QA,C2,,,\n");
  // Only the columns present change; a card freed by an earlier row can be taken by a later one.
  const auto report = import(
      "operation,user_id,name,cards\n"
      "change,u1,Alice Smith,\n"  // 2: frees C1
      "change,u2,Bob,C1\n"        // 3: takes C1, frees C2
      "set,u3,Carol,C2\n"         // 4: a new user takes C2
      "delete,u9,,\n"             // 5: unknown user
      "change,u1,,\n");           // 6: u1 again
  EXPECT_EQ(report.changed, 2);
  EXPECT_EQ(report.added, 1);
  EXPECT_EQ(report.failed, 2);
  EXPECT_EQ(reason(report, 5), "user_id: does not exist");
  EXPECT_EQ(reason(report, 6), "user_id: is also on line 2");
  const auto u1 = domain().users().findByUserId(admin(), "u1");
  EXPECT_EQ(u1->name, "Alice Smith");
  EXPECT_TRUE(u1->cards.empty());
  EXPECT_EQ(u1->gates.size(), 1u);  // gates column absent: kept
  EXPECT_EQ(domain().users().findByUserId(admin(), "u2")->cards, std::vector<std::string>{"C1"});
  EXPECT_EQ(domain().users().findByUserId(admin(), "u3")->cards, std::vector<std::string>{"C2"});
  const auto del = import("operation,user_id\ndelete,u2\n");
  EXPECT_EQ(del.deleted, 1);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM user_setting_history WHERE action = 'import-delete' AND before_json LIKE '%u2%'"), 1);
}

TEST_P(UserCsvTest, ShiftJisInputIsRead) {
  const std::string utf8 = std::string(kHeader) + "add,u1,山田太郎,QA,,,,\n";
  iconv_t cd = iconv_open("CP932", "UTF-8");
  std::string sjis(utf8.size() * 2, '\0');
  char* in = const_cast<char*>(utf8.data());
  char* out = sjis.data();
  std::size_t inLeft = utf8.size(), outLeft = sjis.size();
  ASSERT_NE(iconv(cd, &in, &inLeft, &out, &outLeft), static_cast<std::size_t>(-1));
  iconv_close(cd);
  sjis.resize(sjis.size() - outLeft);
  ASSERT_NE(sjis, utf8);
  EXPECT_EQ(import(sjis).added, 1);
  EXPECT_EQ(domain().users().findByUserId(admin(), "u1")->name, "山田太郎");
}

TEST_P(UserCsvTest, ExportThenImportIsLossless) {
  import(
      "operation,user_id,name,reading,affiliation,valid_from,valid_to,pin,cards,gates,gate_groups,free1,free2,free3\n"
      "add,u1,\"Smith, \"\"Al\"\"\",スミス,QA,2026-01-01,2026-12-31,1234,C1;C2,G1:3;G2,LOBBY:2,note 1,,x\n"
      "add,u2,山田,,,,,,,,,\"a, b\",,\n");
  ASSERT_EQ(users(), 2);
  const std::string first = exported();
  EXPECT_NE(first.find("\"Smith, \"\"Al\"\"\""), std::string::npos);
  // Into an emptied database: the same users come back, and export is byte-identical.
  import("operation,user_id\ndelete,u1\ndelete,u2\n");
  ASSERT_EQ(users(), 0);
  const auto report = import(first);
  EXPECT_EQ(report.added, 2);
  EXPECT_EQ(report.failed, 0);
  EXPECT_EQ(exported(), first);
}

TEST_P(UserCsvTest, ImportNeedsTheImportRight) {
  Scope all;
  all.all_affiliations = all.all_management_groups = true;
  const Actor general = operatorActor(OperatorType::GeneralAdministrator, all);  // import right: none by default
  expectDomainError("forbidden", [&] { domain().userImport().run(general, std::string(kHeader), {}); });
}

TEST_P(UserCsvTest, AffiliationsImportExportRoundTrip) {
  const std::string csv =
      "operation,code,name,parent\n"
      "add,HQ,本社,\n"
      "add,DEV,開発,HQ\n"
      "add,TEAM,チーム,DEV\n"
      "add,LOOP,x,LOOP\n"  // its own parent, not yet defined
      "change,QA,品質保証,DEV\n";
  auto report = domain().affiliationImport().run(admin(), csv, {});
  EXPECT_EQ(report.added, 3);
  EXPECT_EQ(report.changed, 1);
  EXPECT_EQ(report.failed, 1);
  EXPECT_EQ(domain().affiliations().findByCode(admin(), "QA")->depth, 3);
  // Moving DEV under TEAM (its own child) fails; deleting DEV with sub-units fails.
  report = domain().affiliationImport().run(admin(), "operation,code,parent\nchange,DEV,TEAM\ndelete,DEV,\n", {});
  EXPECT_EQ(report.failed, 2);
  std::ostringstream out;
  domain().affiliationExport().run(admin(), out);
  const std::string first = out.str();
  EXPECT_NE(first.find("set,QA,品質保証,DEV"), std::string::npos);
  report = domain().affiliationImport().run(admin(), first, {});
  EXPECT_EQ(report.failed, 0);
  std::ostringstream again;
  domain().affiliationExport().run(admin(), again);
  EXPECT_EQ(again.str(), first);
}

INSTANTIATE_TEST_SUITE_P(Backends, UserCsvTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

}  // namespace
}  // namespace monban::host::domain::test
