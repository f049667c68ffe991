#include "form_data.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <coronet/http/response.hpp>

namespace coronet::handlers::form_echo_detail {
namespace {

std::string_view kind_name(body_kind kind) {
    switch (kind) {
    case body_kind::none: return "none";
    case body_kind::urlencoded: return "urlencoded";
    case body_kind::multipart: return "multipart";
    case body_kind::json: return "json";
    case body_kind::other: return "other";
    }
    return "other";
}

// Name/value lists stay arrays of pairs: names may repeat (checkboxes, Set-Cookie).
boost::json::array pairs_to_json(const std::vector<field>& items) {
    boost::json::array out;
    for (const auto& [name, value] : items) out.push_back(boost::json::object{{"name", name}, {"value", value}});
    return out;
}

boost::json::array files_to_json(const std::vector<uploaded_file>& files) {
    boost::json::array out;
    for (const auto& f : files)
        out.push_back(boost::json::object{{"name", f.name}, {"filename", f.filename}, {"content_type", f.content_type},
                                          {"size", f.size}, {"sha256", f.sha256}});
    return out;
}

boost::json::object body_to_json(const echo& e) {
    boost::json::object body{{"kind", kind_name(e.kind)}, {"size", e.body_size}};
    if (!e.content_type.empty()) body["content_type"] = e.content_type;
    if (e.kind == body_kind::urlencoded || e.kind == body_kind::multipart) body["fields"] = pairs_to_json(e.fields);
    if (e.kind == body_kind::multipart) body["files"] = files_to_json(e.files);
    if (e.kind == body_kind::json) body["json"] = e.json;
    return body;
}

// --- HTML

std::string table(std::string_view caption, std::initializer_list<std::string_view> columns,
                  const std::vector<std::vector<std::string>>& rows) {
    std::string out = fmt::format("<h2>{}</h2>\n", http::html_escape(caption));
    if (rows.empty()) return out + "<p>(none)</p>\n";
    out += "<table>\n<tr>";
    for (auto c : columns) out += fmt::format("<th>{}</th>", http::html_escape(c));
    out += "</tr>\n";
    for (const auto& row : rows) {
        out += "<tr>";
        for (const auto& cell : row) out += fmt::format("<td>{}</td>", http::html_escape(cell));
        out += "</tr>\n";
    }
    return out + "</table>\n";
}

std::vector<std::vector<std::string>> pair_rows(const std::vector<field>& items) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [name, value] : items) rows.push_back({name, value});
    return rows;
}

std::vector<std::vector<std::string>> file_rows(const std::vector<uploaded_file>& files) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : files) rows.push_back({f.name, f.filename, std::to_string(f.size), f.content_type, f.sha256});
    return rows;
}

std::string body_html(const echo& e) {
    std::string out = table("Body", {"kind", "content type", "size"},
                            {{std::string(kind_name(e.kind)), e.content_type, std::to_string(e.body_size)}});
    if (e.kind == body_kind::urlencoded || e.kind == body_kind::multipart)
        out += table("Fields", {"name", "value"}, pair_rows(e.fields));
    if (e.kind == body_kind::multipart)
        out += table("Files", {"field", "filename", "size", "content type", "SHA-256"}, file_rows(e.files));
    if (e.kind == body_kind::json)
        out += fmt::format("<h2>JSON</h2>\n<pre>{}</pre>\n", http::html_escape(boost::json::serialize(e.json)));
    return out;
}

}  // namespace

boost::json::value to_json(const echo& e) {
    return boost::json::object{{"method", e.method},   {"target", e.target},
                               {"headers", pairs_to_json(e.headers)}, {"query", pairs_to_json(e.query)},
                               {"body", body_to_json(e)}};
}

std::string to_html(const echo& e) {
    std::string out =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>form echo</title>\n"
        "<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;text-align:left}</style>\n"
        "</head><body>\n<h1>What you sent</h1>\n";
    out += table("Request", {"method", "target"}, {{e.method, e.target}});
    out += table("Query parameters", {"name", "value"}, pair_rows(e.query));
    out += body_html(e);
    out += table("Headers", {"name", "value"}, pair_rows(e.headers));
    return out + "</body></html>\n";
}


}  // namespace coronet::handlers::form_echo_detail
