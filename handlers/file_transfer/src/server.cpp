#include <coronet/handlers/file_transfer_server.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <cerrno>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include <boost/system/system_error.hpp>
#include <fmt/format.h>

#include <coronet/handlers/file_name.hpp>
#include <coronet/handlers/file_protocol.hpp>
#include <coronet/log.hpp>
#include <coronet/sha256.hpp>
#include <coronet/tcp/framing.hpp>

#include "atomic_file.hpp"
#include "file_io.hpp"
#include "message_reader.hpp"

namespace coronet::handlers {
namespace {

using namespace file_transfer_detail;
using file_protocol::status_code;

struct server_state {
    file_transfer_options options;
    unique_fd directory;
    logger& log;
};

// One connection: its reader, a chunk buffer, and who it is for the log.
struct session {
    const server_state& s;
    tcp::connection& conn;
    message_reader in;
    std::vector<char> chunk;
    std::string peer;
};

struct failure {
    status_code code;
    std::string message;
};

// A failed file operation while storing `name`, as the client is told.
failure storage_failure(const std::system_error& e, std::string_view name) {
    auto error = e.code().value();
    if (error == ENOSPC || error == EDQUOT)
        return {status_code::no_space, fmt::format("the server's disk is full: no room to store {}", name)};
    return {status_code::io_error, fmt::format("cannot store {}: {}", name, e.code().message())};
}

task<void> send(session& c, std::string text) { co_await c.conn.write(boost::asio::buffer(text)); }

// Logs the refusal once (the client's fault at info, the server's at warn) and answers it.
task<void> refuse(session& c, status_code code, std::string message, log_level level = log_level::info) {
    c.s.log.log(level, "files: {}: {}: {}", c.peer, file_protocol::to_string(code), message);
    co_await send(c, file_protocol::format_error(code, message));
}

// Reads and drops `left` bytes of an upload that cannot be stored, so its reply can follow.
task<bool> discard(session& c, std::uint64_t left) {
    while (left > 0) {
        auto n = co_await c.in.some(std::span(c.chunk).first(static_cast<std::size_t>(std::min<std::uint64_t>(c.chunk.size(), left))));
        if (n == 0) co_return false;
        left -= n;
    }
    co_return true;
}

// PUT: true when the connection may go on.
task<bool> receive_upload(session& c, file_protocol::request r) {
    const auto& o = c.s.options;
    if (r.size > o.max_file_bytes) {
        co_await refuse(c, status_code::too_large,
                        fmt::format("{} bytes is over this server's limit of {} bytes", r.size, o.max_file_bytes));
        co_return false;
    }
    std::optional<atomic_file> file;
    std::optional<failure> failed;
    try {
        file.emplace(c.s.directory.get(), r.name);
        file->reserve(r.size);
    } catch (const std::system_error& e) {
        failed = storage_failure(e, r.name);
    }
    if (failed) {
        file.reset();
        co_await refuse(c, failed->code, failed->message, log_level::warn);
        co_return false;
    }
    co_await send(c, std::string(file_protocol::continue_line) + "\n");

    sha256 digest;
    std::uint64_t received = 0;
    while (received < r.size) {
        auto want = static_cast<std::size_t>(std::min<std::uint64_t>(c.chunk.size(), r.size - received));
        auto n = co_await c.in.some(std::span(c.chunk).first(want));
        if (n == 0) {
            // The client closed its side early: the file is dropped; it may still read the answer.
            file.reset();
            co_await refuse(c, status_code::size_mismatch,
                            fmt::format("the upload of {} ended after {} of {} bytes", r.name, received, r.size));
            co_return false;
        }
        std::string_view bytes{c.chunk.data(), n};
        try {
            file->write(bytes);
        } catch (const std::system_error& e) {
            failed = storage_failure(e, r.name);
        }
        if (failed) {
            // The rest of the announced bytes are read and dropped, so the answer can follow them.
            file.reset();
            bool whole = co_await discard(c, r.size - received - n);
            if (whole) co_await refuse(c, failed->code, failed->message, log_level::warn);
            co_return whole;
        }
        digest.update(bytes);
        received += n;
    }
    auto got = to_hex(digest.finish());
    if (got != r.sha256) {
        file.reset();   // gone before the client hears of it
        co_await refuse(c, status_code::digest_mismatch,
                        fmt::format("the bytes of {} have SHA-256 {}, not {} as announced; not stored", r.name, got, r.sha256));
        co_return true;
    }
    try {
        file->commit();
    } catch (const std::system_error& e) {
        failed = storage_failure(e, r.name);
    }
    if (failed) {
        file.reset();
        co_await refuse(c, failed->code, failed->message, log_level::warn);
        co_return true;
    }
    c.s.log.info("files: {}: stored {} ({} bytes)", c.peer, r.name, r.size);
    co_await send(c, file_protocol::format_ok(r.size, got));
    co_return true;
}

// GET: true when the connection may go on.
task<bool> send_file(session& c, std::string name) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
    unique_fd file{::openat(c.s.directory.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)};
    int error = file ? 0 : errno;
    struct stat info {};
    if (file && ::fstat(file.get(), &info) != 0) error = errno;
    if (!error && !S_ISREG(info.st_mode)) error = ENOENT;   // a directory, a device, a FIFO: not served
    if (error == ENOENT || error == ELOOP || error == ENOTDIR) {   // ELOOP: a symlink (O_NOFOLLOW)
        co_await refuse(c, status_code::not_found, fmt::format("no file named {}", name));
        co_return true;
    }
    if (error) {
        co_await refuse(c, status_code::io_error, fmt::format("cannot read {}: {}", name, std::strerror(error)), log_level::warn);
        co_return true;
    }
    auto size = static_cast<std::uint64_t>(info.st_size);
    // The first chunk is read before the head, so a file that cannot be read at all is answered.
    auto read_chunk = [&](std::uint64_t sent) -> std::size_t {
        auto want = static_cast<std::size_t>(std::min<std::uint64_t>(c.chunk.size(), size - sent));
        return read_at(file.get(), std::span(c.chunk).first(want), sent);
    };
    std::size_t n = 0;
    try {
        if (size > 0) n = read_chunk(0);
    } catch (const std::system_error& e) {
        error = e.code().value();
    }
    if (error || (size > 0 && n == 0)) {   // n == 0: emptied since fstat, and nothing is promised yet
        auto why = error ? std::string(std::strerror(error)) : std::string("it became shorter while it was read");
        co_await refuse(c, status_code::io_error, fmt::format("cannot read {}: {}", name, why), log_level::warn);
        co_return true;
    }
    // The digest is of the bytes as sent, in one pass: it trails them, so no byte waits for it.
    co_await send(c, file_protocol::format_ok(size));
    sha256 digest;
    for (std::uint64_t sent = 0; sent < size;) {
        if (n == 0) {
            // The size is promised already: all that can be done is to cut the reply short.
            c.s.log.warn("files: {}: {} became unreadable or shorter while it was sent; closing", c.peer, name);
            co_return false;
        }
        std::string_view bytes{c.chunk.data(), n};
        digest.update(bytes);
        co_await c.conn.write(boost::asio::buffer(bytes));
        sent += n;
        n = 0;
        try {
            if (sent < size) n = read_chunk(sent);
        } catch (const std::system_error&) {
        }
    }
    co_await send(c, file_protocol::format_trailer(to_hex(digest.finish())));
    c.s.log.info("files: {}: sent {} ({} bytes)", c.peer, name, size);
    co_return true;
}

// LIST: the regular files with names a client may ask for, sorted by name.
task<bool> send_listing(session& c) {
    std::vector<std::pair<std::string, std::uint64_t>> files;
    std::vector<std::string> names;
    std::string problem;
    try {
        names = directory_entries(c.s.directory.get());
    } catch (const std::system_error& e) {
        problem = fmt::format("cannot list the directory: {}", e.code().message());
    }
    if (!problem.empty()) {
        co_await refuse(c, status_code::io_error, problem, log_level::warn);
        co_return true;
    }
    for (auto& name : names) {
        struct stat info {};
        if (file_name_problem(name) || ::fstatat(c.s.directory.get(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(info.st_mode))
            continue;
        files.emplace_back(std::move(name), static_cast<std::uint64_t>(info.st_size));
    }
    std::sort(files.begin(), files.end());
    std::string body;
    for (const auto& [name, size] : files) fmt::format_to(std::back_inserter(body), "{} {}\n", size, name);
    co_await send(c, file_protocol::format_ok(body.size()) + body);
    co_return true;
}

task<bool> answer(session& c, file_protocol::request r) {
    switch (r.verb) {
    case file_protocol::command::put: co_return co_await receive_upload(c, std::move(r));
    case file_protocol::command::get: co_return co_await send_file(c, std::move(r.name));
    case file_protocol::command::list: co_return co_await send_listing(c);
    }
    co_return false;
}

task<void> serve(std::shared_ptr<const server_state> s, tcp::connection& conn) {
    session c{*s, conn, message_reader{conn}, std::vector<char>(s->options.chunk_bytes),
              fmt::format("{}:{}", conn.remote_endpoint().address().to_string(), conn.remote_endpoint().port())};
    for (;;) {
        std::optional<std::string> line;
        std::optional<std::string> broken;
        try {
            line = co_await c.in.line(file_protocol::max_line_bytes, true);
        } catch (const boost::system::system_error& e) {
            if (e.code() == framing_error::message_too_long)
                broken = fmt::format("a request line is over {} bytes; closing", file_protocol::max_line_bytes);
            else if (e.code() == framing_error::truncated_message)
                broken = "the last request has no line end (\\n); closing";
            else
                throw;
        }
        if (broken) {
            co_await refuse(c, status_code::bad_request, *broken);
            co_return;
        }
        if (!line) co_return;
        auto parsed = file_protocol::parse_request(*line);
        if (!parsed.value) {
            // A PUT's bytes may follow a refused line: nothing after it can be trusted to be a request.
            co_await refuse(c, parsed.code, parsed.problem);
            co_return;
        }
        if (!co_await answer(c, std::move(*parsed.value))) co_return;
    }
}

}  // namespace

tcp::connection_handler file_transfer_handler(file_transfer_options options) {
    if (options.chunk_bytes == 0) throw std::invalid_argument("file_transfer_handler: chunk_bytes is 0");
    auto& log = options.log ? *options.log : default_logger();
    auto directory = open_directory(options.directory.string());
    if (auto removed = remove_leftover_parts(directory.get()))
        log.info("files: removed {} temporary files left in {} by an earlier run", removed, options.directory.string());
    auto s = std::make_shared<const server_state>(server_state{std::move(options), std::move(directory), log});
    return [s](tcp::connection& conn) { return serve(s, conn); };
}

}  // namespace coronet::handlers
