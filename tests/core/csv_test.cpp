#include "infergy/csv.hpp"

#include <gtest/gtest.h>

#include "infergy/error.hpp"

namespace infergy {
namespace {

TEST(Csv, ParsesQuotedFieldsAndTracksPhysicalLines) {
  const auto t =
      parse_csv("# comment\nname,notes,value\na,\"x, \"\"y\"\"\nz\",1.5\nb,,2\n", "t.csv");
  ASSERT_EQ(t.header.size(), 3u);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].fields[1], "x, \"y\"\nz");
  EXPECT_EQ(t.rows[0].line, 3u);
  EXPECT_EQ(t.rows[1].line, 5u);  // the quoted newline moved it one line down
  EXPECT_DOUBLE_EQ(*t.number(t.rows[0], 2), 1.5);
  EXPECT_FALSE(t.number(t.rows[1], 1).has_value());
}

TEST(Csv, BadNumberNamesFileLineAndColumn) {
  const auto t = parse_csv("a,b\n1,zz\n", "u.csv");
  try {
    (void)t.number(t.rows[0], 1);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_STREQ(e.what(), "u.csv:2:2 (b): 'zz' is not a number");
  }
}

TEST(Csv, RejectsTooManyFieldsAndUnclosedQuotes) {
  EXPECT_THROW(parse_csv("a,b\n1,2,3\n", "x.csv"), Error);
  EXPECT_THROW(parse_csv("a,b\n\"1,2\n", "x.csv"), Error);
  EXPECT_THROW(parse_csv("", "x.csv"), Error);
  EXPECT_THROW(parse_csv("a,a\n", "x.csv"), Error);
}

TEST(Csv, EscapeRoundTrips) {
  const std::vector<std::string> fields = {"plain", "with,comma", "with \"quote\"", ""};
  const auto t = parse_csv("h1,h2,h3,h4\n" + csv_line(fields) + "\n", "r.csv");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].fields, fields);
}

}  // namespace
}  // namespace infergy
