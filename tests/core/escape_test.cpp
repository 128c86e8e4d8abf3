// The escaping layer: each output format stays well-formed for any string. The expected strings
// are written out by hand from the rules in escape.hpp (and RFC 3629 for what is valid UTF-8).
#include "infergy/escape.hpp"

#include <gtest/gtest.h>

#include <string>

#include "infergy/csv.hpp"
#include "infergy/table.hpp"

namespace infergy {
namespace {

using namespace std::string_literals;

TEST(Visible, PrintableTextPassesUnchanged) {
  EXPECT_EQ(visible("ResNet-50 (µs, ×, 東京, 🙂) C:\\x"),
            "ResNet-50 (µs, ×, 東京, 🙂) C:\\x");
  EXPECT_TRUE(is_plain_text("ResNet-50 µs"));
}

TEST(Visible, ControlBytesBecomeEscapes) {
  EXPECT_EQ(visible("a\x1b[31mb"), "a\\x1b[31mb");
  EXPECT_EQ(visible("line1\nline2\r\tx"), "line1\\nline2\\r\\tx");
  EXPECT_EQ(visible("nul\0end"s), "nul\\x00end");
  EXPECT_EQ(visible("del\x7f"), "del\\x7f");
  // C1 controls (U+0085 NEL, U+009B CSI) are valid UTF-8 but act on terminals.
  EXPECT_EQ(visible("\xc2\x85\xc2\x9b"), "\\u0085\\u009b");
  // Bidirectional overrides and isolates (Trojan Source), line separators, BOM.
  EXPECT_EQ(visible("a\xe2\x80\xae"
                    "b\xe2\x81\xa6"),
            "a\\u202eb\\u2066");
  EXPECT_EQ(visible("\xe2\x80\xa8\xef\xbb\xbf"), "\\u2028\\ufeff");
  EXPECT_FALSE(is_plain_text("a\nb"));
}

TEST(Visible, InvalidUtf8ShowsEachByte) {
  EXPECT_EQ(visible("\xff"), "\\xff");
  EXPECT_EQ(visible("\xc3"), "\\xc3");                             // truncated two-byte sequence
  EXPECT_EQ(visible("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(visible("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // a UTF-16 surrogate
  EXPECT_EQ(visible("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(visible("ok\xe2\x82"), "ok\\xe2\\x82");                // cut off at the end
  EXPECT_FALSE(is_plain_text("\xff"));
}

TEST(Visible, LinesKeepLineBreaksOnly) {
  EXPECT_EQ(visible_lines("a\nb\x1b\r\n"), "a\nb\\x1b\\r\n");
}

TEST(Markdown, EscapesWhatMarkdownReads) {
  EXPECT_EQ(markdown_escape("a|b"), "a\\|b");
  EXPECT_EQ(markdown_escape("`code` *x* _y_ [l](u) <b> &amp; $x$ ~z~ #h"),
            "\\`code\\` \\*x\\* \\_y\\_ \\[l\\](u) \\<b\\> \\&amp; \\$x\\$ \\~z\\~ #h");
  EXPECT_EQ(markdown_escape("# heading"), "\\# heading");
  EXPECT_EQ(markdown_escape("title ##"), "title \\#\\#");
  EXPECT_EQ(markdown_escape("#"), "\\#");
  // In a table cell only the inline syntax counts.
  EXPECT_EQ(markdown_cell("#"), "\\#");
  EXPECT_EQ(markdown_cell("a #1"), "a #1");
  EXPECT_EQ(markdown_cell("- x"), "- x");
  EXPECT_EQ(markdown_cell("a|b_c"), "a\\|b\\_c");
  EXPECT_EQ(markdown_escape("back\\slash"), "back\\\\slash");
  EXPECT_EQ(markdown_escape("- item"), "\\- item");
  EXPECT_EQ(markdown_escape("+ item"), "\\+ item");
  EXPECT_EQ(markdown_escape("---"), "\\---");
  EXPECT_EQ(markdown_escape("==="), "\\===");
  EXPECT_EQ(markdown_escape("1. first"), "1\\. first");
  EXPECT_EQ(markdown_escape("12) x"), "12\\) x");
  // Numbers, ranges and words stay readable.
  EXPECT_EQ(markdown_escape("-3.5"), "-3.5");
  EXPECT_EQ(markdown_escape("4.089 G"), "4.089 G");
  EXPECT_EQ(markdown_escape("2021.5"), "2021.5");
  // Control bytes are made visible first, and the backslash of an escape is itself escaped, so
  // the rendered text reads \x1b.
  EXPECT_EQ(markdown_escape("a\nb"), "a\\\\nb");
}

TEST(Csv, FieldsFollowRfc4180) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field(" padded "), "\" padded \"");
  EXPECT_EQ(csv_field(""), "");
}

TEST(Csv, FormulaLeadingFieldsAreNeutralised) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_field("+cmd"), "'+cmd");
  EXPECT_EQ(csv_field("-2+3"), "'-2+3");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("  =1+1"), "'  =1+1");  // the apostrophe now leads: no quotes needed
  EXPECT_EQ(csv_field("\t=1"), "'\\t=1");
  EXPECT_EQ(csv_field("\r=1"), "'\\r=1");
  EXPECT_EQ(csv_field("\xef\xbc\x9d"
                      "1+1"),
            "'\xef\xbc\x9d"
            "1+1");  // full-width '='
  // Plain numbers are data.
  EXPECT_EQ(csv_field("-3.5"), "-3.5");
  EXPECT_EQ(csv_field("+1e-06"), "+1e-06");
  EXPECT_EQ(csv_field("-.5"), "-.5");
  EXPECT_EQ(csv_field("-"), "'-");
  EXPECT_EQ(csv_field("-inf"), "'-inf");
  EXPECT_EQ(csv_field("-1e"), "'-1e");
}

TEST(Csv, ControlBytesKeepOneRecordPerLine) {
  EXPECT_EQ(csv_field("two\nlines"), "two\\nlines");
  EXPECT_EQ(csv_field("bad\xff"), "bad\\xff");
  // What is written parses back, one row per record, as the visible text.
  const std::vector<std::string> fields = {"a,\"b\"", "=1+1", "x\ny", " s ", "-4"};
  const auto t = parse_csv("h1,h2,h3,h4,h5\n" + csv_line(fields) + "\n", "t.csv");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].fields, (std::vector<std::string>{"a,\"b\"", "'=1+1", "x\\ny", " s ", "-4"}));
}

