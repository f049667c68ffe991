#include <coronet/handlers/file_protocol.hpp>

#include <array>
#include <charconv>
#include <utility>

#include <fmt/format.h>

#include <coronet/handlers/file_name.hpp>

namespace coronet::handlers::file_protocol {
namespace {

constexpr std::array<std::pair<status_code, std::string_view>, 8> status_names{{
    {status_code::bad_request, "bad-request"},
    {status_code::bad_name, "bad-name"},
    {status_code::not_found, "not-found"},
    {status_code::too_large, "too-large"},
    {status_code::no_space, "no-space"},
    {status_code::size_mismatch, "size-mismatch"},
    {status_code::digest_mismatch, "digest-mismatch"},
    {status_code::io_error, "io-error"},
}};

// The text up to the next ' ' (or the end), removed from `rest`.
std::string_view take_word(std::string_view& rest) {
    auto space = rest.find(' ');
    auto word = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
    return word;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

parsed_request refuse(status_code code, std::string problem) { return {std::nullopt, code, std::move(problem)}; }

// NAME, the rest of a request line, checked.
parsed_request with_name(request r, std::string_view name) {
    if (auto problem = file_name_problem(name)) return refuse(status_code::bad_name, *problem);
    r.name = std::string(name);
    return {std::move(r), status_code::bad_request, {}};
}

request make_request(command verb, std::uint64_t size = 0, std::string sha256 = {}) {
    request r;
    r.verb = verb;
    r.size = size;
    r.sha256 = std::move(sha256);
    return r;
}

constexpr std::string_view usage = "expected PUT SIZE SHA256 NAME, GET NAME or LIST";

}  // namespace

std::string_view to_string(status_code code) {
    for (const auto& [c, name] : status_names)
        if (c == code) return name;
    return "unknown";
}

std::optional<status_code> parse_status_code(std::string_view text) {
    for (const auto& [c, name] : status_names)
        if (name == text) return c;
    return std::nullopt;
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
    if (text.empty() || (text.size() > 1 && text.front() == '0')) return std::nullopt;
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    return true;
}

parsed_request parse_request(std::string_view line) {
    auto rest = line;
    auto verb = take_word(rest);
    if (verb == "LIST") {
        if (line != "LIST") return refuse(status_code::bad_request, "LIST takes nothing after it");
        return {make_request(command::list), status_code::bad_request, {}};
    }
    if (verb == "GET") {
        if (line.size() == verb.size()) return refuse(status_code::bad_request, "GET needs a NAME");
        return with_name(make_request(command::get), rest);
    }
    if (verb == "PUT") {
        auto size = parse_size(take_word(rest));
        if (!size) return refuse(status_code::bad_request, "PUT needs a SIZE in decimal digits, then SHA256 and NAME");
        if (rest.find(' ') == std::string_view::npos) return refuse(status_code::bad_request, "PUT needs SIZE SHA256 NAME");
        auto digest = take_word(rest);
        if (!is_sha256_hex(digest)) return refuse(status_code::bad_request, "PUT needs a SHA256 of 64 hexadecimal digits");
        return with_name(make_request(command::put, *size, lowercase(digest)), rest);
    }
    return refuse(status_code::bad_request, std::string(usage));
}

std::optional<reply> parse_reply(std::string_view line) {
    auto rest = line;
    auto status = take_word(rest);
    if (status == "OK") {
        auto size = parse_size(take_word(rest));
        if (!size || !(rest.empty() || is_sha256_hex(rest))) return std::nullopt;
        reply r;
        r.ok = true;
        r.size = *size;
        r.sha256 = lowercase(rest);
        return r;
    }
    if (status == "ERR") {
        auto code = parse_status_code(take_word(rest));
        if (!code) return std::nullopt;
        reply r;
        r.code = *code;
        r.message = std::string(rest);
        return r;
    }
    return std::nullopt;
}

std::optional<std::string> parse_trailer(std::string_view line) {
    auto rest = line;
    if (take_word(rest) != trailer_keyword || !is_sha256_hex(rest)) return std::nullopt;
    return lowercase(rest);
}

std::string format_put(std::uint64_t size, std::string_view sha256, std::string_view name) {
    return fmt::format("PUT {} {} {}\n", size, sha256, name);
}

std::string format_get(std::string_view name) { return fmt::format("GET {}\n", name); }

std::string format_list() { return "LIST\n"; }

std::string format_ok(std::uint64_t size, std::string_view sha256) {
    return sha256.empty() ? fmt::format("OK {}\n", size) : fmt::format("OK {} {}\n", size, sha256);
}

std::string format_trailer(std::string_view sha256) { return fmt::format("{} {}\n", trailer_keyword, sha256); }

std::string format_error(status_code code, std::string_view message) {
    // A message is one line: a newline in it (from a system error text, say) would end the reply early.
    std::string flat(message);
    for (auto& c : flat)
        if (c == '\n' || c == '\r') c = ' ';
    return fmt::format("ERR {} {}\n", to_string(code), flat);
}

}  // namespace coronet::handlers::file_protocol
