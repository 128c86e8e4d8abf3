#include "infergy/date.hpp"

#include <gtest/gtest.h>

namespace infergy {
namespace {

TEST(Date, ParsesFullAndPartialDates) {
  EXPECT_EQ(parse_date("2012-09-30"), (Date{2012, 9, 30}));
  EXPECT_EQ(parse_date("2017-06"), (Date{2017, 6, 1}));
  EXPECT_EQ(parse_date("2015"), (Date{2015, 1, 1}));
  EXPECT_FALSE(parse_date("2019-02-29"));  // 2019 is not a leap year
  EXPECT_TRUE(parse_date("2020-02-29"));
  EXPECT_FALSE(parse_date("2020-13-01"));
  EXPECT_FALSE(parse_date("20-01-01"));
  EXPECT_FALSE(parse_date("2020-1-1"));
  EXPECT_FALSE(parse_date("soon"));
}

TEST(Date, DecimalYearCountsDaysElapsed) {
  EXPECT_DOUBLE_EQ((Date{2020, 1, 1}).decimal_year(), 2020.0);
  // 2021-07-02 is day 183 of a 365-day year: 182 days elapsed.
  EXPECT_DOUBLE_EQ((Date{2021, 7, 2}).decimal_year(), 2021.0 + 182.0 / 365.0);
  // 2020-12-31 in a leap year: 365 of 366 days elapsed.
  EXPECT_DOUBLE_EQ((Date{2020, 12, 31}).decimal_year(), 2020.0 + 365.0 / 366.0);
}

}  // namespace
}  // namespace infergy