TEST(Gnuplot, StringsAreDoubleQuotedWithEscapes) {
  EXPECT_EQ(gnuplot_string("plain"), "\"plain\"");
  EXPECT_EQ(gnuplot_string("'lead"), "\"'lead\"");
  EXPECT_EQ(gnuplot_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(gnuplot_string("`rm -rf x`"), "\"\\140rm -rf x\\140\"");
  EXPECT_EQ(gnuplot_string("nl\nx"), "\"nl\\\\nx\"");
}

TEST(Html, EntitiesAfterVisible) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>\x1b"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\\x1b");
}

TEST(Table, EveryRenderingUsesTheLayer) {
  Table t({{"name", Align::left}, {"n", Align::right}});
  t.add_row({"evil\x1b[2J|\n=cmd", "-1"});
  t.add_row({"ok", "2"});
  const std::string text = t.to_text();
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text,
            "name                 n\n"
            "----------------------\n"
            "evil\\x1b[2J|\\n=cmd  -1\n"
            "ok                   2\n");
  EXPECT_EQ(t.to_markdown(),
            "| name | n |\n| :--- | ---: |\n| evil\\\\x1b\\[2J\\|\\\\n=cmd | -1 |\n| ok | 2 |\n");
  EXPECT_EQ(t.to_csv(), "name,n\nevil\\x1b[2J|\\n=cmd,-1\nok,2\n");
  Table f({{"x", Align::left}});
  f.add_row({"=cmd"});
  EXPECT_EQ(f.to_csv(), "x\n'=cmd\n");
}

}  // namespace
}  // namespace infergy
