#include <coronet/handlers/file_transfer_client.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <optional>
#include <system_error>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <fmt/format.h>

#include <coronet/sha256.hpp>
#include <coronet/tcp/framing.hpp>
#include <coronet/tcp/socket_stream.hpp>

#include "atomic_file.hpp"
#include "file_io.hpp"
#include "message_reader.hpp"

namespace coronet::handlers {
namespace {

namespace asio = boost::asio;
using namespace file_transfer_detail;
using clock = std::chrono::steady_clock;

constexpr std::size_t chunk_bytes = 256 * 1024;
constexpr std::uint64_t max_listing_bytes = 64 << 20;

// A socket's byte stream that notes when bytes last moved, for the watchdog.
class watched_stream final : public byte_stream {
public:
    watched_stream(asio::ip::tcp::socket& socket, clock::time_point& last_progress)
        : inner_(socket), last_progress_(last_progress) {}
    task<std::size_t> read_some(asio::mutable_buffer buffer, bool idle) override {
        auto n = co_await inner_.read_some(buffer, idle);
        last_progress_ = clock::now();
        co_return n;
    }
    task<void> write(asio::const_buffer data) override {
        co_await inner_.write(data);
        last_progress_ = clock::now();
    }

private:
    tcp::socket_stream inner_;
    clock::time_point& last_progress_;
};

// Connects and runs `exchange` on an io_context of its own, until done or until no byte has
// moved for the timeout (then the socket is closed, which fails whatever waits on it).
template <class T>
T run_exchange(const file_client_options& o, const std::function<task<T>(byte_stream&)>& exchange) {
    asio::io_context ctx;
    asio::ip::tcp::socket socket{ctx};
    asio::steady_timer watchdog{ctx};
    auto last_progress = clock::now();
    bool finished = false, timed_out = false;
    std::optional<T> result;
    std::exception_ptr failure;

    asio::co_spawn(
        ctx,
        [&]() -> task<void> {
            asio::ip::tcp::resolver resolver{ctx};
            auto endpoints = co_await resolver.async_resolve(o.host, std::to_string(o.port), asio::use_awaitable);
            co_await asio::async_connect(socket, endpoints, asio::use_awaitable);
            socket.set_option(asio::ip::tcp::no_delay(true));
            last_progress = clock::now();
            watched_stream stream{socket, last_progress};
            result.emplace(co_await exchange(stream));
        },
        [&](std::exception_ptr e) {
            failure = e;
            finished = true;
            watchdog.cancel();
        });
    asio::co_spawn(
        ctx,
        [&]() -> task<void> {
            while (!finished) {
                watchdog.expires_at(last_progress + o.timeout);
                co_await watchdog.async_wait(asio::as_tuple(asio::use_awaitable));
                if (!finished && clock::now() >= last_progress + o.timeout) {
                    timed_out = true;
                    boost::system::error_code ignored;
                    socket.close(ignored);
                    break;
                }
            }
        },
        asio::detached);
    ctx.run();

    auto where = fmt::format("{}:{}", o.host, o.port);
    if (timed_out)
        throw std::runtime_error(fmt::format("{}: nothing moved for {} ms; gave up", where, o.timeout.count()));
    if (failure) {
        try {
            std::rethrow_exception(failure);
        } catch (const boost::system::system_error& e) {
            throw std::runtime_error(fmt::format("{}: {}", where, e.code().message()));   // without Asio's source location
        }
    }
    return std::move(*result);
}

std::string clipped(std::string_view text) { return std::string(text.substr(0, 200)); }

// A reply head; throws file_transfer_refused for an ERR line.
file_protocol::reply check_reply(const std::optional<std::string>& line) {
    if (!line) throw std::runtime_error("the server closed the connection without an answer");
    auto reply = file_protocol::parse_reply(*line);
    if (!reply) throw std::runtime_error(fmt::format("the server's answer is not of this protocol: {}", clipped(*line)));
    if (!reply->ok) throw file_transfer_refused(reply->code, reply->message);
    return std::move(*reply);
}

task<file_protocol::reply> read_reply(message_reader& in) {
    auto line = co_await in.line(file_protocol::max_line_bytes, false);
    co_return check_reply(line);
}

task<void> write_text(byte_stream& s, std::string text) { co_await s.write(asio::buffer(text)); }

void report(const transfer_progress& progress, std::uint64_t done, std::uint64_t total) {
    if (progress) progress(done, total);
}

struct local_file {
    unique_fd fd;
    std::uint64_t size = 0;
};

local_file open_for_upload(const std::filesystem::path& file) {
    unique_fd fd{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
    struct stat info {};
    if (!fd || ::fstat(fd.get(), &info) != 0)
        throw std::runtime_error(fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
    if (!S_ISREG(info.st_mode)) throw std::runtime_error(fmt::format("{} is not a regular file", file.string()));
    return {std::move(fd), static_cast<std::uint64_t>(info.st_size)};
}

task<transferred_file> send_upload(byte_stream& s, int fd, std::uint64_t size, std::string digest, std::string name,
                                   const transfer_progress* progress) {
    message_reader in{s};
    co_await write_text(s, file_protocol::format_put(size, digest, name));
    auto go = co_await in.line(file_protocol::max_line_bytes, false);
    if (go != std::optional<std::string>(file_protocol::continue_line)) {
        check_reply(go);   // throws for an ERR line
        throw std::runtime_error(fmt::format("the server answered an upload with {} instead of CONTINUE", clipped(*go)));
    }
    std::vector<char> chunk(chunk_bytes);
    for (std::uint64_t sent = 0; sent < size;) {
        auto want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), size - sent));
        auto n = read_at(fd, std::span(chunk).first(want), sent);
        if (n == 0) throw std::runtime_error("the file became shorter while it was sent");
        co_await s.write(asio::buffer(chunk.data(), n));
        sent += n;
        report(*progress, sent, size);
    }
    auto stored = co_await read_reply(in);
    if (stored.size != size || stored.sha256 != digest)
        throw std::runtime_error(
            fmt::format("the server reports {} bytes with SHA-256 {}, not what was sent", stored.size, stored.sha256));
    co_return transferred_file{size, digest};
}

// The line after a GET's bytes: the digest of what the server sent.
task<std::string> read_trailer(message_reader& in) {
    std::optional<std::string> line;
    try {
        line = co_await in.line(file_protocol::max_line_bytes, false);
    } catch (const boost::system::system_error& e) {
        if (e.code() == framing_error::message_too_long)
            throw std::runtime_error(fmt::format("the server's line after the bytes is over {} bytes", file_protocol::max_line_bytes));
        if (e.code() != framing_error::truncated_message) throw;   // truncated: closed inside the line
    }
    if (!line) throw std::runtime_error("the server sent the bytes but closed the connection before their SHA-256 line");
    auto digest = file_protocol::parse_trailer(*line);
    if (!digest)
        throw std::runtime_error(fmt::format("the server's line after the bytes is not \"{} <64 hex digits>\": {}",
                                             file_protocol::trailer_keyword, clipped(*line)));
    co_return std::move(*digest);
}

task<transferred_file> receive_download(byte_stream& s, std::string name, int directory, std::string file_name,
                                        const transfer_progress* progress) {
    message_reader in{s};
    co_await write_text(s, file_protocol::format_get(name));
    auto head = co_await read_reply(in);   // an ERR throws here, before any local file exists
    if (!head.sha256.empty())
        throw std::runtime_error("the server sent the SHA-256 ahead of the bytes (protocol revision 1, an older "
                                 "coronet-files); this client expects it after them");
    atomic_file file{directory, file_name};
    try {
        file.reserve(head.size);
    } catch (const std::system_error& e) {
        throw std::runtime_error(fmt::format("no room for {} bytes here: {}", head.size, e.code().message()));
    }
    std::vector<char> chunk(chunk_bytes);
    sha256 digest;
    for (std::uint64_t received = 0; received < head.size;) {
        auto want = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), head.size - received));
        auto n = co_await in.some(std::span(chunk).first(want));
        if (n == 0)
            throw std::runtime_error(
                fmt::format("the server closed the connection after {} of {} bytes", received, head.size));
        std::string_view bytes{chunk.data(), n};
        file.write(bytes);
        digest.update(bytes);
        received += n;
        report(*progress, received, head.size);
    }
    auto got = to_hex(digest.finish());
    auto announced = co_await read_trailer(in);
    if (got != announced)
        throw std::runtime_error(fmt::format("the bytes received have SHA-256 {}, not {} as the server says", got, announced));
    file.commit();
    co_return transferred_file{head.size, got};
}

