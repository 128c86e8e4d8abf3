// The one escaping layer every renderer uses, so that each output format is well-formed for any
// string a user's file can hold (a model name, a node name, a hardware row, a file name).
//
// Text and Markdown show what a string holds without letting it act on a terminal or a document:
// control bytes and invalid UTF-8 become visible escapes. CSV follows RFC 4180 and neutralises
// fields a spreadsheet would run as formulas. gnuplot and HTML get literals that cannot end
// early. JSON needs none of this: nlohmann::json escapes strings itself (json_text.hpp).
#pragma once

#include <string>
#include <string_view>

namespace infergy {

/// The string with everything that is not printable UTF-8 made visible, on one line: TAB, LF
/// and CR as \t \n \r, other C0 controls, DEL and each byte of invalid UTF-8 (overlong forms,
/// surrogates, truncated sequences) as \xNN, C1 controls and the invisible controls that reorder
/// or break text (bidirectional overrides and isolates, LRM/RLM, U+2028/U+2029, BOM) as \uNNNN.
/// Printable text, backslashes included, passes unchanged.
std::string visible(std::string_view text);

/// visible() for a multi-line text: the same, except that LF is kept as a line break.
std::string visible_lines(std::string_view text);

/// True when visible(text) would change nothing.
bool is_plain_text(std::string_view text);

/// A Markdown table cell that renders as the literal string: visible(), then a backslash before
/// each character of Markdown's inline syntax (\ ` * _ { } [ ] < > | ~ & $) and before a leading
/// '#'. A GFM cell holds no block syntax, so a leading '-' or '1.' stays as it is.
std::string markdown_cell(std::string_view text);

/// A Markdown fragment anywhere in a line (a list item, a heading's text, a line of its own)
/// that renders as the literal string: markdown_cell(), and a backslash before a '#' that could
/// open or close a heading (leading, or in a trailing run), before a leading + - = that could open
/// a list, a rule or a heading, and before the '.' or ')' of a leading ordered-list number.
std::string markdown_escape(std::string_view text);

/// One CSV field (the rule the README's "Output formats" section documents):
///  1. control bytes and invalid UTF-8 are made visible as in text (so one record is one line);
///  2. a field that a spreadsheet would run as a formula gets a leading apostrophe, so it is read
///     as text: one whose first character after any spaces is = + - @ (or the full-width forms
///     U+FF1D U+FF0B U+FF0D U+FF20) and that is not a plain decimal number ("-3.5", "+1e-6"), or
///     one that starts with TAB or CR;
///  3. a field holding a comma, a double quote or a leading or trailing space is enclosed in
///     double quotes, each inner double quote doubled (RFC 4180).
std::string csv_field(std::string_view text);

/// A gnuplot string literal that gnuplot reads back as visible(text): double-quoted, with
/// backslash and double quote escaped and the backquote (command substitution, performed even
/// inside double quotes) written as an octal escape. Use it with `noenhanced` where the text is
/// not ours, so that ^ _ { } @ & are not read as enhanced-text markup.
std::string gnuplot_string(std::string_view text);

/// Text for HTML element content and attribute values: visible(), then & < > " ' as entities.
std::string html_escape(std::string_view text);

}  // namespace infergy
