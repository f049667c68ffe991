#include "dict_text.hpp"

namespace coronet::handlers::dict_detail {

void append_line(std::string& out, std::string_view line) {
    out.append(line);
    out.append("\r\n");
}

void append_quoted(std::string& out, std::string_view word) {
    out.push_back('"');
    for (char c : word) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
}

void append_text(std::string& out, std::string_view text) {
    if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    std::size_t start = 0;
    while (!text.empty()) {
        std::size_t newline = text.find('\n', start);
        std::string_view line = text.substr(start, newline == std::string_view::npos ? text.npos : newline - start);
        // Stuffed as the line is sent, without its CRs: "\r." must not become the end mark.
        if (auto first = line.find_first_not_of('\r'); first != std::string_view::npos && line[first] == '.')
            out.push_back('.');
        // A CR alone would end a line for some clients: only CRLF may.
        for (std::size_t cr; (cr = line.find('\r')) != std::string_view::npos; line.remove_prefix(cr + 1))
            out.append(line.substr(0, cr));
        append_line(out, line);
        if (newline == std::string_view::npos) break;
        start = newline + 1;
    }
    out.append(".\r\n");
}

}  // namespace coronet::handlers::dict_detail
