#pragma once
// Helpers for tests that speak to real servers over loopback: a runtime on a background
// thread, blocking clients with deadlines, and waiting on a condition (never sleep-and-hope).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include <coronet/http/server.hpp>
#include <coronet/log.hpp>
#include <coronet/runtime.hpp>

namespace coronet::testing {

using namespace std::chrono_literals;

// Runs rt.run() on a thread; the destructor shuts down (gracefully) and joins.
class background_runtime {
public:
    explicit background_runtime(runtime& rt);
    ~background_runtime();
    // Waits until run() has returned, up to `limit`; true if it did.
    bool wait_stopped(std::chrono::milliseconds limit = 10s);

private:
    runtime& rt_;
    std::thread thread_;
    std::shared_ptr<std::atomic<bool>> stopped_;
};

// An HTTP server on 127.0.0.1 and a free port, serving `routes` from a background thread
// until this goes away. Access logging is off unless the options turn it on.
class live_http_server {
public:
    explicit live_http_server(http::router routes, http::server_options options = quiet_options(), unsigned threads = 1);
    // With the runtime's options (threads, grace period); signals are never handled.
    live_http_server(http::router routes, http::server_options options, runtime_options settings);
    static http::server_options quiet_options();
    std::uint16_t port() const { return server_.port(); }
    std::string url(std::string_view path) const;   // "http://127.0.0.1:PORT" + path
    const http::server& server() const { return server_; }
    // Begins the graceful shutdown SIGTERM would, without waiting for it.
    void shutdown() { rt_.shutdown(); }
    // True once the runtime has stopped, within `limit`.
    bool wait_stopped(std::chrono::milliseconds limit = 10s) { return running_.wait_stopped(limit); }

private:
    runtime rt_;
    http::server server_;
    background_runtime running_;
};

// Polls `condition` every millisecond until it holds or `limit` passes.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds limit = 5s);

// What handlers saw, added from the runtime's threads, for the test thread to wait on.
class record {
public:
    void add(std::string item);
    std::size_t count(const std::string& item) const;
    bool wait_for(const std::string& item, std::size_t n = 1, std::chrono::milliseconds limit = 5s) const;

private:
    mutable std::mutex mutex_;
    std::vector<std::string> items_;
};

// A blocking TCP client whose every read and write has a deadline (via poll()).
class tcp_client {
public:
    explicit tcp_client(std::uint16_t port, std::string_view host = "127.0.0.1");
    void send(std::string_view data);
    // Reads what arrives within `limit`, stopping at end of stream or once `enough` says so.
    std::string receive(std::chrono::milliseconds limit, const std::function<bool(std::string_view)>& enough);
    // Reads until end of stream (or `limit`).
    std::string receive_all(std::chrono::milliseconds limit = 5s);
    // Reads one full HTTP response (head + Content-Length or chunked body).
    std::string receive_http_response(std::chrono::milliseconds limit = 5s);
    // Reads the response to a HEAD request: a head whose Content-Length announces no body.
    std::string receive_http_head(std::chrono::milliseconds limit = 5s);
    // True if the peer closed (read returns 0) within `limit`.
    bool closed_within(std::chrono::milliseconds limit);
    void shutdown_send();
    void close();
    int fd() const;

private:
    boost::asio::io_context ctx_;
    boost::asio::ip::tcp::socket socket_;
    std::string pending_;   // received past the last response
};

// One UDP request and its reply, with a deadline; std::nullopt when none arrived.
std::optional<std::string> udp_exchange(std::uint16_t port, std::string_view payload,
                                        std::chrono::milliseconds limit = 2s);

// A program started for a black-box test: stdout is captured line by line, stderr goes to
// the test's stderr. The destructor kills it (SIGKILL) if it is still running.
class child_process {
public:
    explicit child_process(const std::vector<std::string>& argv);
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    // The next stdout line that starts with `prefix`, within `limit`; std::nullopt otherwise.
    std::optional<std::string> wait_for_line(std::string_view prefix, std::chrono::milliseconds limit = 10s);
    // Everything still unread on stdout up to end of stream (the program closed it or exited),
    // or what arrived by `limit`.
    std::string read_all(std::chrono::milliseconds limit = 10s);
    void signal(int signo);
    int pid() const { return pid_; }   // for /proc/PID/...
    // The exit status (or 128 + signal) once it has exited within `limit`; std::nullopt if not.
    std::optional<int> wait_exit(std::chrono::milliseconds limit = 10s);

private:
    // Appends what stdout has to buffered_; false at end of stream or once `deadline` passes.
    bool read_more(std::chrono::steady_clock::time_point deadline);

    int pid_ = -1;
    int stdout_fd_ = -1;
    std::string buffered_;
    std::optional<int> status_;
};

// A program run to its end: what it printed on stdout and its exit status (-1: it did not
// end within `limit`, and was killed).
struct program_run {
    std::string out;
    int status = -1;
};
program_run run_program(const std::vector<std::string>& argv, std::chrono::milliseconds limit = 10s);

// A fresh directory under TMPDIR, removed with everything in it when this goes away.
class temp_directory {
public:
    temp_directory();
    ~temp_directory();
    temp_directory(const temp_directory&) = delete;
    temp_directory& operator=(const temp_directory&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// `content` as the whole of the file at `path` (created or truncated); throws if it cannot be.
void write_file(const std::filesystem::path& path, std::string_view content);
// The whole file at `path`; "" when it cannot be read.
std::string read_file(const std::filesystem::path& path);

// How many times `part` is in `text` (a line in a log, say), overlapping ones included.
std::size_t occurrences(std::string_view text, std::string_view part);

// A logger writing to a file of its own, so a test can read what a server logged.
class captured_log {
public:
    explicit captured_log(log_level level = log_level::info);
    std::string text() const;   // everything logged so far

private:
    temp_directory directory_;

public:
    logger log;                 // after directory_: it writes there
};

// The port at the end of a "... listening on ADDR:PORT" line.
std::uint16_t port_of(std::string_view line);

// Parsed pieces of an HTTP response text.
struct http_reply {
    unsigned status = 0;
    std::string head;
    std::string body;
    std::string header(std::string_view name) const;   // "" when absent
};
http_reply parse_http_reply(std::string_view text);

}  // namespace coronet::testing