// "SIZE NAME" lines.
std::vector<listed_file> parse_listing(std::string_view body) {
    std::vector<listed_file> files;
    while (!body.empty()) {
        auto newline = body.find('\n');
        auto line = body.substr(0, newline);
        body = newline == std::string_view::npos ? std::string_view{} : body.substr(newline + 1);
        auto space = line.find(' ');
        auto size = file_protocol::parse_size(line.substr(0, space));
        if (space == std::string_view::npos || !size)
            throw std::runtime_error(fmt::format("a listing line is malformed: {}", clipped(line)));
        files.push_back({std::string(line.substr(space + 1)), *size});
    }
    return files;
}

task<std::vector<listed_file>> receive_listing(byte_stream& s) {
    message_reader in{s};
    co_await write_text(s, file_protocol::format_list());
    auto head = co_await read_reply(in);
    if (head.size > max_listing_bytes) throw std::runtime_error(fmt::format("the listing is over {} bytes", max_listing_bytes));
    std::string body(static_cast<std::size_t>(head.size), '\0');
    for (std::size_t got = 0; got < body.size();) {
        auto n = co_await in.some(std::span(body).subspan(got));
        if (n == 0) throw std::runtime_error("the server closed the connection inside the listing");
        got += n;
    }
    co_return parse_listing(body);
}

}  // namespace

transferred_file upload_file(const file_client_options& server, const std::filesystem::path& file, std::string_view name,
                             const transfer_progress& sending, const transfer_progress& hashing) {
    auto local = open_for_upload(file);
    std::vector<char> chunk(chunk_bytes);
    std::string digest;
    try {
        digest = hash_file(local.fd.get(), local.size, chunk, [&](std::uint64_t done) { report(hashing, done, local.size); });
    } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("cannot read {}: {}", file.string(), e.what()));
    }
    return run_exchange<transferred_file>(server, [&](byte_stream& s) {
        return send_upload(s, local.fd.get(), local.size, digest, std::string(name), &sending);
    });
}

transferred_file download_file(const file_client_options& server, std::string_view name,
                               const std::filesystem::path& destination, const transfer_progress& receiving) {
    auto file_name = destination.filename().string();
    if (file_name.empty() || file_name == "." || file_name == "..")
        throw std::invalid_argument("download_file: the destination names no file: " + destination.string());
    auto parent = destination.parent_path();
    auto directory = open_directory(parent.empty() ? "." : parent.string());
    return run_exchange<transferred_file>(server, [&](byte_stream& s) {
        return receive_download(s, std::string(name), directory.get(), file_name, &receiving);
    });
}

std::vector<listed_file> list_files(const file_client_options& server) {
    return run_exchange<std::vector<listed_file>>(server, [](byte_stream& s) { return receive_listing(s); });
}

}  // namespace coronet::handlers
