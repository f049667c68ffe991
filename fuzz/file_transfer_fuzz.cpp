// The file transfer protocol (handlers/file_transfer): request, reply and trailer lines, file
// names, and the reader that mixes lines with raw file bytes. An accepted name is one plain
// path component; every line the protocol formats parses back to what was formatted; and the
// reader, over the input in pieces, gives the lines and byte runs a plain reading gives.
#include <algorithm>
#include <filesystem>
#include <span>
#include <string>

#include <boost/system/system_error.hpp>

#include <coronet/handlers/file_name.hpp>
#include <coronet/handlers/file_protocol.hpp>
#include <coronet/tcp/framing.hpp>
#include <coronet/utf8.hpp>

#include "fuzz_check.hpp"
#include "message_reader.hpp"
#include "pieces_stream.hpp"

using coronet::task;
using coronet::fuzz::pieces_stream;
using coronet::fuzz::require;
using coronet::fuzz::run;
namespace h = coronet::handlers;
namespace protocol = coronet::handlers::file_protocol;

namespace {

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string_view without_newline(std::string_view line) { return line.substr(0, line.size() - 1); }

void check_name(std::string_view name) {
    if (h::file_name_problem(name)) return;
    std::filesystem::path p(name);
    require(p.is_relative() && std::distance(p.begin(), p.end()) == 1 && p != "." && p != "..",
            "an accepted name is one path component");
    require(coronet::is_valid_utf8(name) && !coronet::has_control_characters(name) && !name.starts_with('.'),
            "an accepted name is UTF-8, without control characters, not hidden");
    require(name.size() <= h::max_file_name_bytes && !name.starts_with(' ') && !name.ends_with(' '),
            "an accepted name is short and has no space around it");
}

void check_lines(std::string_view line) {
    auto request = protocol::parse_request(line);
    if (request.value && request.value->verb != protocol::command::list) {
        const auto& r = *request.value;
        require(!h::file_name_problem(r.name), "a request names a valid file");
        auto again = protocol::parse_request(without_newline(r.verb == protocol::command::put
                                                                  ? protocol::format_put(r.size, r.sha256, r.name)
                                                                  : protocol::format_get(r.name)));
        require(again.value && again.value->verb == r.verb && again.value->name == r.name && again.value->size == r.size &&
                    again.value->sha256 == r.sha256,
                "parse(format(request)) == request");
        if (r.verb == protocol::command::put) require(r.sha256 == lowercase(r.sha256) && protocol::is_sha256_hex(r.sha256), "a digest is lowercase hex");
    }
    if (auto reply = protocol::parse_reply(line)) {
        auto text = reply->ok ? protocol::format_ok(reply->size, reply->sha256) : protocol::format_error(reply->code, reply->message);
        auto again = protocol::parse_reply(without_newline(text));
        std::string message = reply->message;
        std::replace(message.begin(), message.end(), '\r', ' ');
        require(again && again->ok == reply->ok && again->size == reply->size && again->sha256 == reply->sha256 &&
                    again->code == reply->code && again->message == message,
                "parse(format(reply)) == reply");
    }
    if (auto digest = protocol::parse_trailer(line))
        require(protocol::parse_trailer(without_newline(protocol::format_trailer(*digest))) == digest, "parse(format(trailer)) == trailer");
}

// How many raw bytes follow a line: a PUT's SIZE (capped, so a fuzzed size cannot make us wait for ever).
std::size_t bytes_after(std::string_view line) {
    auto r = protocol::parse_request(line);
    return r.value && r.value->verb == protocol::command::put ? static_cast<std::size_t>(std::min<std::uint64_t>(r.value->size, 1000)) : 0;
}

// The reader's view of the input: "L" and the line, "B" and a byte run, then how it ended.
task<void> read_transcript(pieces_stream& stream, std::size_t max_line, std::string& out) {
    h::file_transfer_detail::message_reader reader(stream);
    try {
        while (auto line = co_await reader.line(max_line, true)) {
            out.append("L").append(*line).append("\n");
            std::string bytes(bytes_after(*line), '\0');
            std::size_t got = 0;
            while (got < bytes.size()) {
                auto n = co_await reader.some(std::span(bytes.data() + got, std::min<std::size_t>(bytes.size() - got, 7)));
                if (n == 0) break;
                got += n;
            }
            if (!bytes.empty()) out.append("B").append(bytes.substr(0, got)).append("\n");
            if (got < bytes.size()) co_return;
        }
        out.append("end");
    } catch (const boost::system::system_error& e) {
        out.append(e.code() == coronet::framing_error::message_too_long ? "too long" : "truncated");
    }
}

std::string expected_transcript(std::string_view input, std::size_t max_line) {
    std::string out;
    while (!input.empty()) {
        auto newline = input.find('\n');
        // The limit counts a '\r' before the '\n'.
        if ((newline == std::string_view::npos ? input.size() : newline) > max_line) return out + "too long";
        if (newline == std::string_view::npos) return out + "truncated";
        auto line = input.substr(0, newline);
        if (line.ends_with('\r')) line.remove_suffix(1);
        input.remove_prefix(newline + 1);
        out.append("L").append(line).append("\n");
        auto wanted = bytes_after(line);
        if (wanted == 0) continue;
        auto bytes = input.substr(0, wanted);
        input.remove_prefix(bytes.size());
        out.append("B").append(bytes).append("\n");
        if (bytes.size() < wanted) return out;
    }
    return out + "end";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
    auto text = coronet::fuzz::as_text(data, size);
    check_name(text);
    check_lines(text);
    if (size == 0) return 0;
    // The first byte: the piece size and the line limit; the rest is a stream of requests and bytes.
    std::size_t piece = data[0] % 16 + 1, max_line = data[0] / 2;
    auto stream = text.substr(1);
    pieces_stream pieces(stream, {piece});
    std::string got;
    run(read_transcript(pieces, max_line, got));
    require(got == expected_transcript(stream, max_line),
            "the reader gives the lines and bytes the stream holds");
    return 0;
}
