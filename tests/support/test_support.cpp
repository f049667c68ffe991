#include "support/test_support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include <boost/asio/connect.hpp>

#include <coronet/http/fields.hpp>

namespace coronet::testing {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;
using clock = std::chrono::steady_clock;

background_runtime::background_runtime(runtime& rt)
    : rt_(rt), stopped_(std::make_shared<std::atomic<bool>>(false)) {
    thread_ = std::thread([&rt, stopped = stopped_] {
        rt.run();
        *stopped = true;
    });
}

background_runtime::~background_runtime() {
    if (!*stopped_) rt_.shutdown();
    thread_.join();
}

bool background_runtime::wait_stopped(std::chrono::milliseconds limit) {
    return wait_until([&] { return stopped_->load(); }, limit);
}

live_http_server::live_http_server(http::router routes, http::server_options options, unsigned threads)
    : live_http_server(std::move(routes), std::move(options), runtime_options{.threads = threads}) {}

live_http_server::live_http_server(http::router routes, http::server_options options, runtime_options settings)
    : rt_([&] {
          settings.handle_signals = false;
          return settings;
      }()),
      server_(rt_, [&] {
          options.address = "127.0.0.1";
          options.port = 0;
          return options;
      }(), std::move(routes)),
      running_(rt_) {}

http::server_options live_http_server::quiet_options() {
    http::server_options o;
    o.access_log = false;
    return o;
}

std::string live_http_server::url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port()) + std::string(path);
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
    auto deadline = clock::now() + limit;
    while (!condition()) {
        if (clock::now() >= deadline) return false;
        std::this_thread::sleep_for(1ms);
    }
    return true;
}

void record::add(std::string item) {
    std::lock_guard lock(mutex_);
    items_.push_back(std::move(item));
}

std::size_t record::count(const std::string& item) const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(std::count(items_.begin(), items_.end(), item));
}

bool record::wait_for(const std::string& item, std::size_t n, std::chrono::milliseconds limit) const {
    return wait_until([&] { return count(item) >= n; }, limit);
}

namespace {
// Waits for `events` on fd until deadline; false on timeout.
bool wait_fd(int fd, short events, clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    return ::poll(&p, 1, static_cast<int>(left)) > 0;
}
}  // namespace

tcp_client::tcp_client(std::uint16_t port, std::string_view host) : socket_(ctx_) {
    socket_.connect({asio::ip::make_address(host), port});
    socket_.set_option(tcp::no_delay(true));
    socket_.non_blocking(true);
}

int tcp_client::fd() const { return const_cast<tcp::socket&>(socket_).native_handle(); }

void tcp_client::send(std::string_view data) {
    auto deadline = clock::now() + 5s;
    while (!data.empty()) {
        boost::system::error_code ec;
        std::size_t n = socket_.write_some(asio::buffer(data), ec);
        if (ec == asio::error::would_block) {
            if (!wait_fd(fd(), POLLOUT, deadline)) throw std::runtime_error("send timed out");
            continue;
        }
        if (ec) throw boost::system::system_error(ec, "send");
        data.remove_prefix(n);
    }
}

std::string tcp_client::receive(std::chrono::milliseconds limit, const std::function<bool(std::string_view)>& enough) {
    auto deadline = clock::now() + limit;
    std::string out = std::move(pending_);
    pending_.clear();
    char buf[16384];
    while (!enough(out)) {
        boost::system::error_code ec;
        std::size_t n = socket_.read_some(asio::buffer(buf), ec);
        if (ec == asio::error::would_block) {
            if (!wait_fd(fd(), POLLIN, deadline)) break;
            continue;
        }
        if (ec) break;   // eof or reset: return what we have
        out.append(buf, n);
    }
    return out;
}

std::string tcp_client::receive_all(std::chrono::milliseconds limit) {
    return receive(limit, [](std::string_view) { return false; });
}

namespace {
// Length of the first complete HTTP response in `text`, or 0 if incomplete.
std::size_t complete_response_length(std::string_view text) {
    auto head_end = text.find("\r\n\r\n");
    if (head_end == std::string_view::npos) return 0;
    auto reply = parse_http_reply(text.substr(0, head_end + 4));
    std::size_t body_start = head_end + 4;
    bool no_body = reply.status < 200 || reply.status == 204 || reply.status == 304;
    if (no_body) return body_start;
    if (http::iequals(reply.header("Transfer-Encoding"), "chunked")) {
        std::size_t pos = body_start;
        for (;;) {
            auto line_end = text.find("\r\n", pos);
            if (line_end == std::string_view::npos) return 0;
            std::size_t size = std::stoul(std::string(text.substr(pos, line_end - pos)), nullptr, 16);
            pos = line_end + 2 + size + 2;
            if (pos > text.size()) return 0;
            if (size == 0) return pos;
        }
    }
    auto length = reply.header("Content-Length");
    if (length.empty()) return 0;   // until close
    std::size_t total = body_start + std::stoul(length);
    return text.size() >= total ? total : 0;
}
}  // namespace

std::string tcp_client::receive_http_response(std::chrono::milliseconds limit) {
    std::string all = receive(limit, [](std::string_view t) { return complete_response_length(t) != 0; });
    std::size_t n = complete_response_length(all);
    if (n == 0) return all;   // incomplete (or until close): the caller's assertions will tell
    pending_ = all.substr(n);
    return all.substr(0, n);
}

