#include "infergy/escape.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <optional>

namespace infergy {

namespace {

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;  // bytes it takes
};

// The code point starting at text[i] when it is well-formed UTF-8 (RFC 3629: shortest form, no
// surrogates, at most U+10FFFF), else nullopt.
std::optional<CodePoint> decode(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return CodePoint{lead, 1};
  std::size_t length = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    value = lead & 0x1F;
    minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0F;
    minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    value = lead & 0x07;
    minimum = 0x10000;
  } else {
    return std::nullopt;
  }
  if (i + length > text.size()) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return std::nullopt;
  }
  return CodePoint{value, length};
}

// Code points that act on the display instead of showing: C0 and C1 controls, DEL, and the
// format characters that reorder text (Trojan Source, CVE-2021-42574) or break lines.
bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x2028 && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

std::string escape_of(char32_t c) {
  switch (c) {
    case '\t':
      return "\\t";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    default:
      break;
  }
  if (c < 0x80) return fmt::format("\\x{:02x}", static_cast<unsigned>(c));
  return fmt::format("\\u{:04x}", static_cast<unsigned>(c));
}

std::string make_visible(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto cp = decode(text, i);
    if (!cp) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (is_control(cp->value) && !(keep_newlines && cp->value == '\n')) {
      out += escape_of(cp->value);
    } else {
      out.append(text.substr(i, cp->length));
    }
    i += cp->length;
  }
  return out;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A plain decimal number: [+-] digits [. digits] [e [+-] digits], or with the digits after the
// point only. Such a field is data, not a formula, however it starts.
bool is_plain_number(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exponent = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exponent;
    if (exponent == 0) return false;
  }
  return i == s.size();
}

// What spreadsheets (Excel, LibreOffice, Google Sheets) run as a formula or DDE command: a cell
// whose first character, after any spaces, is one of = + - @ (or its full-width form), or a
// TAB or CR (OWASP, "CSV Injection"). A plain number is data however it starts.
bool starts_like_formula(std::string_view text) {
  if (!text.empty() && (text[0] == '\t' || text[0] == '\r')) return true;
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return false;
  const std::string_view rest = text.substr(first);
  const char c = rest[0];
  if (c == '=' || c == '+' || c == '-' || c == '@') return !is_plain_number(rest);
  // U+FF1D, U+FF0B, U+FF0D, U+FF20 in UTF-8.
  for (std::string_view wide : {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"}) {
    if (rest.substr(0, wide.size()) == wide) return true;
  }
  return false;
}

}  // namespace

std::string visible(std::string_view text) {
  return make_visible(text, false);
}

std::string visible_lines(std::string_view text) {
  return make_visible(text, true);
}

bool is_plain_text(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto cp = decode(text, i);
    if (!cp || is_control(cp->value)) return false;
    i += cp->length;
  }
  return true;
}

namespace {

// Markdown's inline syntax, escaped: what matters anywhere in a line.
std::string markdown_inline(const std::string& shown, std::size_t start, bool block_level) {
  std::string out;
  out.reserve(shown.size() + 8);
  for (std::size_t i = start; i < shown.size(); ++i) {
    const char c = shown[i];
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '{':
      case '}':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '~':
      case '&':
      case '$':
        out += '\\';
        break;
      default:
        break;
    }
    // '#' opens a heading at the start of a line and closes one in a trailing run.
    if (block_level && c == '#' &&
        (i == 0 || shown.find_first_not_of("# ", i) == std::string::npos)) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string markdown_cell(std::string_view text) {
  // A leading '#' is no heading inside a table cell, but some renderers outside GFM read it so.
  const std::string shown = visible(text);
  return (!shown.empty() && shown[0] == '#' ? "\\" : "") + markdown_inline(shown, 0, false);
}

std::string markdown_escape(std::string_view text) {
  const std::string shown = visible(text);
  std::string out;
  std::size_t start = 0;
  // A leading ordered-list number ("1. ", "12)"): escape its delimiter.
  std::size_t digits = 0;
  while (digits < shown.size() && digits < 9 && is_digit(shown[digits])) ++digits;
  const bool list_number = digits > 0 && digits < shown.size() &&
                           (shown[digits] == '.' || shown[digits] == ')') &&
                           (digits + 1 == shown.size() || shown[digits + 1] == ' ');
  if (list_number) {
    out.append(shown, 0, digits);
    out += '\\';
    start = digits;
  } else if (!shown.empty() && (shown[0] == '+' || shown[0] == '-' || shown[0] == '=')) {
    // A bullet ("- x", "+ x"), a thematic break or a setext underline ("---", "===").
    const bool marker = shown.size() == 1 || shown[1] == ' ' ||
                        shown.find_first_not_of(shown[0]) == std::string::npos;
    if (marker) out += '\\';
  }
  return out + markdown_inline(shown, start, true);
}

std::string csv_field(std::string_view text) {
  std::string field = visible(text);
  if (starts_like_formula(text)) field.insert(0, 1, '\'');
  const bool quote = field.find_first_of(",\"\n\r") != std::string::npos ||
                     (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string gnuplot_string(std::string_view text) {
  std::string out = "\"";
  for (char c : visible(text)) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '`':
        out += "\\140";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : visible(text)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace infergy