std::string tcp_client::receive_http_head(std::chrono::milliseconds limit) {
    std::string all = receive(limit, [](std::string_view t) { return t.find("\r\n\r\n") != std::string_view::npos; });
    auto head_end = all.find("\r\n\r\n");
    if (head_end == std::string::npos) return all;
    pending_ = all.substr(head_end + 4);
    return all.substr(0, head_end + 4);
}

bool tcp_client::closed_within(std::chrono::milliseconds limit) {
    auto deadline = clock::now() + limit;
    char buf[4096];
    for (;;) {
        boost::system::error_code ec;
        socket_.read_some(asio::buffer(buf), ec);
        if (ec == asio::error::would_block) {
            if (!wait_fd(fd(), POLLIN, deadline)) return false;
            continue;
        }
        if (ec) return true;   // eof or reset
    }
}

void tcp_client::shutdown_send() { socket_.shutdown(tcp::socket::shutdown_send); }
void tcp_client::close() { socket_.close(); }

std::optional<std::string> udp_exchange(std::uint16_t port, std::string_view payload, std::chrono::milliseconds limit) {
    asio::io_context ctx;
    udp::socket socket(ctx, udp::endpoint(udp::v4(), 0));
    socket.send_to(asio::buffer(payload), udp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    if (!wait_fd(socket.native_handle(), POLLIN, clock::now() + limit)) return std::nullopt;
    std::string buf(65536, '\0');
    udp::endpoint from;
    std::size_t n = socket.receive_from(asio::buffer(buf), from);
    buf.resize(n);
    return buf;
}

child_process::child_process(const std::vector<std::string>& argv) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    stdout_fd_ = fds[0];
}

child_process::~child_process() {
    if (!status_) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    ::close(stdout_fd_);
}

std::optional<std::string> child_process::wait_for_line(std::string_view prefix, std::chrono::milliseconds limit) {
    auto deadline = clock::now() + limit;
    for (;;) {
        for (auto newline = buffered_.find('\n'); newline != std::string::npos; newline = buffered_.find('\n')) {
            std::string line = buffered_.substr(0, newline);
            buffered_.erase(0, newline + 1);
            if (line.starts_with(prefix)) return line;
        }
        if (!read_more(deadline)) return std::nullopt;
    }
}

bool child_process::read_more(std::chrono::steady_clock::time_point deadline) {
    if (!wait_fd(stdout_fd_, POLLIN, deadline)) return false;
    char buf[4096];
    auto n = ::read(stdout_fd_, buf, sizeof buf);
    if (n <= 0) return false;   // the program closed its stdout (exited)
    buffered_.append(buf, static_cast<std::size_t>(n));
    return true;
}

std::string child_process::read_all(std::chrono::milliseconds limit) {
    auto deadline = clock::now() + limit;
    while (read_more(deadline)) {}
    return std::exchange(buffered_, {});
}

void child_process::signal(int signo) { ::kill(pid_, signo); }

std::optional<int> child_process::wait_exit(std::chrono::milliseconds limit) {
    if (status_) return status_;
    wait_until([&] {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return true;
    }, limit);
    return status_;
}

temp_directory::temp_directory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "coronet-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

temp_directory::~temp_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::filesystem::path& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return std::move(content).str();
}

std::size_t occurrences(std::string_view text, std::string_view part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string_view::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

captured_log::captured_log(log_level level) : log(level) { log.open_file(directory_.path() / "log"); }

std::string captured_log::text() const { return read_file(directory_.path() / "log"); }

std::uint16_t port_of(std::string_view line) {
    return static_cast<std::uint16_t>(std::stoul(std::string(line.substr(line.rfind(':') + 1))));
}

std::string http_reply::header(std::string_view name) const {
    std::string_view h = head;
    std::size_t pos = h.find("\r\n");
    while (pos != std::string_view::npos && pos + 2 < h.size()) {
        std::size_t start = pos + 2;
        std::size_t end = h.find("\r\n", start);
        auto line = h.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        auto colon = line.find(':');
        if (colon != std::string_view::npos && http::iequals(line.substr(0, colon), name)) {
            auto value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            return std::string(value);
        }
        pos = end;
    }
    return {};
}

http_reply parse_http_reply(std::string_view text) {
    http_reply r;
    auto head_end = text.find("\r\n\r\n");
    r.head = std::string(text.substr(0, head_end));
    if (head_end != std::string_view::npos) r.body = std::string(text.substr(head_end + 4));
    if (text.size() >= 12 && text.starts_with("HTTP/1.")) r.status = static_cast<unsigned>(std::stoul(std::string(text.substr(9, 3))));
    if (http::iequals(r.header("Transfer-Encoding"), "chunked")) {
        // De-chunk for the test's convenience.
        std::string body;
        std::string_view b = r.body;
        for (;;) {
            auto line_end = b.find("\r\n");
            if (line_end == std::string_view::npos) break;
            std::size_t size = std::stoul(std::string(b.substr(0, line_end)), nullptr, 16);
            if (size == 0) break;
            body.append(b.substr(line_end + 2, size));
            b.remove_prefix(line_end + 2 + size + 2);
        }
        r.body = body;
    }
    return r;
}

program_run run_program(const std::vector<std::string>& argv, std::chrono::milliseconds limit) {
    child_process p{argv};
    program_run r;
    auto deadline = std::chrono::steady_clock::now() + limit;
    r.out = p.read_all(limit);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    r.status = p.wait_exit(std::max(left, std::chrono::milliseconds(1))).value_or(-1);
    return r;
}

}  // namespace coronet::testing
